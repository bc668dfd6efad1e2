/**
 * The `<kemari-lab>` custom element: the embedded widget in a shadow root (so the host page's styles
 * and ours never mix), built as one script with everything inlined (vite.element.config.ts). Options
 * are its attributes, named as the URL keys (`scenario="kemari" controls="minimal" autoplay`);
 * changing one rebuilds the widget. Methods `play()`, `pause()`, `seek(t)` and `crash(host)`; events
 * `kemari-lab:ready`, `kemari-lab:state`, `kemari-lab:crashed` and `kemari-lab:session` (the message
 * as `detail`), bubbling out of the shadow root. The element's light-DOM children show where scripts
 * cannot run (a poster or a link), and are hidden once it starts.
 */
import { mount, unmount } from 'svelte';
import EmbedApp from './EmbedApp.svelte';
import css from './embed.css?inline';
import { parseCommand, type EmbedCommand, type EmbedEvent } from './embed-messages';
import { PARAMS } from '../scenarios/params';
import { attributesToQuery } from './embed-options';
import { setUpEmbed } from './embed-setup';

/** The full lab beside this script (`kemari-lab.js` ships next to `index.html`). */
const SCRIPT_SRC = (document.currentScript as HTMLScriptElement | null)?.src ?? null;
const LAB_HREF = SCRIPT_SRC ? new URL('./index.html', SCRIPT_SRC).href : null;

type App = { command(cmd: EmbedCommand): void; stats(): { framesDrawn: number; t: number; playing: boolean } };

export class KemariLabElement extends HTMLElement {
  /** Every option and parameter attribute: changing one rebuilds the widget. */
  static readonly observedAttributes = [
    ...['scenario', 'preset', 'scene', 'seed', 'fault', 't', 'until', 'speed', 'autoplay', 'controls', 'theme', 'height'],
    ...Object.keys(PARAMS).map((name) => name.toLowerCase()),
  ];

  private readonly shadow: ShadowRoot;
  private app: App | null = null;
  private mountPoint: HTMLElement | null = null;
  /** Bumped on every rebuild, so a setup that finishes late is dropped. */
  private generation = 0;
  private rebuildQueued = false;

  constructor() {
    super();
    this.shadow = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = css;
    this.shadow.append(style);
  }

  connectedCallback(): void {
    this.rebuild();
  }

  disconnectedCallback(): void {
    this.generation++;
    this.teardown();
  }

  attributeChangedCallback(): void {
    // Several attributes set in a row rebuild once.
    if (!this.isConnected || this.rebuildQueued) return;
    this.rebuildQueued = true;
    queueMicrotask(() => {
      this.rebuildQueued = false;
      if (this.isConnected) this.rebuild();
    });
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
    if (cmd) this.app?.command(cmd);
  }

  private emit = (e: EmbedEvent): void => {
    this.dispatchEvent(new CustomEvent(e.type, { detail: e, bubbles: true, composed: true }));
  };

  private teardown(): void {
    if (this.app) unmount(this.app);
    this.app = null;
    this.mountPoint?.remove();
    this.mountPoint = null;
  }

  private rebuild(): void {
    const generation = ++this.generation;
    const attrs = Array.from(this.attributes, (a) => [a.name, a.value] as const);
    setUpEmbed(attributesToQuery(attrs)).then(
      (setup) => {
        if (generation !== this.generation) return;
        this.teardown();
        this.mountPoint = document.createElement('div');
        this.shadow.append(this.mountPoint);
        this.app = mount(EmbedApp, {
          target: this.mountPoint,
          props: { ...setup, labHref: LAB_HREF, emit: this.emit },
        }) as App;
      },
      (err: unknown) => console.error('kemari-lab could not start', err),
    );
  }
}

if (!customElements.get('kemari-lab')) customElements.define('kemari-lab', KemariLabElement);
