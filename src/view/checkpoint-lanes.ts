/**
 * Remus's checkpoint pipeline as lanes, headless: over a short window around the playhead, each
 * checkpoint's pause-and-copy, send, acknowledgement and release, the outputs that left host A, and
 * (naive snapshots) the stretches in which a crash would roll the client back. Every position is a
 * function of (pipeline, outputs, t): pause, scrub and speed cost nothing. Short phases (a 150 µs
 * pause) are stretched to a minimum width so they are seen.
 *
 * Marks sit on a fixed time axis (`x = time × pxPerUs`) inside one group that the renderer shifts by
 * `offset`: while playing, only that shift and the phase under way change, not every mark. Pure.
 * @see ../../shared/DESIGN.md §4 (Remus), §8 (short pauses are stretched) and Cully et al. 2008 §2.2
 */
import { tickStep } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { formatSpanForPeople, type Micros } from '../sim/time';
import type { CheckpointTimes, PublicMark } from '../world/frame';

/** The lanes' viewBox and margins (px). */
export const LANES_BOX = { width: 720, left: 124, right: 14, top: 30, laneHeight: 34, bottom: 8 } as const;
export const LANES_HEIGHT = LANES_BOX.top + 4 * LANES_BOX.laneHeight + LANES_BOX.bottom;
/** The narrowest a phase is drawn (px), however short it was. */
export const MIN_BAR_PX = 4;
/** Where the playhead sits in the window (share of its width from the left). */
const PLAYHEAD_AT = 0.8;

export type Phase = 'pause' | 'send' | 'ack' | 'released' | 'stranded' | 'lost';

export interface LaneBar {
  readonly checkpoint: number;
  /** 0 pause + copy, 1 send, 2 ack. */
  readonly lane: 0 | 1 | 2;
  readonly startUs: Micros;
  readonly endUs: Micros;
  readonly x: number;
  readonly width: number;
  /** Still going at the playhead. */
  readonly open: boolean;
  /** Cut short by a failure (this phase never completed). */
  readonly lost: boolean;
}

export interface LanesModel {
  readonly t0: Micros;
  readonly t1: Micros;
  /** Pixels per µs of the time axis. */
  readonly pxPerUs: number;
  /** The shift that brings the time axis into the window (`windowX = x + offset`). */
  readonly offset: number;
  /** The playhead, in window coordinates (every other x is on the time axis). */
  readonly playheadX: number;
  readonly lanes: readonly string[];
  readonly ticks: readonly { x: number; label: string }[];
  readonly bars: readonly LaneBar[];
  /** Checkpoint numbers above their pause bars. */
  readonly labels: readonly { x: number; checkpoint: number }[];
  /** Commit instants: B acknowledged, disk commits, buffered output released. */
  readonly releases: readonly { x: number; checkpoint: number }[];
  /** Outputs that left a host within the window. */
  readonly outputs: readonly { key: string; x: number; from: 'A' | 'B'; kind: 'vnc' | 'packet' }[];
  /** Naive snapshots: where a crash of host A would roll the client back. */
  readonly unsafe: readonly { x: number; width: number }[];
  /** When the next checkpoint is due, if the window shows it. */
  readonly nextDueX: number | null;
  /** Where the failure that stopped the pipeline struck, if the window shows it. */
  readonly failureX: number | null;
  /** The playhead is inside the window (after a failure the window stays on the last checkpoints). */
  readonly playheadShown: boolean;
}

export interface LanesInput {
  readonly pipeline: readonly CheckpointTimes[];
  readonly t: Micros;
  /** The configured epoch (µs). */
  readonly epochUs: Micros;
  /** Output is buffered until commit (Remus) or leaves at once (naive). */
  readonly buffered: boolean;
  /** Outputs on the public network, in send order (the session's log). */
  readonly outputs?: readonly PublicMark[];
  /** When a failure (crash or cut) stopped the pipeline, if one did by `t`. */
  readonly brokenAtUs?: Micros | null;
  /** Host A is checkpointing to a standby B (the next checkpoint is due). */
  readonly running?: boolean;
}

/** The checkpoint period seen: the configured epoch or longer (checkpoints never overlap). */
export function periodUs(pipeline: readonly CheckpointTimes[], epochUs: Micros): Micros {
  let period = epochUs;
  for (let i = 1; i < pipeline.length; i++) period = Math.max(period, pipeline[i].pauseAtUs - pipeline[i - 1].pauseAtUs);
  return Math.max(1000, period);
}

/**
 * The window shown: two periods, the playhead at 80% (from 0 at the start of the run). Once the
 * pipeline has stopped (`stoppedAtUs`: a failure, or the last thing that happened), the window stays
 * there, so the last checkpoints and the failure remain in view.
 */
