/**
 * Warming the engine before play: a throwaway world of the run shown computes a few simulated seconds
 * (and projects their frames) in the page's idle time after it opens, so that the engine's code is
 * compiled by the time Play needs it. Without it, the first frames at 10x run that code cold (tens of
 * ms each, then a longer gap for the next frame to cover): the long tasks the page had right after
 * Play. The throwaway world is a pure function of the spec like any other and is dropped once done;
 * nothing shown reads it.
 */
import type { RunSpec } from '../scenarios/run-spec';
import type { Micros } from '../sim/time';
import { createWorld, type World } from '../world/world';

/** How much of the run the throwaway world computes (simulated µs): some 1,000 trace events of Remus at 25 ms epochs. */
export const WARM_US: Micros = 2_000_000;
/** Trace events computed per slice: well under a millisecond each once warm, a few ms cold. */
export const WARM_SLICE_EVENTS = 150;

/** Something that runs a callback when the page is idle (requestIdleCallback where there is one). */
export type IdleScheduler = (run: () => void) => () => void;

/** The browser's idle callback (with a timeout: a page never idle still warms), else a zero timeout. */
export const whenIdle: IdleScheduler = (run) => {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: 200 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 0);
  return () => clearTimeout(id);
};

/**
 * Computes the first WARM_US of `spec` in a throwaway world, a slice of WARM_SLICE_EVENTS events at a
 * time, each slice when `idle` runs it. Returns a function that stops it (a new run loaded, the page
 * closed); `onDone` is called once it has computed them all.
 */
export function warmUp(spec: RunSpec, idle: IdleScheduler = whenIdle, onDone: () => void = () => {}): () => void {
  const until = Math.min(spec.untilUs, WARM_US);
  let world: World | null = null;
  let cancel: (() => void) | null = null;
  const slice = () => {
    cancel = null;
    // Made in the first slice, not as the page mounts (making one runs much of the engine's code cold).
    world ??= createWorld(spec, { recordFrames: 'on-demand' });
    const reached = world.runUntil(until, world.trace.length + WARM_SLICE_EVENTS);
    // The present's frame, as the page projects one per frame drawn (an earlier one would be a replay).
    world.frameAt(world.now());
    if (reached || world.nextAt() === null) return onDone();
    cancel = idle(slice);
  };
  cancel = idle(slice);
  return () => cancel?.();
}
