/**
 * Simulation speed in Node: simulated seconds per wall second, for every scenario in SCENARIOS, each
 * with its default preset (`migration` runs `idle`), with frames recorded (as the page plays) and
 * without (as a sweep runs). One warm-up run, then the median of `runs` timed runs up to `until`.
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
  /** Simulated seconds per wall second (median run), frames recorded. */
  readonly speedX: number;
  /** Wall milliseconds of the median run, frames recorded. */
  readonly medianMs: number;
  /** The same without frames (a sweep's runs). */
  readonly noFramesSpeedX: number;
  readonly noFramesMedianMs: number;
  readonly simulatedS: number;
}

function runOnce(scenario: string, until: string, recordFrames = true): { ms: number; simS: number; preset: string } {
  const { spec, errors } = resolveRun({ scenario, until });
  if (errors.length > 0) throw new Error(`bench: bad run for ${scenario}: ${errors.map((e) => e.message).join('; ')}`);
  const start = performance.now();
  const w = createWorld(spec, { recordFrames });
  w.runUntil(spec.untilUs);
  const ms = performance.now() - start;
  return { ms, simS: spec.untilUs / 1e6, preset: spec.preset };
}

export function measureSimSpeed(until = '60s', runs = 5): SimSpeed[] {
  return SCENARIOS.map((s) => {
    const { preset, simS } = runOnce(s.id, until); // warm-up
    const timed = (frames: boolean) => median(Array.from({ length: runs }, () => runOnce(s.id, until, frames).ms));
    const medianMs = timed(true);
    const noFramesMedianMs = timed(false);
    return { scenario: s.id, preset, speedX: simS / (medianMs / 1000), medianMs, noFramesSpeedX: simS / (noFramesMedianMs / 1000), noFramesMedianMs, simulatedS: simS };
  });
}
