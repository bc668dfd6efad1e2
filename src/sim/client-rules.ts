/**
 * How a VNC viewer judges each frame it receives, from the stream's sequence numbers and content.
 * Pure functions; the client machine applies them.
 * @see ../../shared/DESIGN.md §5 (Client)
 */
import type { Micros } from './time';

/** One VNC frame as the guest's xclock sends it. */
export interface VncFrame {
  /** Position in the stream, from 1. */
  readonly seq: number;
  /** What the frame shows, at the clock's resolution (`hh:mm:ss`). */
  readonly shows: string;
  /** The guest state version that produced it. */
  readonly stateVersion: number;
  /**
   * The guest time the frame draws (µs): its hands' exact positions, finer than `shows` when the
   * clock redraws several times a second. Not part of its content as the client compares it.
   */
  readonly drawnUs?: Micros;
  /** The client's request this frame answers (an input event it sent), if any. */
  readonly reply?: number;
}

/** Verdict on a received frame. */
export type FrameVerdict = 'next' | 'gap' | 'duplicate' | 'rollback';

/**
 * A frame's content as the client compares it: what it shows and the guest state that drew it. A
 * frame sent again from the same state (a re-issued event, a TCP retransmission) is the same; one
 * redrawn by an older state that ran on is not, even within the same displayed second: its bytes
 * differ, and a TCP stream rolled back under the client breaks.
 */
export function frameContent(frame: VncFrame): string {
  return `${frame.shows}#${frame.stateVersion}`;
}

/**
 * `seq` = last+1 is the next frame; above it is a gap (frames lost); at or below it with the content
 * the client already has for that position is a harmless duplicate; with other content, a rollback
 * (the serving copy does not have state the client saw).
 */
export function classifyFrame(lastSeq: number, seenContent: (seq: number) => string | undefined, frame: VncFrame): FrameVerdict {
  if (frame.seq === lastSeq + 1) return 'next';
  if (frame.seq > lastSeq + 1) return 'gap';
  // Older than the client remembers: TCP drops data below what it acknowledged without looking.
  const seen = seenContent(frame.seq);
  return seen === undefined || seen === frameContent(frame) ? 'duplicate' : 'rollback';
}

/**
 * The first xclock tick after guest instant `afterUs` (ticks at round(k × 10^6 / clockHz) µs), or
 * tick 0 when nothing was drawn yet.
 */
export function nextTickUs(afterUs: Micros | null, clockHz: number): Micros {
  if (afterUs === null) return 0;
  let k = Math.floor((afterUs * clockHz) / 1e6);
  while (Math.round((k * 1e6) / clockHz) <= afterUs) k++;
  return Math.round((k * 1e6) / clockHz);
}

/**
 * How late a new frame is: its arrival beyond the instant the first tick it covers was due there
 * (that tick plus the public network's latency, had nothing paused or failed). `lastDrawnUs` is what
 * the frame before it drew; a frame drawn before the next tick covers none and is not late.
 */
export function lateness(arrivedUs: Micros, drawnUs: Micros | undefined, lastDrawnUs: Micros | null, clockHz: number, latencyUs: Micros): Micros {
  const tick = nextTickUs(lastDrawnUs, clockHz);
  if (drawnUs !== undefined && drawnUs < tick) return 0;
  return Math.max(0, arrivedUs - (tick + latencyUs));
}

/** A pause a person notices (Nielsen's 0.1 s): a frame this late or more leaves the session stalled. */
export const STALL_NOTICE_US: Micros = 100_000;
