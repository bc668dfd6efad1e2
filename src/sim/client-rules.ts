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
  return seenContent(frame.seq) === frameContent(frame) ? 'duplicate' : 'rollback';
}

/** The stall beyond the nominal frame interval: max(0, interval - nominal). */
export function stallUs(intervalUs: Micros, nominalIntervalUs: Micros): Micros {
  return Math.max(0, intervalUs - nominalIntervalUs);
}
