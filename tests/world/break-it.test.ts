/**
 * The "break it" switches: each removes one safety mechanism, and the rule it protects fails, named,
 * at the event where it broke (a `lab invariant.broken` trace event at the violation's instant);
 * with the switch on, the same run keeps the rule.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario, us } from '../support/replication';

const SWITCHES = [
  { scenario: 'remus', param: 'bufferOutput', rule: 'output-commit', faults: ['crash:A@2.02s'] },
  { scenario: 'kemari', param: 'trapEvents', rule: 'sync-before-output', faults: ['crash:A@2.5s'] },
  { scenario: 'kemari', param: 'fencing', rule: 'no-split-brain', faults: ['cut:link@2s'] },
  { scenario: 'remus', param: 'fencing', rule: 'no-split-brain', faults: ['cut:link@2s'] },
];

describe('break-it switches', () => {
  it.each(SWITCHES)('$scenario: $param off breaks $rule, named at its event; on keeps it', ({ scenario, param, rule, faults }) => {
    const off = runScenario(scenario, { untilUs: us(4), params: { [param]: false }, faults });
    expect(off.holds(rule)).toBe(false);
    const violation = off.world.frameAt(off.spec.untilUs).violations.find((v) => v.name === rule)!;
    const broken = off.find('invariant.broken', 'lab').find((e) => e.data.name === rule)!;
    expect(broken.at).toBe(violation.atUs);
    const on = runScenario(scenario, { untilUs: us(4), params: { [param]: true }, faults });
    expect(on.holds(rule)).toBe(true);
    expect(on.find('invariant.broken', 'lab').map((e) => e.data.name)).not.toContain(rule);
  });

  it('property: without output buffering, a crash at any time after the first output breaks output commit; with it, never', () => {
    fc.assert(
      fc.property(fc.integer({ min: 30_000, max: 3_000_000 }), fc.integer({ min: 1, max: 1000 }), (crashAtUs, seed) => {
        const faults = [`crash:A@${crashAtUs}us`];
        expect(runScenario('remus', { untilUs: us(3.5), seed, params: { bufferOutput: false }, faults }).holds('output-commit')).toBe(false);
        expect(runScenario('remus', { untilUs: us(3.5), seed, params: { bufferOutput: true }, faults }).holds('output-commit')).toBe(true);
      }),
      { numRuns: 12 },
    );
  });
});
