/**
 * A technique from outside the built-in registries plugs in through the same doors as the built-in
 * ones (tests/support/heartbeat: a machine, a protocol, a scenario, a descriptor): it runs headless,
 * its phases take faults, and its runs come back as the compare table's and the sweep's rows.
 */
import { describe, expect, it } from 'vitest';
import { compareRow, compareRun, defaultCompare } from '../../src/app/compare';
import { defaultRunOf, withCrash } from '../../src/scenarios/run-spec';
import { runResult } from '../../src/world/result';
import { PROTOCOLS } from '../../src/world/all-protocols';
import { runSweepRun, runToEnd, sweepCsv } from '../../src/world/sweep-result';
import { planSweep } from '../../src/world/sweep';
import { createWorld } from '../../src/world/world';
import { heartbeatScenario, heartbeatTechnique } from '../support/heartbeat/index';

const base = defaultRunOf(heartbeatScenario);

function run(faults = base.faults) {
  const spec = { ...base, faults };
  const world = createWorld(spec, { technique: heartbeatTechnique });
  world.runUntil(spec.untilUs);
  return { world, result: runResult(world, spec.untilUs) };
}

describe('a technique of the caller\'s (heartbeats only)', () => {
  it('runs headless: host B raises its alarm one failure timeout after host A falls silent', () => {
    const { world, result } = run([{ kind: 'crash', target: 'A', atUs: 2_000_000 }]);
    const alarm = world.trace.events.find((e) => e.type === 'watch.alarm');
    expect(alarm).toMatchObject({ actor: 'hostB.watcher', data: { alarm: 1 } });
    // A's last heartbeat left at 1.9 s and arrived 100 µs later; silence of 300 ms from then.
    expect(alarm!.at).toBe(2_200_100);
    expect(result.technique).toBe('heartbeat');
    expect(result.metrics.heartbeat).toEqual({ alarms: 1, alarmAfterUs: 200_100 });
    expect(result.metrics.migration).toBeNull();
    expect(result.metrics.replication).toBeNull();
    expect(result.invariants.find((i) => i.name === 'alarm-raised')).toEqual({ name: 'alarm-raised', holds: true, detail: 'every silence of host A raised the alarm' });
    expect(world.frameAt(6_000_000).protocol).toEqual({ kind: 'none', technique: 'heartbeat' });
    expect(world.frameAt(6_000_000).notes.some((n) => n.includes('raises alarm 1'))).toBe(true);
  });

  it('is deterministic: the same run twice gives the same trace', () => {
    const faults = [{ kind: 'crash' as const, target: 'A' as const, atUs: 1_500_000 }];
    expect(run(faults).result.traceHash).toBe(run(faults).result.traceHash);
  });

  it('takes a fault at one of its own phases', () => {
    const { world } = run([
      { kind: 'cut', target: 'link', atUs: 1_000_000 },
      { kind: 'crash', target: 'B', phase: { name: 'alarm', index: 1, afterUs: 0 } },
    ]);
    const alarm = world.trace.events.find((e) => e.type === 'watch.alarm')!;
    const crash = world.trace.events.find((e) => e.type === 'fault.crash')!;
    expect(crash).toMatchObject({ at: alarm.at, data: { target: 'B', phase: 'alarm:1' } });
    expect(crash.seq).toBeGreaterThan(alarm.seq);
  });

  it('the built-in registry does not know it: without the technique, createWorld says so', () => {
    expect('heartbeat' in PROTOCOLS).toBe(false);
    expect(() => createWorld(base)).toThrow(/scenario "heartbeat" is not registered/);
  });

  it('its run is a row of the compare table', () => {
    const spec = compareRun(heartbeatScenario, defaultCompare());
    expect(spec.faults).toEqual([{ kind: 'crash', target: 'A', atUs: 3_500_000 }]);
    const row = compareRow('heartbeat', heartbeatScenario.title, runToEnd(spec, heartbeatTechnique));
    expect(row).toEqual({
      id: 'heartbeat',
      title: 'Heartbeats only (a test technique)',
      sessionState: 'stalled',
      // The last frame came at 3.0002 s; the run ends at 20 s: a silence of 16.9998 s, less the 1 s interval.
      maxStallUs: 15_999_800,
      outputsLost: 0,
      outputsDuplicated: 0,
      outputsRolledBack: 0,
      bytesReplicated: 0,
      guestPauseFraction: 0,
      // Its client sends no requests: no reply time.
      replyP95Us: null,
    });
  });

  it('its runs are the sweep\'s rows, crash time by crash time', () => {
    const plan = planSweep(base, { variable: 'crashAt', from: 1_000_000, to: 4_000_000, runs: 4 });
    expect(plan.map((r) => r.spec)).toEqual([1, 2, 3, 4].map((s) => withCrash(base, 'A', s * 1e6)));
    const rows = plan.map((r) => runSweepRun(r, heartbeatTechnique));
    // An alarm protects nothing: the VM dies with host A, and the run says so.
    expect(rows.map((r) => [r.scenario, r.value, r.sessionState, r.invariantsHeld, r.firstBroken])).toEqual([
      ['heartbeat', 1_000_000, 'stalled', false, 'vm-survives-host-failure'],
      ['heartbeat', 2_000_000, 'stalled', false, 'vm-survives-host-failure'],
      ['heartbeat', 3_000_000, 'stalled', false, 'vm-survives-host-failure'],
      ['heartbeat', 4_000_000, 'stalled', false, 'vm-survives-host-failure'],
    ]);
    expect(sweepCsv('crashAt', rows).split('\n')[1]).toMatch(/^1000000,heartbeat,1,/);
  });
});
