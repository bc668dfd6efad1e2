/**
 * Simulation speed in Node: simulated seconds per wall second, for every scenario in SCENARIOS, each
 * with its default preset (`migration` runs `idle`): with frames as the lab records them (on demand:
 * computed in steps of 1/60 s of simulated time, as the page plays at 1x, the frame of each step
 * projected), without frames (as a sweep runs), and, for information, with a frame at every instant
 * (the compare view; a replay answering for an earlier time). Warm-up runs first (the JIT settles: a
 * page plays for minutes, a sweep makes a thousand runs), then the median of `runs` timed runs up to `until`.
 */
import '../src/world/all-protocols';
import { performance } from 'node:perf_hooks';
import { SCENARIOS } from '../src/scenarios/all';
import { resolveRun } from '../src/scenarios/run-spec';
import { createWorld } from '../src/world/world';
import { median } from './stats';

export interface SimSpeed {
  readonly scenario: string;
  /** The default preset that ran. */
  readonly preset: string;
  /** Simulated seconds per wall second (median run), frames as the lab records them. */
  readonly speedX: number;
  /** Wall milliseconds of the median run, frames as the lab records them. */
  readonly medianMs: number;
  /** The same with a frame projected at every instant. */
  readonly everyInstantSpeedX: number;
  readonly everyInstantMedianMs: number;
  /** The same without frames (a sweep's runs). */
  readonly noFramesSpeedX: number;
  readonly noFramesMedianMs: number;
  readonly simulatedS: number;
}

/** How frames are recorded: as the lab plays, at every instant, or none. */
type Frames = 'lab' | 'every-instant' | 'none';

/** A frame every 1/60 s of simulated time: the page playing at 1x, 60 frames a second. */
const LAB_STEP_US = 16_667;

function runOnce(scenario: string, until: string, frames: Frames): { ms: number; simS: number; preset: string } {
  const { spec, errors } = resolveRun({ scenario, until });
  if (errors.length > 0) throw new Error(`bench: bad run for ${scenario}: ${errors.map((e) => e.message).join('; ')}`);
  const start = performance.now();
  const w = createWorld(spec, { recordFrames: frames === 'lab' ? 'on-demand' : frames === 'every-instant' });
  if (frames === 'lab') {
    for (let t = 0; t < spec.untilUs; t += LAB_STEP_US) {
      w.runUntil(t);
      w.frameAt(t);
    }
  }
  w.runUntil(spec.untilUs);
  if (frames === 'lab') w.frameAt(spec.untilUs);
  const ms = performance.now() - start;
  return { ms, simS: spec.untilUs / 1e6, preset: spec.preset };
}

export function measureSimSpeed(until = '60s', runs = 5, warmUps = 3): SimSpeed[] {
  return SCENARIOS.map((s) => {
    const { preset, simS } = runOnce(s.id, until, 'lab');
    for (let i = 1; i < warmUps; i++) for (const f of ['lab', 'none', 'every-instant'] as const) runOnce(s.id, until, f);
    const timed = (frames: Frames) => median(Array.from({ length: runs }, () => runOnce(s.id, until, frames).ms));
    const medianMs = timed('lab');
    const noFramesMedianMs = timed('none');
    const everyInstantMedianMs = timed('every-instant');
    const x = (ms: number) => simS / (ms / 1000);
    return { scenario: s.id, preset, speedX: x(medianMs), medianMs, noFramesSpeedX: x(noFramesMedianMs), noFramesMedianMs, everyInstantSpeedX: x(everyInstantMedianMs), everyInstantMedianMs, simulatedS: simS };
  });
}
