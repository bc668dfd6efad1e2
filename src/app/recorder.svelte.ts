/**
 * Records a time range of a run as video and animated GIF, frame by frame and the same every time:
 * frame k is the run at `from + k · speed / fps` (./record-plan.ts), drawn by the page's own stage and
 * xclock (mounted out of sight on a world of their own, so the lab on screen is not touched), made into
 * one standalone SVG (1280x720 units: a title line, the stage, the clock and its words, the run's
 * description), painted on a canvas of the chosen size and handed to the encoders (./encoders.ts). No
 * screen capture and no wall clock: a slow machine takes longer, the file is the same. Loaded on demand.
 */
import { flushSync, mount, unmount } from 'svelte';
import type { RunSpec } from '../scenarios/run-spec';
import { formatInstantForPeople } from '../sim/time';
import { drawSvgText, standaloneCopy } from '../view/picture';
import Stage from '../view/Stage.svelte';
import XClock from '../view/XClock.svelte';
import { createWorld } from '../world/world';
import { canEncodeWebm, gifEncoder, webmEncoder, type FrameEncoder } from './encoders';
import { frameCount, frameInstant, type RecordPlan } from './record-plan';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** The picture's units: everything is laid out on 1280x720 and scaled to the chosen size. */
const W = 1280;
const H = 720;

export interface RecordProgress {
  readonly done: number;
  readonly total: number;
}

export interface Recording {
  readonly webm: Blob | null;
  readonly gif: Blob | null;
  readonly frames: number;
  /** Why a format asked for was not made (this browser cannot encode it), or null. */
  readonly skipped: string | null;
}

export interface RecordOptions {
  /** The title line: the technique and the scene (`Kemari · the takeover`). */
  readonly title: string;
  /** The run in words, at the foot (`seed 1 · host A crashes at 2 s`). */
  readonly caption: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: RecordProgress) => void;
}

/** Thrown when the recording was cancelled. */
export class RecordingCancelled extends Error {
  constructor() {
    super('the recording was cancelled');
    this.name = 'RecordingCancelled';
  }
}

function svgEl<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A copy of `svg` (looks inlined) placed at `x`, `y` in a `w` x `h` box of the picture. */
function placed(svg: SVGSVGElement, x: number, y: number, w: number, h: number): SVGSVGElement {
  const copy = standaloneCopy(svg);
  copy.setAttribute('x', String(x));
  copy.setAttribute('y', String(y));
  copy.setAttribute('width', String(w));
  copy.setAttribute('height', String(h));
  copy.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  return copy;
}

/** The texts of the clock's words, as they look on the page (empty when not shown). */
function words(root: Element, selector: string): { text: string; colour: string } {
  const el = root.querySelector<HTMLElement>(selector);
  if (!el) return { text: '', colour: '' };
  return { text: (el.textContent ?? '').replace(/\s+/g, ' ').trim(), colour: getComputedStyle(el).color };
}

/** The page's colours and font, for the picture's own words and background. */
interface PageLook {
  readonly ink: string;
  readonly muted: string;
  readonly font: string;
  readonly background: string;
}

function pageLook(): PageLook {
  const page = getComputedStyle(document.body);
  const ink = page.color || '#1a1a1a';
  const muted = getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || ink;
  return { ink, muted, font: page.fontFamily || 'sans-serif', background: page.backgroundColor || '#ffffff' };
}

/** One frame of the recording as SVG text, from the mounted stage and clock. */
function compose(stageBox: Element, clockBox: Element, t: number, look: PageLook, options: RecordOptions, plan: RecordPlan): string {
  const { ink, muted, font } = look;
  const root = svgEl('svg', { xmlns: SVG_NS, width: plan.width, height: plan.height, viewBox: `0 0 ${W} ${H}`, 'font-family': font });
  root.append(svgEl('rect', { width: W, height: H, fill: look.background }));
  root.append(svgEl('text', { x: 24, y: 42, 'font-size': 28, 'font-weight': 700, fill: ink }, options.title));
  root.append(svgEl('text', { x: W - 24, y: 42, 'font-size': 28, 'font-weight': 700, fill: ink, 'text-anchor': 'end' }, formatInstantForPeople(t)));
  const stage = stageBox.querySelector<SVGSVGElement>('svg.stage');
  if (stage) root.append(placed(stage, 12, 62, 968, 571));
  const clock = clockBox.querySelector<SVGSVGElement>('svg');
  if (clock) root.append(placed(clock, 1000, 80, 260, 260));
  const lines = [
    { ...words(clockBox, '.digital'), size: 40, weight: 700 },
    { ...words(clockBox, '.session'), size: 20, weight: 400 },
    { ...words(clockBox, '.waiting'), size: 20, weight: 700 },
    { ...words(clockBox, '.prospect'), size: 16, weight: 400 },
  ];
  let y = 395;
  for (const line of lines) {
    if (!line.text) continue;
    root.append(svgEl('text', { x: 1130, y, 'font-size': line.size, 'font-weight': line.weight, fill: line.colour || ink, 'text-anchor': 'middle' }, line.text));
    y += line.size + 16;
  }
  root.append(svgEl('text', { x: 24, y: H - 28, 'font-size': 18, fill: muted }, options.caption));
  return new XMLSerializer().serializeToString(root);
}


