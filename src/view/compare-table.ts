/**
 * The compare table's rows: each technique's figures at the end of its run, read from the runner's
 * result (DESIGN §10) — client stall, outputs lost, duplicated and rolled back, replication traffic and
 * guest pause fraction — and how the view writes them. Pure.
 */
import type { SessionState } from '../world/frame';
import type { RunResult } from '../world/result';

export interface CompareRow {
  /** The scenario id (`kemari`, `remus`, `naive`, `unprotected`). */
  readonly id: string;
  readonly title: string;
  readonly sessionState: SessionState;
  /** The client's longest stall beyond the frame interval (µs). */
  readonly maxStallUs: number;
  readonly outputsLost: number;
  readonly outputsDuplicated: number;
  readonly outputsRolledBack: number;
  readonly bytesReplicated: number;
  /** Share of the run the guest was paused for replication, 0–1. */
  readonly guestPauseFraction: number;
}

/**
 * A row from a run's result. A run without replication (unprotected) replicates nothing and never
 * pauses its guest for it; its lost outputs are the world's count.
 */
export function compareRow(id: string, title: string, result: RunResult): CompareRow {
  const r = result.metrics.replication;
  return {
    id,
    title,
    sessionState: result.client.sessionState,
    maxStallUs: result.client.maxStallUs,
    outputsLost: r ? r.outputsLost : result.metrics.outputs.lost,
    outputsDuplicated: r ? r.outputsDuplicated : 0,
    outputsRolledBack: r ? r.outputsRolledBack : 0,
    bytesReplicated: r ? r.bytesReplicated : 0,
    guestPauseFraction: r ? r.guestPauseFraction : 0,
  };
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
