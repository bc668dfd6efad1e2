/**
 * The replication core's figures: outputs lost, duplicated and rolled back across a failover, added
 * output latency, and the replication metrics and failover rules every replica reports (DESIGN §10
 * `metrics.replication`). Pure functions of a replica's state.
 * @see ./replica.ts
 */
import type { Micros } from '../sim/time';
import type { InvariantVerdict } from './port';
import { pauseFraction, type Replica } from './replica';
import type { ReplicationMetrics } from './replication-frame';

/**
 * Outputs across a failover, from the ids that left each copy: lost = issued in the surviving history
 * (since the replica began protecting) and never left; duplicated = left from both.
 */
export function failoverOutputs(r: Replica): { lost: number; duplicated: number } {
  let lost = 0;
  let duplicated = 0;
  const from = r.takeoverFrom;
  if (!from) return { lost, duplicated };
  for (let id = r.firstOutput; id <= from.outputsIssued; id++) {
    const before = r.left[0].has(id);
    const after = r.left[1].has(id);
    if (!before && !after) lost++;
    if (before && after) duplicated++;
  }
  return { lost, duplicated };
}

/** The value at quantile `q` of ascending `sorted` (0 when empty). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Mean, 95th percentile and maximum of added latencies (µs). */
export function latencySummary(latencies: readonly number[]): { mean: number; p95: number; max: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : 0;
  return { mean, p95: percentile(sorted, 0.95), max: sorted.length ? sorted[sorted.length - 1] : 0 };
}

/** What a technique counts of its syncs: Kemari's synchronizations or Remus's checkpoints. */
export interface SyncCounts {
  readonly checkpoints: number;
  readonly checkpointsAcked: number;
  readonly syncs: number;
}

/** The replication metrics (DESIGN §10) of a replica at `now`. */
export function replicationMetrics(r: Replica, now: Micros, counts: SyncCounts, latencies: readonly number[], rolledBack: number): ReplicationMetrics {
  const runS = Math.max(1, now) / 1e6;
  const { lost, duplicated } = failoverOutputs(r);
  const taken = counts.checkpoints + counts.syncs;
  return {
    checkpoints: counts.checkpoints,
    checkpointsAcked: counts.checkpointsAcked,
    checkpointsPerSec: counts.checkpoints / runS,
    syncs: counts.syncs,
    syncsPerSec: counts.syncs / runS,
    bytesReplicated: r.bytes,
    bytesPerSync: taken ? r.bytes / taken : 0,
    addedLatencyUs: latencySummary(latencies),
    guestPauseFraction: pauseFraction(r, now),
    failoverUs: r.takeoverAtUs !== null && r.crashAtUs !== null ? r.takeoverAtUs - r.crashAtUs : null,
    outputsLost: lost,
    outputsDuplicated: duplicated,
    outputsRolledBack: rolledBack,
  };
}

/** The rules every replica keeps across a failover: no output lost, never two primaries. */
export function failoverInvariants(m: ReplicationMetrics, r: Replica): InvariantVerdict[] {
  return [
    { name: 'no-output-lost-on-failover', holds: failoverOutputs(r).lost === 0, detail: `${failoverOutputs(r).lost} output(s) of the surviving copy never left` },
    { name: 'no-split-brain', holds: !r.splitBrain, detail: r.splitBrain ? 'host B took over while host A was still running' : 'never two primaries at once' },
  ];
}

