import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import { createWorld } from '../../src/world/world';

describe("the link's log", () => {
  it('logs each message with its times, and marks the one a cut lost on the wire with the cut time', () => {
    // Remus's first checkpoint leaves host A at 25.158 ms and would arrive at 27.192 ms: the link is cut in between.
    const { spec, errors } = resolveRun({ scenario: 'remus', faults: ['cut:link@26ms'], until: '30ms' });
    expect(errors).toEqual([]);
    const w = createWorld(spec);
    w.runUntil(spec.untilUs);
    expect(w.linkLog.map((m) => ({ ...m, lostAtUs: m.lostAtUs }))).toEqual([
      { id: 1, kind: 'checkpoint', from: 'A', to: 'B', bytes: 241_664, sentAtUs: 25_158, arrivesAtUs: 27_192, lostAtUs: 26_000 },
    ]);
    expect(w.trace.events.some((e) => e.type === 'link.delivered')).toBe(false);
  });

  it('leaves a message that arrived not lost', () => {
    const { spec } = resolveRun({ scenario: 'remus', until: '30ms' });
    const w = createWorld(spec);
    w.runUntil(spec.untilUs);
    expect(w.linkLog.map((m) => [m.id, m.kind, m.sentAtUs, m.arrivesAtUs, m.lostAtUs])).toEqual([
      [1, 'checkpoint', 25_158, 27_192, null],
      [2, 'checkpoint.ack', 27_192, 27_292, null],
    ]);
  });
});
