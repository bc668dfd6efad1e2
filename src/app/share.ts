/**
 * What the Share & embed dialog offers, as pure functions: the link to this moment of the lab, the
 * address of the embeddable widget for the current run with the options a writer picks, and the two
 * snippets that embed it (an `<iframe>` of embed.html, the `<kemari-lab>` element with its script).
 * Attribute values are escaped, so a snippet pasted into a page is exactly the run it names.
 * @see ./embed-options.ts (the widget's options) and ./url-state.ts (the lab's address)
 */
import type { RunSpec } from '../scenarios/run-spec';
import { getScenario } from '../scenarios/index';
import type { Micros } from '../sim/time';
import type { ControlsMode, Theme } from './embed-options';
import type { PanelId } from './panels';
import { escapeXml as attr } from '../view/escape';
import { writeUrl } from './url-state';

/** The options the dialog offers for the widget. */
export interface ShareOptions {
  readonly controls: ControlsMode;
  readonly theme: Theme;
  readonly autoplay: boolean;
  /** A tour scene instead of the run (null: the run). */
  readonly scene: string | null;
  /** Start the widget at the lab's playhead (else at 0). */
  readonly fromHere: boolean;
  /** The iframe's height (CSS px). */
  readonly heightPx: number;
}

/** The height the widget settles at in a 640 px column: 617 with the minimal controls, 767 for a scene (README, "Embed it"). */
export function defaultHeight(o: Pick<ShareOptions, 'controls' | 'scene'>): number {
  if (o.scene !== null) return 767;
  return o.controls === 'full' ? 760 : o.controls === 'none' ? 560 : 617;
}

export const DEFAULT_SHARE: ShareOptions = { controls: 'minimal', theme: 'auto', autoplay: false, scene: null, fromHere: true, heightPx: 617 };

/** The lab's address at this moment: `page` is the page's address (any query is replaced). */
export function labLink(page: string, spec: RunSpec, t: Micros, speed: number, panel: PanelId | null): string {
  const url = new URL(page);
  url.search = writeUrl(spec, t, speed, panel ? [panel] : []);
  url.hash = '';
  return url.href;
}

/** The query of embed.html for the current run (or a scene) with the chosen options: the run's keys, then the widget's. */
export function embedQuery(spec: RunSpec, t: Micros, o: ShareOptions): string {
  const q = new URLSearchParams();
  if (o.scene !== null) q.set('scene', o.scene);
  else {
    const run = new URLSearchParams(writeUrl(spec, t));
    for (const [k, v] of run) if (k !== 'v' && (k !== 't' || (o.fromHere && t > 0))) q.append(k, v);
  }
  q.set('controls', o.controls);
  if (o.theme !== 'auto') q.set('theme', o.theme);
  if (o.autoplay) q.set('autoplay', '1');
  return `?${q.toString()}`;
}

/** embed.html's address beside the page at `page`. */
export function embedUrl(page: string, query: string): string {
  const url = new URL('embed.html', page);
  url.search = query;
  return url.href;
}

/** The widget's accessible title: `Kemari Lab: Kemari takeover`. */
export function widgetTitle(spec: RunSpec, o: ShareOptions): string {
  return `Kemari Lab: ${o.scene !== null ? `the tour's scene ${o.scene}` : (getScenario(spec.scenario)?.title ?? spec.scenario)}`;
}

/** The `<iframe>` snippet for `src`. */
export function iframeSnippet(src: string, title: string, heightPx: number): string {
  return `<iframe src="${attr(src)}"\n        title="${attr(title)}" width="640" height="${heightPx}" style="border:0" loading="lazy"></iframe>`;
}

/**
 * The `<kemari-lab>` snippet: the element's script beside the page at `page`, and the element with one
 * attribute per key of `query` (faults joined by spaces; `autoplay` as a bare attribute).
 */
export function elementSnippet(page: string, query: string, title: string): string {
  const script = new URL('kemari-lab.js', page).href;
  const q = new URLSearchParams(query);
  const attrs: string[] = [];
  const faults = q.getAll('fault');
  for (const [k, v] of q) {
    if (k === 'fault') continue;
    attrs.push(k === 'autoplay' ? 'autoplay' : `${k.toLowerCase()}="${attr(v)}"`);
  }
  if (faults.length > 0) attrs.push(`faults="${attr(faults.join(' '))}"`);
  const lab = new URL('./', page).href;
  return `<script src="${attr(script)}" defer></script>\n<kemari-lab ${attrs.join(' ')}>\n  <a href="${attr(lab)}">${attr(title)}</a>\n</kemari-lab>`;
}

/** The note a page served from a file shows: its links and widgets work only from a web address. */
export function fileNote(protocol: string): string | null {
  return protocol === 'file:'
    ? 'This lab is open from a file on this computer: the link and the embed work once the lab is served from a web address (copy dist/ to a web server).'
    : null;
}
