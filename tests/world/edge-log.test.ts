import { afterEach, describe, expect, it } from 'vitest';
import { resolveRun, type RawRun } from '../../src/scenarios/run-spec';
import { EdgeLog } from '../../src/world/edge-log';
import type { Frame } from '../../src/world/frame';
import { XSTATE_ENGINE } from '../../src/world/xstate-engine';
import { createWorld, type World, type WorldOptions } from '../../src/world/world';

function run(raw: RawRun, options: WorldOptions = {}): World {
  const { spec, errors } = resolveRun(raw);
  expect(errors).toEqual([]);
  const world = createWorld(spec, options);
  world.runUntil(spec.untilUs);
  return world;
}

/** The edge keys a frame says were taken, per actor (decoded as the view does). */
function taken(frame: Frame): Record<string, string[]> {
  const { slotSize, actors, keys } = frame.edgeCatalogue;
  const out: Record<string, string[]> = {};
  for (const code of frame.edgesTaken) {
    const actor = actors[Math.floor(code / slotSize)];
    (out[actor.name] ??= []).push(keys[actor.machine][code % slotSize]);
  }
  return out;
}

const RUNS: readonly RawRun[] = [
  { scenario: 'unprotected', faults: ['crash:A@2s'], until: '4s' },
  { scenario: 'migration', until: '3s', params: [['memoryMiB', '64']] },
  { scenario: 'remus', faults: ['crash:A@1.5s'], until: '3s' },
  { scenario: 'kemari', faults: ['cut:link@1s'], until: '3s' },
];

describe('edges taken', () => {
  const realWatch = EdgeLog.prototype.watch;
  afterEach(() => {
    EdgeLog.prototype.watch = realWatch;
  });

  for (const raw of RUNS) {
    it(`${raw.scenario}: the lean runner and XState's actor with the fast hook log exactly what XState's official inspect observer reports`, () => {
      const lean = run(raw).edgeLog;
      const fast = run(raw, { engine: XSTATE_ENGINE }).edgeLog;
      EdgeLog.prototype.watch = function (this: EdgeLog, ...args: Parameters<EdgeLog['watch']>) {
        const { inspect } = realWatch.apply(this, args);
        return { inspect, attach: () => {} };
      };
      const official = run(raw, { engine: XSTATE_ENGINE }).edgeLog;
      expect(official.codes.length).toBeGreaterThan(100);
      expect(lean.codes).toEqual(official.codes);
      expect(lean.atUs).toEqual(official.atUs);
      expect(fast.codes).toEqual(official.codes);
      expect(fast.atUs).toEqual(official.atUs);
      expect(fast.unknown).toBe(0);
    });
  }

  it('shows host A crashing on the frame of the crash, and every state change with an edge of that actor', () => {
    const world = run({ scenario: 'remus', faults: ['crash:A@1.5s'], until: '3s' });
    const crash = world.frameAt(1_500_000);
    expect(crash.atUs).toBe(1_500_000);
    expect(taken(crash).hostA).toContain('host.up|host.crash|0');
    expect(crash.machines.hostA).toBe('crashed');
    // Before the crash, host A never took that edge.
    for (const f of world.frames) if (f.atUs < 1_500_000) expect(taken(f).hostA ?? []).not.toContain('host.up|host.crash|0');
    // Whenever an actor's state changed between two frames, the later frame names one of its edges.
    for (let i = 1; i < world.frames.length; i++) {
      const [before, after] = [world.frames[i - 1], world.frames[i]];
      const edges = taken(after);
      for (const [actor, state] of Object.entries(after.machines)) {
        if (before.machines[actor] !== state) expect(edges[actor], `${actor} at ${after.atUs} µs`).toBeDefined();
      }
    }
  });

  it('starts each machine on its initial edges at t = 0 (the event channel decides by its always edge)', () => {
    const world = run({ scenario: 'kemari', until: '10ms' });
    const first = taken(world.frames[0]);
    expect(first.hostA).toEqual(['host|initial|0']);
    // Kemari then switches the trap on, and the first xclock redraw's notify is trapped, all at t = 0.
    expect(first['hostA.evtchn']).toEqual([
      'event-channel|initial|0',
      'event-channel.starting|always|1',
      'event-channel.direct|evtchn.trap.enable|0',
      'event-channel.trapping|evtchn.notify|0',
    ]);
    expect(first.hostB).toEqual(['host|initial|0']);
  });

  it('takes the after edge of the remus epoch every 25 ms, keyed as the statechart keys it', () => {
    const world = run({ scenario: 'remus', until: '200ms', params: [['epochMs', '25']] });
    const epochs = world.frames.filter((f) => (taken(f)['hostA.remus'] ?? []).some((k) => k.startsWith('remus.speculating|after.restOfEpoch|')));
    expect(epochs.length).toBeGreaterThanOrEqual(6);
    const keys = new Set(world.frames.flatMap((f) => Object.values(taken(f)).flat()));
    for (const k of keys) expect(k).toMatch(/^[\w.-]+\|[\w.-]+\|\d+$/);
  });

  it('logs nothing, and costs nothing, when frames are not recorded (a sweep)', () => {
    const { spec } = resolveRun({ scenario: 'remus', until: '1s' });
    const world = createWorld(spec, { recordFrames: false });
    world.runUntil(spec.untilUs);
    expect(world.edgeLog.codes).toEqual([]);
  });
});
