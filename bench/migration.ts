/**
 * A 1 GiB pre-copy migration under `xen3` with the `web-server` workload (the preset at
 * memoryMiB=1024): simulated time and wall time to compute it. Each run builds a fresh world and steps
 * it until the VM is activated on host B (the first frame whose migration has an activation time), not
 * to the preset's end (120 s): what is timed is the migration itself. `warmups` untimed runs first,
 * then the median of `runs` timed runs. Issue #3's budget: under 300 ms wall.
 */
import '../src/world/all-protocols';
import { performance } from 'node:perf_hooks';
import { resolveRun } from '../src/scenarios/run-spec';
import type { MigrationMetrics } from '../src/world/migration-frame';
import { createWorld } from '../src/world/world';
import { median } from './stats';

export interface MigrationBench {
  /** Wall ms of the median run. */
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  /** Process CPU time (user + system), median over the runs, ms: on a shared machine wall time grows, this does not. */
  readonly cpuMedianMs: number;
  /** Simulated time at activation on B (from t = 0; the migration starts at migrateAtMs). */
  readonly simulatedUs: number;
  readonly migrationTotalUs: number;
  readonly downtimeUs: number;
  readonly rounds: number;
  readonly pagesSent: number;
  readonly stopReason: string;
}

const RAW = { scenario: 'migration', preset: 'web-server', params: [['memoryMiB', '1024']] as [string, string][] };

type Figures = Omit<MigrationBench, 'medianMs' | 'runsMs' | 'cpuMedianMs'>;

function runOnce(): { ms: number; cpuMs: number; bench: Figures } {
  const { spec, errors } = resolveRun(RAW);
  if (errors.length > 0) throw new Error(`bench: bad migration run: ${errors.map((e) => e.message).join('; ')}`);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const w = createWorld(spec);
  for (;;) {
    const last = w.frames[w.frames.length - 1];
    if ((last?.protocol.kind === 'migration' && last.protocol.activatedAtUs !== null) || w.now() > spec.untilUs || !w.step()) break;
  }
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const m = w.protocolResult().metrics.migration as MigrationMetrics | undefined;
  if (!m || m.outcome !== 'completed' || m.totalTimeUs === null || m.downtimeUs === null) {
    throw new Error(`bench: the 1 GiB migration did not complete by ${spec.untilUs / 1e6} s (outcome ${m?.outcome ?? 'none'})`);
  }
  return {
    ms,
    cpuMs,
    bench: { simulatedUs: w.now(), migrationTotalUs: m.totalTimeUs, downtimeUs: m.downtimeUs, rounds: m.rounds.length, pagesSent: m.totalPagesSent, stopReason: m.stopReason ?? '' },
  };
}

export function measureMigration(runs = 5, warmups = 2): MigrationBench {
  for (let i = 0; i < warmups; i++) runOnce();
  const times: number[] = [];
  const cpu: number[] = [];
  let bench: Figures | undefined;
  for (let i = 0; i < runs; i++) {
    const r = runOnce();
    times.push(r.ms);
    cpu.push(r.cpuMs);
    bench = r.bench;
  }
  if (!bench) throw new Error('bench: no migration run');
  return { ...bench, medianMs: median(times), runsMs: times, cpuMedianMs: median(cpu) };
}
