/**
 * Where a world's frames come from. `every-instant`: a frame is projected at each instant and kept
 * (all of them, or those of the last stretch of the run: see FrameWindow); the compare view and replays run this way.
 * `on-demand`: only the instants' times are kept, and a frame is projected when one is asked for the
 * present (the last instant computed): the lab plays this way, so frames cost per frame drawn, not per
 * instant computed (Remus at 25 ms epochs has some 200 instants a simulated second; at 10x the page
 * draws 60 frames a wall second). A frame of an earlier instant comes from the few projected last, or
 * from a replay (exact: the run is deterministic).
 * @see ./world.ts (`recordFrames`)
 */
import { compactNumber } from '../sim/trace';
import type { Micros } from '../sim/time';
import type { EdgeRecorder } from './edge-recorder';
import type { Frame } from './frame';
import { FrameWindow } from './frame-window';

/** The frames a world answers with, as it computes instant after instant. */
export interface FrameSource {
  /** Frames kept: every instant's (or the last stretch of them); on demand, the first frame alone. */
  readonly frames: readonly Frame[];
  /** The world begins instant `t` (before any of its events). */
  begin(t: Micros): void;
  /** The world has processed instant `t` (all its events). */
  instant(t: Micros): void;
  frameAt(t: Micros): Frame;
  instantAfter(t: Micros): Micros | null;
  instantBefore(t: Micros): Micros;
}

/** What a source needs of its world: projection now, and a replay that has computed up to `t`. */
export interface FrameSourcePort {
  project(atUs: Micros): Frame;
  /** A replay of the run computed up to `t`, which records a frame at every instant around `t`. */
  replayAt(t: Micros): { readonly frames: readonly Frame[]; frameAt(t: Micros): Frame; instantBefore(t: Micros): Micros; now(): Micros; runUntil(t: Micros): boolean };
  now(): Micros;
  /** When the next instant to compute is (null: none). */
  nextAt(): Micros | null;
}

/**
 * Every instant's frame, kept for the last `keepUs` computed (further back, a replay answers); from `fromUs`
 * on only (a replay made for a later time), with the frame of the last instant before it.
 */
export function everyInstant(port: FrameSourcePort, keepUs: Micros, edgeLog: EdgeRecorder, fromUs: Micros = 0): FrameSource {
  const kept = new FrameWindow(keepUs, edgeLog, fromUs > 0);
  const record = (t: Micros) => kept.add(port.project(t));
  if (fromUs === 0) record(0);
  return {
    frames: kept.frames,
    // Before `fromUs`, the transitions of each instant are forgotten as the next begins (as on demand).
    begin(t) {
      if (t < fromUs) edgeLog.beginInstant(t);
    },
    instant(t) {
      if (t >= fromUs) return record(t);
      const next = port.nextAt();
      if (next === null || next >= fromUs) record(t);
    },
    frameAt: (t) => (kept.covers(t) ? kept.atOrBefore(t) : port.replayAt(t).frameAt(t)),
    instantAfter(t) {
      if (!kept.covers(t)) {
        // The replay computes on past `t` until it meets an instant or the frames kept here.
        const r = port.replayAt(t);
        for (;;) {
          const next = r.frames.find((f) => f.atUs > t);
          if (next) return next.atUs;
          if (r.now() >= port.now() || kept.covers(r.now())) break;
          r.runUntil(Math.min(port.now(), r.now() + Math.max(1, keepUs / 2)));
        }
      }
      return kept.after(t);
    },
    instantBefore: (t) => kept.before(t) ?? port.replayAt(Math.max(0, t - 1)).instantBefore(t),
  };
}

/** Frames projected this many at most are kept, the last ones asked for (a seek back to one of them is free). */
const RECENT = 32;

/** Instants' times only; a frame projected when asked for the present (see the module's comment). */
export function onDemand(port: FrameSourcePort, edgeLog: EdgeRecorder): FrameSource {
  const first = port.project(0);
  /** Every instant computed, in order (8 bytes each). */
  const instants: number[] = [];
  /** Frames projected lately, by instant. */
  const recent = new Map<Micros, Frame>();
  /** The instant of the last frame projected: the only one of `recent` that can be the present's (frames of the past are replayed). */
  let projectedAt: Micros = -1;
  /** The index in `instants` of the last instant at or before `t` (-1: none). */
  const lastAtOrBefore = (t: Micros): number => {
    let lo = -1;
    let hi = instants.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (instants[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return {
    frames: [first],
    begin: (t) => edgeLog.beginInstant(t),
    instant(t) {
      // As a small integer while it is one: the list then takes 4 bytes an instant, not 8 (see compactNumber).
      if (instants[instants.length - 1] !== t) instants.push(compactNumber(t));
      // The frame of the present changes with each instant (an input injected at it runs again at the same time).
      if (t === projectedAt) recent.delete(t);
    },
    frameAt(t) {
      const i = lastAtOrBefore(t);
      if (i < 0) return first;
      const at = instants[i];
      const known = recent.get(at);
      if (known) return known;
      if (i < instants.length - 1) return port.replayAt(t).frameAt(t);
      const frame = port.project(at);
      projectedAt = at;
      if (recent.size >= RECENT) recent.delete(recent.keys().next().value as Micros);
      recent.set(at, frame);
      return frame;
    },
    instantAfter(t) {
      const i = lastAtOrBefore(t) + 1;
      return i < instants.length ? instants[i] : null;
    },
    instantBefore(t) {
      const i = lastAtOrBefore(t - 1);
      return i < 0 ? 0 : instants[i];
    },
  };
}