export function lanesWindow(pipeline: readonly CheckpointTimes[], t: Micros, epochUs: Micros, stoppedAtUs: Micros | null = null): [Micros, Micros] {
  const period = periodUs(pipeline, epochUs);
  const span = 2 * period;
  const anchor = stoppedAtUs === null ? t : Math.min(t, stoppedAtUs + Math.round(0.3 * period));
  const t0 = Math.max(0, Math.round(anchor - PLAYHEAD_AT * span));
  return [t0, t0 + span];
}

/** The last instant the pipeline did something (a pause, resume, arrival or commit) by `t`. */
function lastActivityUs(pipeline: readonly CheckpointTimes[], t: Micros): Micros | null {
  let last: Micros | null = null;
  for (const c of pipeline) {
    for (const at of [c.pauseAtUs, c.resumeAtUs, c.arrivedAtUs, c.committedAtUs]) if (at !== null && at <= t && (last === null || at > last)) last = at;
  }
  return last;
}

/**
 * Where checkpoint `c` is at `t`: pausing, sending, waiting for the ack, released; or, when a failure
 * struck while it was under way, `stranded` (it reached B, its ack never reached A) or `lost`.
 */
export function phaseAt(c: CheckpointTimes, t: Micros, brokenAtUs: Micros | null = null): Phase {
  if (c.committedAtUs !== null && c.committedAtUs <= t) return 'released';
  if (brokenAtUs !== null && brokenAtUs <= t && brokenAtUs >= c.pauseAtUs) {
    return c.arrivedAtUs !== null && c.arrivedAtUs <= t ? 'stranded' : 'lost';
  }
  if (c.resumeAtUs === null || c.resumeAtUs > t) return 'pause';
  if (c.arrivedAtUs === null || c.arrivedAtUs > t) return 'send';
  return 'ack';
}

/** The newest checkpoint begun by `t`, or null. */
export function currentCheckpoint(pipeline: readonly CheckpointTimes[], t: Micros): CheckpointTimes | null {
  for (let i = pipeline.length - 1; i >= 0; i--) if (pipeline[i].pauseAtUs <= t) return pipeline[i];
  return null;
}

