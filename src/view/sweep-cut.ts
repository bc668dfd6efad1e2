/**
 * When the end of a run cuts a figure short: the client stall of a run whose viewer was still waiting
 * for its next frame when the run ended would be longer in a longer run, so the chart shows it as a
 * lower bound ("at least 16 s (cut by the run's end)"). Pure.
 *
 * The rule, from what a sweep row and its run's spec say:
 * - the session is stalled at the end: the frame it waits for is still missing, and its lateness
 *   counts up to the end of the run. Certain.
 * - the session is down (lost, or reset by a rollback): the viewer takes nothing more, and its stall
 *   stopped growing when it went down. Never cut.
 * - the session is connected, host A crashed at a known time, no takeover finished before the end, and
 *   the stall reaches from about the crash to the end (crash + stall + one frame interval ≥ the run's
 *   length): the next frame was due but not yet overdue by the 0.1 s that makes a stall. "About": a
 *   row does not carry the time of the last frame, which came at most a frame interval before the crash.
 * A run whose takeover finished before its end is never marked: its frames came back.
 * @see ../machines/client.machine.ts (stalled while a frame is overdue; lost or reset for good)
 */
import { isTimed, type Fault } from '../scenarios/faults';
import { PARAMS, type NumberParam } from '../scenarios/params';
import type { SweepRow } from '../world/sweep-result';

/** What the chart reads of a run's spec (a RunSpec is one). */
export interface RunSpecLike {
  readonly untilUs: number;
  readonly params: Readonly<Record<string, unknown>>;
  readonly faults: readonly Fault[];
}

/** A run's end as the rule needs it: its length, the client's frame interval, host A's crash (µs). */
export interface RunEnd {
  readonly untilUs: number;
  readonly frameUs: number;
  /** The first timed crash of host A, or null (none, or one at a phase of the protocol). */
  readonly crashAtUs: number | null;
}

/** The end of a run, from its spec. */
export function runEnd(spec: RunSpecLike): RunEnd {
  const hz = Number(spec.params.clockHz ?? (PARAMS.clockHz as NumberParam).default);
  const crash = spec.faults.find((f) => isTimed(f) && f.kind === 'crash' && f.target === 'A');
  return { untilUs: spec.untilUs, frameUs: Math.round(1e6 / hz), crashAtUs: crash?.atUs ?? null };
}

/** Whether the run's end cut the row's client stall short (`end` unknown: the session's state alone decides). */
export function stallCut(row: SweepRow, end: RunEnd | null): boolean {
  if (row.sessionState === 'stalled') return true;
  if (row.sessionState !== 'connected') return false;
  if (end === null || end.crashAtUs === null) return false;
  const tookOver = row.failoverUs !== null && end.crashAtUs + row.failoverUs < end.untilUs;
  return !tookOver && end.crashAtUs + row.maxStallUs + end.frameUs >= end.untilUs;
}
