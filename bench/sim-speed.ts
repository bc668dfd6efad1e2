/**
 * Simulation speed in Node: simulated seconds per wall second, for every scenario in SCENARIOS, each
 * with its default preset (`migration` runs `idle`). One warm-up run, then the median of `runs` timed
 * runs up to `until`.
 */
import '../src/world/all-protocols';
import { performance } from 'node:perf_hooks';
import { SCENARIOS } from '../src/scenarios/index';
import { resolveRun } from '../src/scenarios/run-spec';
import { createWorld } from '../src/world/world';
import { median } from './stats';

export interface SimSpeed {
  readonly scenario: string;
  /** The default preset that ran. */
  readonly preset: string;
  /** Simulated seconds per wall second (median run). */
  readonly speedX: number;
  /** Wall milliseconds of the median run. */
  readonly medianMs: number;
  readonly simulatedS: number;
}

function runOnce(scenario: string, until: string): { ms: number; simS: number; preset: string } {
  const { spec, errors } = resolveRun({ scenario, until });
  if (errors.length > 0) throw new Error(`bench: bad run for ${scenario}: ${errors.map((e) => e.message).join('; ')}`);
  const start = performance.now();
  const w = createWorld(spec);
  w.runUntil(spec.untilUs);
  const ms = performance.now() - start;
  return { ms, simS: spec.untilUs / 1e6, preset: spec.preset };
}

export function measureSimSpeed(until = '60s', runs = 5): SimSpeed[] {
  return SCENARIOS.map((s) => {
    const { preset } = runOnce(s.id, until); // warm-up
    const times: number[] = [];
    let simS = 0;
    for (let i = 0; i < runs; i++) {
      const r = runOnce(s.id, until);
      times.push(r.ms);
      simS = r.simS;
    }
    const medianMs = median(times);
    return { scenario: s.id, preset, speedX: simS / (medianMs / 1000), medianMs, simulatedS: simS };
  });
}
