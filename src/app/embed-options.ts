/**
 * The embed's own options, read from URL keys (the iframe page) or from attributes (the
 * `<kemari-lab>` element): `scene` (a tour scene), `autoplay` (present, or `autoplay=1`),
 * `controls` (none, minimal, full), `theme` (light, dark, auto) and `height` (CSS pixels). The run
 * itself (scenario, preset, seed, parameters, faults, `t`) is read by `readUrl` as in the lab. A bad
 * value gets a message naming the field and what is allowed, and the field keeps its default. Pure.
 * @see ../../shared/DESIGN.md §10 (The page's contract)
 */
import type { FieldError } from '../scenarios/run-spec';
import { PARAMS } from '../scenarios/params';

export const CONTROLS = ['none', 'minimal', 'full'] as const;
export type ControlsMode = (typeof CONTROLS)[number];

export const THEMES = ['light', 'dark', 'auto'] as const;
export type Theme = (typeof THEMES)[number];

/** The smallest and largest `height`, in CSS pixels. */
export const MIN_HEIGHT_PX = 160;
export const MAX_HEIGHT_PX = 4000;

export interface EmbedOptions {
  /** A tour scene's id, or null (the run comes from the other keys). */
  readonly scene: string | null;
  /** Start playing once the widget is on screen. */
  readonly autoplay: boolean;
  readonly controls: ControlsMode;
  readonly theme: Theme;
  /** A fixed height in CSS pixels, or null to fit the content (the iframe then asks to be resized). */
  readonly heightPx: number | null;
}

export const DEFAULT_EMBED_OPTIONS: EmbedOptions = { scene: null, autoplay: false, controls: 'minimal', theme: 'auto', heightPx: null };

const SCENE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Reads the embed's options from a query string; bad values go to `errors` and keep their default. */
export function readEmbedOptions(search: string | URLSearchParams): { options: EmbedOptions; errors: FieldError[] } {
  const q = typeof search === 'string' ? new URLSearchParams(search) : search;
  const errors: FieldError[] = [];
  const o = { ...DEFAULT_EMBED_OPTIONS };

  const scene = q.get('scene');
  if (scene !== null) {
    if (SCENE_ID.test(scene)) o.scene = scene;
    else errors.push({ field: 'scene', message: `scene must be a scene id of the tour (lower-case letters, digits and "-", such as kemari-takeover); got "${scene}"` });
  }

  const autoplay = q.get('autoplay');
  if (autoplay !== null) {
    const v = autoplay.trim().toLowerCase();
    if (v === '' || v === '1' || v === 'true' || v === 'autoplay') o.autoplay = true;
    else if (v === '0' || v === 'false') o.autoplay = false;
    else errors.push({ field: 'autoplay', message: `autoplay must be present with no value, 1 or true (or 0, false to stay paused); got "${autoplay}"` });
  }

  const controls = q.get('controls');
  if (controls !== null) {
    const v = controls.trim().toLowerCase();
    if ((CONTROLS as readonly string[]).includes(v)) o.controls = v as ControlsMode;
    else errors.push({ field: 'controls', message: `controls must be one of ${CONTROLS.join(', ')}; got "${controls}"` });
  }

  const theme = q.get('theme');
  if (theme !== null) {
    const v = theme.trim().toLowerCase();
    if ((THEMES as readonly string[]).includes(v)) o.theme = v as Theme;
    else errors.push({ field: 'theme', message: `theme must be one of ${THEMES.join(', ')}; got "${theme}"` });
  }

  const height = q.get('height');
  if (height !== null) {
    const m = /^(\d+)\s*(?:px)?$/i.exec(height.trim());
    const n = m ? Number(m[1]) : Number.NaN;
    if (n >= MIN_HEIGHT_PX && n <= MAX_HEIGHT_PX) o.heightPx = n;
    else errors.push({ field: 'height', message: `height must be a whole number of CSS pixels from ${MIN_HEIGHT_PX} to ${MAX_HEIGHT_PX} (such as 420 or 420px); got "${height}"` });
  }

  return { options: o, errors };
}

/**
 * Every attribute the `<kemari-lab>` element reads, by its lower-case name (HTML lower-cases
 * attribute names: `bandwidthmbps`), with the URL key it stands for: the run's keys, the embed's
 * options, `fault` and its alias `faults`, and each parameter. `attributesToQuery` reads names from
 * here and the element observes exactly these, so the two cannot drift apart.
 */
export const ATTRIBUTE_KEYS: ReadonlyMap<string, string> = /* @__PURE__ */ new Map([
  ...['scenario', 'preset', 'scene', 'seed', 't', 'until', 'speed', 'autoplay', 'controls', 'theme', 'height'].map((name) => [name, name] as const),
  ['fault', 'fault'],
  ['faults', 'fault'],
  ...Object.keys(PARAMS).map((name) => [name.toLowerCase(), name] as const),
]);

/**
 * The query string for a `<kemari-lab>` element's attributes, so attributes and URL keys are read by
 * the same code. Names are matched whatever their case (`ATTRIBUTE_KEYS`); `fault` (or `faults`) may
 * list several faults separated by spaces or commas; global HTML attributes, `data-*` and `aria-*`
 * are skipped; any other attribute passes through under its own name (and is then reported as an
 * unknown parameter).
 */
export function attributesToQuery(attrs: Iterable<readonly [string, string]>): string {
  const q = new URLSearchParams();
  for (const [rawName, value] of attrs) {
    const name = rawName.toLowerCase();
    const key = ATTRIBUTE_KEYS.get(name);
    if (key === 'fault') {
      for (const f of value.split(/[\s,]+/)) if (f !== '') q.append('fault', f);
    } else if (key !== undefined) {
      q.append(key, value);
    } else if (!IGNORED_ATTRIBUTES.has(name) && !name.startsWith('data-') && !name.startsWith('aria-')) {
      q.append(name, value);
    }
  }
  return `?${q.toString()}`;
}

/** Global HTML attributes a page may put on the element that are not options. */
const IGNORED_ATTRIBUTES = new Set(['id', 'class', 'style', 'title', 'hidden', 'lang', 'dir', 'tabindex', 'role', 'slot', 'part', 'nonce']);
