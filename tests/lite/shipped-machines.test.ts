/**
 * Runs in the `lite` project only: the machines here are built by src/machines/xstate-lite.ts, as in
 * the page's bundles (so the golden traces and verdicts of this project are those of the shipped code).
 */
import { describe, expect, it } from 'vitest';
import { MACHINES } from '../../src/machines/catalogue';
import { resolveRun } from '../../src/scenarios/run-spec';
import { createWorld } from '../../src/world/world';

describe('the shipped machines', () => {
  it('are built by xstate-lite here, not by XState', () => {
    expect(MACHINES.map((m) => m.constructor.name)).toEqual(MACHINES.map(() => 'LiteMachine'));
  });

  it('run a remus world with a crash to the trace hash XState-built machines give (pinned in both projects)', () => {
    const { spec } = resolveRun({ scenario: 'remus', seed: '11', faults: ['crash:A@1700ms'], until: '3s' });
    const w = createWorld(spec);
    w.runUntil(spec.untilUs);
    expect(w.trace.hash()).toBe(PINNED_REMUS_HASH);
  });
});

/** What XState-built machines give for this run, on both engines (tests/world/engine-equivalence.test.ts pins the same). */
const PINNED_REMUS_HASH = 'e1a18df7914de124';
