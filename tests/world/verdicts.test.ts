/**
 * Verdicts at the end of a run: a rule whose outcome depends on something not yet detected (a
 * failure detector that has not fired) is pending, with its reason; never a false "violated".
 * @see ../../src/world/result.ts
 */
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import { runResult } from '../../src/world/result';
import { createWorld } from '../../src/world/world';

function verdict(scenario: string, until: string, faults: string[], params: [string, string][] = []) {
  const { spec, errors } = resolveRun({ scenario, until, faults, params });
  expect(errors).toEqual([]);
  const world = createWorld(spec);
  world.runUntil(spec.untilUs);
  return runResult(world, spec.untilUs).invariants.find((i) => i.name === 'vm-survives-host-failure')!;
}

describe('vm-survives-host-failure at the end of a run', () => {
  it('remus: a crash 100 ms before the end is pending (B has not yet declared A dead), not "nothing protected it"', () => {
    expect(verdict('remus', '5s', ['crash:A@4.9s'])).toEqual({
      name: 'vm-survives-host-failure',
      holds: true,
      pending: true,
      detail: "no copy of the VM runs since 4900.000ms, but host B's failure detector had not yet declared host A dead (it waits 300 ms without a heartbeat) when the run ended",
    });
  });

  it('remus with fencing: a crash whose detection came but whose fence had not finished is pending too', () => {
    // Detected at 4.7001 s (300 ms after the last heartbeat heard, at 4.4001 s), fenced until 4.7501 s.
    const v = verdict('remus', '4.72s', ['crash:A@4.5s'], [['fencing', 'true']]);
    expect(v.pending).toBe(true);
    expect(v.detail).toContain('host B was still fencing host A before taking over');
  });

  it('the same crash with time for the detector holds: the VM runs again on B', () => {
    expect(verdict('remus', '5.5s', ['crash:A@4.9s'])).toEqual({ name: 'vm-survives-host-failure', holds: true, detail: 'the VM stopped at 4900.000ms with its host and runs again on host B' });
  });

  it('kemari: pending 100 ms after the crash as well', () => {
    const v = verdict('kemari', '5s', ['crash:A@4.9s']);
    expect(v.pending).toBe(true);
    expect(v.holds).toBe(true);
  });

  it('unprotected: nothing can start the VM again, so the same crash is violated at once (not pending)', () => {
    expect(verdict('unprotected', '5s', ['crash:A@4.9s'])).toEqual({ name: 'vm-survives-host-failure', holds: false, detail: 'no copy of the VM runs after 4900.000ms: nothing protected it' });
  });

  it('remus with B already dead: nothing is pending, the loss of A is final', () => {
    const v = verdict('remus', '5s', ['crash:B@2s', 'crash:A@4.9s']);
    expect(v.holds).toBe(false);
    expect(v.pending).toBeUndefined();
  });
});

describe('no-output-lost after a takeover and a second crash', () => {
  it('kemari, A then B crashes: the output re-sent after the takeover counts once, so nothing is lost (it read -1)', () => {
    const { spec } = resolveRun({ scenario: 'kemari', faults: ['crash:A@1.5s', 'crash:B@4s'] });
    const world = createWorld(spec);
    world.runUntil(spec.untilUs);
    const result = runResult(world, spec.untilUs);
    expect(result.metrics.outputs).toMatchObject({ issued: 31, left: 32, lost: 0 });
    expect(result.invariants.find((i) => i.name === 'no-output-lost')).toMatchObject({ holds: true, detail: '0 output(s) issued by the guest never left it' });
  });
});

describe('found by the deep run (npm run soak)', () => {
  const run = (raw: Parameters<typeof resolveRun>[0]) => {
    const { spec, errors } = resolveRun(raw);
    expect(errors).toEqual([]);
    const world = createWorld(spec);
    world.runUntil(spec.untilUs);
    return { world, result: runResult(world, spec.untilUs) };
  };
  const verdictOf = (r: ReturnType<typeof run>, name: string) => r.result.invariants.find((i) => i.name === name)!;

  it('split brain, then the copy that took over dies: the old primary\'s copy runs on (the VM was declared lost)', () => {
    const r = run({ scenario: 'naive', until: '8s', faults: ['cut:link@4s', 'crash:B@6s'], params: [['epochMs', '500']] });
    expect(r.result.vm).toMatchObject({ host: 'A', state: 'running', lostAtUs: null });
    expect(verdictOf(r, 'vm-survives-host-failure')).toEqual({ name: 'vm-survives-host-failure', holds: true, detail: 'a copy of the VM kept running' });
    expect(verdictOf(r, 'single-active-instance').holds).toBe(false);
  });

  it('outputs not yet sent while the takeover is still to come are pending, not lost', () => {
    const r = run({ scenario: 'remus', until: '10s', faults: ['crash:A@6s'], params: [['failureTimeoutMs', '8000'], ['epochMs', '5000']] });
    const v = verdictOf(r, 'no-output-lost');
    expect(v).toMatchObject({ holds: true, pending: true });
    expect(v.detail).toMatch(/^\d+ output\(s\) not sent yet when the run ended, but host B's failure detector had not yet declared host A dead \(it waits 8000 ms without a heartbeat\): the takeover decides which of them leave$/);
    // The same run long enough for the takeover: B re-sends what A held of the epochs it acknowledged.
    const later = run({ scenario: 'remus', until: '16s', faults: ['crash:A@6s'], params: [['failureTimeoutMs', '8000'], ['epochMs', '5000']] });
    expect(verdictOf(later, 'no-output-lost').holds).toBe(true);
  });
});