/** Lets the page breathe (and the stage's parts that load on demand arrive). */
const breathe = () => new Promise<void>((r) => setTimeout(r, 0));

/** Records `plan` of the run `spec`: the WebM and the GIF it asks for (a format this browser cannot make is skipped, and said). */
export async function record(spec: RunSpec, plan: RecordPlan, options: RecordOptions): Promise<Recording> {
  const total = frameCount(plan);
  const world = createWorld(spec, { recordFrames: 'on-demand' });
  world.runUntil(plan.toUs);
  let skipped: string | null = null;
  const wantWebm = plan.webm && (await canEncodeWebm(plan.width, plan.height, plan.fps));
  if (plan.webm && !wantWebm) skipped = 'This browser cannot encode video here (no WebCodecs VP8 encoder), so there is no WebM; the GIF is made the same way.';
  if (!wantWebm && !plan.gif) throw new Error(skipped ?? 'nothing to record');

  // The stage and the clock, out of sight but laid out (styles are read from them).
  const box = document.createElement('div');
  box.setAttribute('aria-hidden', 'true');
  box.inert = true;
  box.style.cssText = 'position:fixed;left:-20000px;top:0;width:1000px;pointer-events:none;';
  document.body.append(box);
  const stageBox = box.appendChild(document.createElement('div'));
  const clockBox = box.appendChild(document.createElement('div'));
  clockBox.style.width = '320px';
  const at0 = plan.fromUs;
  const first = world.frameAt(at0);
  const stageProps = $state({ frame: first, t: at0, speed: plan.speed, linkLog: world.linkLog, publicLog: world.publicLog });
  const clockProps = $state({ client: first.client, t: at0 });
  const stageView = mount(Stage, { target: stageBox, props: stageProps });
  const clockView = mount(XClock, { target: clockBox, props: clockProps });
  const canvas = document.createElement('canvas');
  canvas.width = plan.width;
  canvas.height = plan.height;
  const context = canvas.getContext('2d', { willReadFrequently: plan.gif });
  const webm = wantWebm ? webmEncoder(plan.width, plan.height, plan.fps) : null;
  const gif = plan.gif ? gifEncoder(plan.width, plan.height, plan.fps) : null;
  const encoders = [webm, gif].filter((e): e is FrameEncoder => e !== null);
  try {
    if (!context) throw new Error('this browser has no 2D canvas');
    const look = pageLook();
    flushSync();
    // Parts of the stage a technique loads on demand come in a task or two.
    for (let i = 0; i < 3; i++) await breathe();
    for (let k = 0; k < total; k++) {
      if (options.signal?.aborted) throw new RecordingCancelled();
      const t = frameInstant(plan, k);
      const frame = world.frameAt(t);
      stageProps.frame = frame;
      stageProps.t = t;
      clockProps.client = frame.client;
      clockProps.t = t;
      flushSync();
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, plan.width, plan.height);
      await drawSvgText(compose(stageBox, clockBox, t, look, options, plan), context);
      for (const e of encoders) await e.add(canvas, context, k);
      options.onProgress?.({ done: k + 1, total });
    }
    if (options.signal?.aborted) throw new RecordingCancelled();
    return { webm: webm && (await webm.finish()), gif: gif && (await gif.finish()), frames: total, skipped };
  } catch (err) {
    for (const e of encoders) e.close();
    throw err;
  } finally {
    void unmount(stageView);
    void unmount(clockView);
    box.remove();
  }
}
