/**
 * The compare table's rows: each technique's figures at the end of its run, read from the runner's
 * result (DESIGN §10) — client stall, outputs lost, duplicated and rolled back, replication traffic and
 * guest pause fraction — and how the view writes them. Pure. The app makes the rows (`compareRow` in
 * ../app/compare.ts), with the world's output figures, the same as a sweep's rows.
 */
import type { SessionState } from '../world/frame';
import type { OutputFigures } from '../world/result';

export interface CompareRow extends OutputFigures {
  /** The scenario id (`kemari`, `remus`, `naive`, `unprotected`). */
  readonly id: string;
  readonly title: string;
  readonly sessionState: SessionState;
  /** The client's longest stall beyond the frame interval (µs). */
  readonly maxStallUs: number;
  readonly bytesReplicated: number;
  /** Share of the run the guest was paused for replication, 0–1. */
  readonly guestPauseFraction: number;
  /** The 95th percentile of the client's reply time (µs), when it sent requests and one was answered; else null. */
  readonly replyP95Us: number | null;
}

/** A stall in ms with one decimal (`173.0 ms`), in s from 10 s up (`16.50 s`). */
export function formatStall(us: number): string {
  return us >= 10_000_000 ? `${(us / 1e6).toFixed(2)} s` : `${(us / 1e3).toFixed(1)} ms`;
}

/** Bytes in MB (10^6 bytes) with one decimal, or in kB below a MB, or plain bytes. */
export function formatTraffic(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}

/** A fraction as a percentage with two decimals (`1.10%`). */
export function formatFraction(f: number): string {
  return `${(f * 100).toFixed(2)}%`;
}
