/**
 * Runs a raw run (as a link or the runner names it) to its end: the world, ready to be read.
 */
import { expect } from 'vitest';
import { resolveRun, type RawRun } from '../../src/scenarios/run-spec';
import { createWorld, type World } from '../../src/world/world';

export function runRaw(raw: RawRun): World {
  const { spec, errors } = resolveRun(raw);
  expect(errors).toEqual([]);
  const world = createWorld(spec);
  world.runUntil(spec.untilUs);
  return world;
}
