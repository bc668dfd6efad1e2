/**
 * The `<kemari-lab>` custom element: the embedded widget in a shadow root (so the host page's styles
 * and ours never mix), built as one script with everything inlined (vite.element.config.ts). Options
 * are its attributes, named as the URL keys (`scenario="kemari" controls="minimal" autoplay`);
 * changing one rebuilds the widget. Methods `play()`, `pause()`, `seek(t)` and `crash(host)`: called
 * before the widget has started (its setup is asynchronous) they are kept and carried out in order
 * once it has. `ready` is a promise that settles when the widget has started with its current
 * attributes (rejected if it could not start). Events `kemari-lab:ready`, `kemari-lab:state`,
 * `kemari-lab:crashed` and `kemari-lab:session` (the message as `detail`), bubbling out of the shadow
 * root. The element's light-DOM children (a poster or a link) show where scripts cannot run, while
 * the widget is starting, and again if it could not start; they are hidden once it has started.
 */
import { mount, unmount } from 'svelte';
import EmbedApp from './EmbedApp.svelte';
import css from './embed.css?inline';
import { parseCommand, type EmbedCommand, type EmbedEvent } from './embed-messages';
import { ATTRIBUTE_KEYS, attributesToQuery } from './embed-options';
import { setUpEmbed } from './embed-setup';

/** The full lab beside this script (`kemari-lab.js` ships next to `index.html`). */
const SCRIPT_SRC = (document.currentScript as HTMLScriptElement | null)?.src ?? null;
const LAB_HREF = SCRIPT_SRC ? new URL('./index.html', SCRIPT_SRC).href : null;

type App = { command(cmd: EmbedCommand): void; stats(): { framesDrawn: number; t: number; playing: boolean } };

export class KemariLabElement extends HTMLElement {
  /** Every attribute the widget reads (the list `attributesToQuery` uses): changing one rebuilds it. */
  static readonly observedAttributes = [...ATTRIBUTE_KEYS.keys()];

  private readonly shadow: ShadowRoot;
  /** Shows the light-DOM children (the fallback) until the widget has started, and if it cannot. */
  private readonly fallback: HTMLSlotElement;
  private app: App | null = null;
  private mountPoint: HTMLElement | null = null;
  /** Bumped on every rebuild, so a setup that finishes late is dropped. */
  private generation = 0;
  private rebuildQueued = false;
  /** Commands given while no widget is up for the current attributes, carried out once one is. */
  private pending: EmbedCommand[] = [];
  private readyPromise!: Promise<void>;
  private settleReady: ((err?: { reason: unknown }) => void) | null = null;

  constructor() {
    super();
    this.shadow = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = css;
    this.fallback = document.createElement('slot');
    this.shadow.append(style, this.fallback);
    this.awaitStart();
  }

  connectedCallback(): void {
    this.scheduleRebuild();
  }

  disconnectedCallback(): void {
    this.generation++;
    this.teardown();
    this.shadow.append(this.fallback);
  }

  attributeChangedCallback(): void {
    // Several attributes set in a row (or the attributes of a new element) rebuild once.
    if (this.isConnected) this.scheduleRebuild();
  }

  /**
   * Settles when the widget has started with its current attributes: resolved once it is on the page,
   * rejected with the reason if it could not start. A change of attribute gives a new promise.
   */
  get ready(): Promise<void> {
    return this.readyPromise;
  }

  /** Plays (once on screen). */
  play(): void {
    this.send({ type: 'kemari-lab:play' });
  }

  pause(): void {
    this.send({ type: 'kemari-lab:pause' });
  }

  /** Moves the playhead: `t` in µs, or a duration such as `2.5s`. */
  seek(t: number | string): void {
    this.send({ type: 'kemari-lab:seek', t });
  }

  /** Crashes host A (or B) now; Kemari powers it off. */
  crash(host: 'A' | 'B' = 'A'): void {
    this.send({ type: 'kemari-lab:crash', host });
  }

  /** Animation frames drawn, the playhead (µs) and whether it plays (benches and tests read it). */
  get stats(): { framesDrawn: number; t: number; playing: boolean } | null {
    return this.app?.stats() ?? null;
  }

  private send(msg: unknown): void {
    const cmd = parseCommand(msg);
    if (!cmd) return;
    // While (re)building, the widget on the page (if any) is about to be replaced: keep the command.
    if (this.app && !this.settleReady) this.app.command(cmd);
    else this.pending.push(cmd);
  }

  private emit = (e: EmbedEvent): void => {
    this.dispatchEvent(new CustomEvent(e.type, { detail: e, bubbles: true, composed: true }));
  };

  /** A new `ready` promise, unless one is still waiting. */
  private awaitStart(): void {
    if (this.settleReady) return;
    this.readyPromise = new Promise<void>((resolve, reject) => {
      this.settleReady = (err) => {
        this.settleReady = null;
        if (err) reject(err.reason);
        else resolve();
      };
    });
    // Nobody has to listen: a widget that cannot start says so on the console, not as an unhandled rejection.
    this.readyPromise.catch(() => {});
  }

  private teardown(): void {
    if (this.app) unmount(this.app);
    this.app = null;
    this.mountPoint?.remove();
    this.mountPoint = null;
  }

  private scheduleRebuild(): void {
    this.awaitStart();
    if (this.rebuildQueued) return;
    this.rebuildQueued = true;
    queueMicrotask(() => {
      this.rebuildQueued = false;
      if (this.isConnected) void this.rebuild();
    });
  }

  private async rebuild(): Promise<void> {
    const generation = ++this.generation;
    const attrs = Array.from(this.attributes, (a) => [a.name, a.value] as const);
    let app: App;
    try {
      const setup = await setUpEmbed(attributesToQuery(attrs));
      if (generation !== this.generation) return;
      this.teardown();
      this.mountPoint = document.createElement('div');
      this.shadow.append(this.mountPoint);
      app = this.app = mount(EmbedApp, {
        target: this.mountPoint,
        props: { ...setup, labHref: LAB_HREF, emit: this.emit },
      }) as App;
    } catch (err) {
      if (generation !== this.generation) return;
      this.teardown();
      this.shadow.append(this.fallback);
      console.error('kemari-lab could not start', err);
      this.settleReady?.({ reason: err });
      return;
    }
    this.fallback.remove();
    this.settleReady?.();
    const pending = this.pending;
    this.pending = [];
    for (const cmd of pending) app.command(cmd);
  }
}

if (!customElements.get('kemari-lab')) customElements.define('kemari-lab', KemariLabElement);

declare global {
  interface HTMLElementTagNameMap {
    /** Kemari Lab's widget: `document.querySelector('kemari-lab')` is typed (custom-elements.json describes it). */
    'kemari-lab': KemariLabElement;
  }
}
