import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/scenarios/all';
import { resolveRun } from '../../src/scenarios/run-spec';
import { createWorld } from '../../src/world/world';

// Each scenario owns a golden trace: the story of a short run with a crash of the primary, as text.
// A change that alters the story shows up here as a readable diff; update the file on purpose only.
describe.each(SCENARIOS.map((s) => s.id))('golden trace of %s', (id) => {
  it('tells the same story as the golden file', async () => {
    const { spec, errors } = resolveRun({ scenario: id, faults: ['crash:A@2.5s'], until: '4s' });
    expect(errors).toEqual([]);
    const world = createWorld(spec);
    world.runUntil(spec.untilUs);
    await expect(world.trace.toText()).toMatchFileSnapshot(`../golden/${id}.trace`);
  });
});
