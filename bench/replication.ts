/**
 * Replication speed in Node: 60 simulated seconds of `remus` at 25 ms epochs (issue #4) and of `kemari`
 * with its default I/O (issue #5), each run from a fresh world to the end. `warmups` untimed runs
 * first, then the median of `runs` timed runs. Budgets: under 500 ms wall each.
 */
import '../src/world/all-protocols';
import { performance } from 'node:perf_hooks';
import { resolveRun, type RawRun } from '../src/scenarios/run-spec';
import type { ReplicationMetrics } from '../src/world/replication-frame';
import { createWorld } from '../src/world/world';
import { median } from './stats';

export interface ReplicationBench {
  readonly label: string;
  /** Wall ms of the median run. */
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  /** Process CPU time (user + system), median over the runs, ms. */
  readonly cpuMedianMs: number;
  readonly simulatedS: number;
  /** Checkpoints (remus) or synchronizations (kemari) in the run, and bytes replicated. */
  readonly syncs: number;
  readonly bytesReplicated: number;
}

export const REPLICATION_RUNS: readonly { label: string; raw: RawRun }[] = [
  { label: 'remus, 25 ms epochs (default preset)', raw: { scenario: 'remus', preset: 'default', until: '60s', params: [['epochMs', '25']] } },
  { label: 'kemari, default I/O (default preset)', raw: { scenario: 'kemari', preset: 'default', until: '60s' } },
];

function runOnce(label: string, raw: RawRun): { ms: number; cpuMs: number; simS: number; syncs: number; bytes: number } {
  const { spec, errors } = resolveRun(raw);
  if (errors.length > 0) throw new Error(`bench: bad run for ${label}: ${errors.map((e) => e.message).join('; ')}`);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const w = createWorld(spec);
  w.runUntil(spec.untilUs);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const r = w.protocolResult().metrics.replication as ReplicationMetrics | undefined;
  if (!r) throw new Error(`bench: ${label} has no replication metrics`);
  return { ms, cpuMs: (used.user + used.system) / 1000, simS: spec.untilUs / 1e6, syncs: r.checkpoints + r.syncs, bytes: r.bytesReplicated };
}

/** Times each replication run: `warmups` untimed, then the median of `runs`. */
export function measureReplication(runs = 5, warmups = 2): ReplicationBench[] {
  return REPLICATION_RUNS.map(({ label, raw }) => {
    for (let i = 0; i < warmups; i++) runOnce(label, raw);
    const timed = Array.from({ length: runs }, () => runOnce(label, raw));
    const last = timed[timed.length - 1];
    return {
      label,
      medianMs: median(timed.map((r) => r.ms)),
      runsMs: timed.map((r) => r.ms),
      cpuMedianMs: median(timed.map((r) => r.cpuMs)),
      simulatedS: last.simS,
      syncs: last.syncs,
      bytesReplicated: last.bytes,
    };
  });
}