/** The first index of `log` sent at or after `t` (the log is in send order). */
function firstSentFrom(log: readonly PublicMark[], t: Micros): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (log[mid].sentAtUs < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Naive snapshots: an output host A sent at `s` is unsafe until B receives the first checkpoint taken
 * at or after `s` (until then B's state predates it). The union of those stretches up to `t`. Disk
 * writes are not in the public log, so only frames and packets count here.
 */
export function unsafeSpans(
  pipeline: readonly CheckpointTimes[],
  outputs: readonly PublicMark[],
  fromUs: Micros,
  t: Micros,
  brokenAtUs: Micros | null,
): [Micros, Micros][] {
  const stop = brokenAtUs !== null && brokenAtUs <= t ? brokenAtUs : t;
  const spans: [Micros, Micros][] = [];
  for (let i = firstSentFrom(outputs, fromUs); i < outputs.length && outputs[i].sentAtUs <= stop; i++) {
    const o = outputs[i];
    if (o.from !== 'A') continue;
    const c = pipeline.find((p) => p.pauseAtUs >= o.sentAtUs);
    const end = c && c.arrivedAtUs !== null && c.arrivedAtUs <= stop ? c.arrivedAtUs : stop;
    const last = spans[spans.length - 1];
    if (last && o.sentAtUs <= last[1]) last[1] = Math.max(last[1], end);
    else if (end > o.sentAtUs) spans.push([o.sentAtUs, end]);
  }
  return spans;
}

/** Lay out the lanes at playhead `t`. */
export function lanesModel(input: LanesInput): LanesModel {
  const { pipeline, t, epochUs, buffered, outputs = [], brokenAtUs = null, running = true } = input;
  const broken = brokenAtUs !== null && brokenAtUs <= t ? brokenAtUs : null;
  const stoppedAtUs = running ? null : (broken ?? lastActivityUs(pipeline, t));
  const [t0, t1] = lanesWindow(pipeline, t, epochUs, stoppedAtUs);
  const { width, left, right } = LANES_BOX;
  const pxPerUs = (width - left - right) / (t1 - t0);
  const x = (at: Micros) => at * pxPerUs;
  const offset = left - t0 * pxPerUs;

  const bars: LaneBar[] = [];
  const labels: { x: number; checkpoint: number }[] = [];
  const releases: { x: number; checkpoint: number }[] = [];
  const bar = (c: CheckpointTimes, lane: 0 | 1 | 2, startUs: Micros, endUs: Micros | null) => {
    if (startUs > t) return;
    const { checkpoint } = c;
    // A phase that never ended, of a checkpoint under way when the failure struck.
    const lost = endUs === null && broken !== null && broken >= c.pauseAtUs;
    const end = endUs !== null && endUs <= t ? endUs : lost ? Math.max(startUs, broken as Micros) : t;
    if (end < t0 || startUs > t1) return;
    const x0 = x(startUs);
    bars.push({ checkpoint, lane, startUs, endUs: end, x: x0, width: Math.max(MIN_BAR_PX, x(end) - x0), open: endUs === null && !lost, lost });
  };
  for (const c of pipeline) {
    bar(c, 0, c.pauseAtUs, c.resumeAtUs);
    if (c.resumeAtUs !== null) bar(c, 1, c.resumeAtUs, c.arrivedAtUs);
    if (c.arrivedAtUs !== null) bar(c, 2, c.arrivedAtUs, c.committedAtUs);
    if (c.pauseAtUs >= t0 && c.pauseAtUs <= Math.min(t, t1)) labels.push({ x: x(c.pauseAtUs), checkpoint: c.checkpoint });
    if (c.committedAtUs !== null && c.committedAtUs >= t0 && c.committedAtUs <= Math.min(t, t1)) releases.push({ x: x(c.committedAtUs), checkpoint: c.checkpoint });
  }

  const shown: { key: string; x: number; from: 'A' | 'B'; kind: 'vnc' | 'packet' }[] = [];
  const until = Math.min(t, t1);
  for (let i = firstSentFrom(outputs, t0); i < outputs.length && outputs[i].sentAtUs <= until && shown.length < 400; i++) {
    const o = outputs[i];
    // (The client's requests travel the public network too, inbound: they are no output.)
    if (o.kind === 'request') continue;
    shown.push({ key: `${o.from}${o.output}@${o.sentAtUs}`, x: x(o.sentAtUs), from: o.from, kind: o.kind });
  }

  const unsafe = buffered
    ? []
    : unsafeSpans(pipeline, outputs, t0 - 2 * periodUs(pipeline, epochUs), t, broken)
        .filter(([a, b]) => b >= t0 && a <= t1)
        .map(([a, b]) => ({ x: x(a), width: Math.max(MIN_BAR_PX / 2, x(b) - x(a)) }));

  const last = pipeline[pipeline.length - 1];
  let nextDueX: number | null = null;
  if (running && last && last.committedAtUs !== null) {
    const due = Math.max(last.pauseAtUs + epochUs, last.committedAtUs);
    if (due > t && due <= t1) nextDueX = x(due);
  }

  const step = tickStep(t0, t1, 6);
  const decimals = step >= 1000 ? 0 : Math.ceil(-Math.log10(step / 1000));
  const ticks = scaleLinear()
    .domain([t0, t1])
    .ticks(6)
    .map((v) => ({ x: x(v), label: `${(v / 1000).toFixed(decimals)} ms` }));

  return {
    t0,
    t1,
    pxPerUs,
    offset,
    playheadX: left + (Math.min(t, t1) - t0) * pxPerUs,
    lanes: ['pause + copy', 'send', 'ack', buffered ? 'release' : 'output out'],
    ticks,
    bars,
    labels,
    releases,
    outputs: shown,
    unsafe,
    nextDueX,
    failureX: broken !== null && broken >= t0 && broken <= t1 ? x(broken) : null,
    playheadShown: t <= t1,
  };
}

/** What the newest checkpoint is doing at `t`, in words (the lanes' accessible summary and caption). */
export function checkpointText(c: CheckpointTimes | null, t: Micros, buffered: boolean, brokenAtUs: Micros | null = null): string {
  if (!c) return 'no checkpoint yet (B holds the initial copy)';
  const n = `checkpoint ${c.checkpoint}`;
  switch (phaseAt(c, t, brokenAtUs)) {
    case 'pause':
      return `${n}: guest paused, copying ${c.pages} dirty pages to a staging buffer`;
    case 'send':
      return `${n}: guest running again (speculatively); sending ${c.pages} pages to B`;
    case 'ack':
      return `${n}: arrived on B; its acknowledgement is on the way back`;
    case 'stranded':
      return `${n}: reached B, but its acknowledgement never reached host A${buffered ? ' (its output was never released)' : ''}`;
    case 'lost':
      return `${n}: never completed (a failure cut it short); B keeps the one before`;
    case 'released': {
      const parts = [
        `paused ${formatSpanForPeople((c.resumeAtUs as number) - c.pauseAtUs)} to copy ${c.pages} pages`,
        `sent in ${formatSpanForPeople((c.arrivedAtUs as number) - (c.resumeAtUs as number))}`,
        `acknowledged ${formatSpanForPeople((c.committedAtUs as number) - (c.arrivedAtUs as number))} later`,
      ];
      return `${n}: ${parts.join(' · ')}${buffered ? '; its output released' : ''}`;
    }
  }
}
