import { beforeAll, describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import { createWorld, type World } from '../../src/world/world';
import { runRaw } from '../support/world-run';
import { GuestMemory } from '../../src/sim/memory';

const run = runRaw;

describe('unprotected run, host A crashes at 3 s', () => {
  let world: World;
  beforeAll(() => {
    world = run({ scenario: 'unprotected', faults: ['crash:A@3s'], until: '6s' });
  });

  it('ends at the requested instant', () => {
    expect(world.now()).toBe(6_000_000);
    expect(world.frames.at(-1)!.atUs).toBeLessThanOrEqual(6_000_000);
  });

  it('leaves the client with its last frame from before the crash, showing 00:00:02, and the session stalled for good (no copy runs; with the watchdog on, lost)', () => {
    const client = world.clientNow();
    expect(client.lastFrameAtUs).not.toBeNull();
    expect(client.lastFrameAtUs!).toBeLessThanOrEqual(3_000_000);
    expect(client.shows).toBe('00:00:02');
    expect(client.sessionState).toBe('stalled');
    expect(client.framesReceived).toBe(3);
    expect(client.rollbacks).toBe(0);
    // Frame 4 was due at 3.0002 s: stalled 0.1 s later, and it is still missing at the end.
    expect(world.trace.events.find((e) => e.actor === 'client' && e.type === 'session.stalled')?.at).toBe(3_100_200);
    expect(client.maxStallUs).toBe(6_000_000 - 3_000_200);
    expect(world.trace.events.some((e) => e.type === 'session.lost')).toBe(false);
    const watched = run({ scenario: 'unprotected', faults: ['crash:A@3s'], until: '6s', params: [['clientTimeoutMs', '2500']] });
    expect(watched.clientNow().sessionState).toBe('lost');
    expect(watched.trace.events.find((e) => e.actor === 'client' && e.type === 'session.lost')?.at).toBe(2_000_200 + 2_500_000);
  });

  it('records the fault first at its instant, then the crash; the VM is gone', () => {
    const at3 = world.trace.events.filter((e) => e.at === 3_000_000);
    expect(at3[0]).toMatchObject({ actor: 'lab', type: 'fault.crash', data: { target: 'A' } });
    expect(at3.map((e) => e.type)).toContain('host.crashed');
    expect(at3.map((e) => e.type)).toContain('vm.destroyed');
    expect(world.trace.events.some((e) => e.actor === 'vm' && e.at >= 3_000_000 && e.type === 'xclock.redrawn')).toBe(false);
    expect(world.monitors.vmLostAtUs).toBe(3_000_000);
    expect(world.frameAt(6_000_000).vm.state).toBe('destroyed');
    expect(world.frameAt(6_000_000).hosts.A.power).toBe('crashed');
  });

  it("has host B declare A dead failureTimeoutMs (300 ms) after A's last heartbeat arrives", () => {
    const fromA = world.trace.events.filter((e) => e.type === 'link.delivered' && e.data.from === 'A' && e.data.to === 'B');
    const lastArrival = fromA.at(-1)!.at;
    expect(lastArrival).toBeLessThan(3_000_000);
    const dead = world.trace.events.filter((e) => e.type === 'peer.dead');
    expect(dead.map((e) => [e.actor, e.at])).toEqual([['hostB', lastArrival + 300_000]]);
    // A stopped beating at the crash.
    expect(world.trace.events.some((e) => e.actor === 'hostA' && e.type === 'heartbeat.sent' && e.at >= 3_000_000)).toBe(false);
  });

  it('frameAt(t) returns the last frame at or before t', () => {
    const frames = world.frames;
    for (const t of [0, 1, 199, 200, 201, 999_999, 1_000_200, 2_500_000, 3_000_000, 4_500_200, 5_999_999, 6_000_000, 7_000_000]) {
      const f = world.frameAt(t);
      expect(f.atUs).toBeLessThanOrEqual(t);
      const i = frames.indexOf(f);
      expect(i).toBeGreaterThanOrEqual(0);
      if (i + 1 < frames.length) expect(frames[i + 1].atUs).toBeGreaterThan(t);
    }
    expect(world.frameAt(2_500_000).client.shows).toBe('00:00:02');
    expect(world.frameAt(1_000_199).client.shows).toBe('00:00:00');
    expect(world.frameAt(1_000_200).client.shows).toBe('00:00:01');
    expect(world.frameAt(3_100_199).client.sessionState).toBe('connected');
    expect(world.frameAt(3_100_200).client.sessionState).toBe('stalled');
  });

  it('records frames in strictly increasing time, each counting the trace up to its instant', () => {
    const frames = world.frames;
    for (let i = 1; i < frames.length; i++) expect(frames[i].atUs).toBeGreaterThan(frames[i - 1].atUs);
    for (const f of frames) expect(f.traceLength).toBe(world.trace.events.filter((e) => e.at <= f.atUs).length);
  });
});

describe('step and inject', () => {
  it('step() processes exactly one instant', () => {
    const { spec } = resolveRun({ scenario: 'unprotected', until: '1.5s' });
    const reference = createWorld(spec);
    reference.runUntil(1_500_000);
    const instants = [...new Set(reference.trace.events.map((e) => e.at))];

    const world = createWorld(spec);
    expect(world.now()).toBe(0);
    const seen: number[] = [];
    while (world.now() < 1_500_000 && world.step()) {
      seen.push(world.now());
      expect(world.frames.at(-1)!.atUs).toBe(world.now());
      expect(world.trace.length).toBe(reference.trace.events.filter((e) => e.at <= world.now()).length);
    }
    // Every instant with a traced event was one step (some steps trace nothing, e.g. a frame in transit).
    for (const t of instants) expect(seen).toContain(t);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 2)).toEqual([0, 200]);
  });

  it('inject() of a past time throws; a future fault takes effect at its time', () => {
    const { spec } = resolveRun({ scenario: 'unprotected', until: '6s' });
    const world = createWorld(spec);
    world.runUntil(2_000_000);
    expect(() => world.inject({ kind: 'crash', target: 'A', atUs: 1_999_999 })).toThrow(RangeError);
    world.inject({ kind: 'crash', target: 'A', atUs: 2_500_000 });
    world.runUntil(6_000_000);
    expect(world.monitors.vmLostAtUs).toBe(2_500_000);
    expect(world.trace.events.find((e) => e.type === 'fault.crash')?.at).toBe(2_500_000);
    expect(world.clientNow().shows).toBe('00:00:02');
  });

  it('inject() at the current instant is accepted', () => {
    const { spec } = resolveRun({ scenario: 'unprotected', until: '3s' });
    const world = createWorld(spec);
    world.runUntil(1_234_567);
    world.inject({ kind: 'crash', target: 'A', atUs: 1_234_567 });
    world.runUntil(3_000_000);
    expect(world.monitors.vmLostAtUs).toBe(1_234_567);
  });
});

describe('unprotected run without faults', () => {
  it('keeps the session connected for the whole run with no stall', () => {
    const world = run({ scenario: 'unprotected', until: '6s' });
    expect(world.frames.every((f) => f.client.sessionState === 'connected')).toBe(true);
    const client = world.clientNow();
    expect(client).toMatchObject({ sessionState: 'connected', framesReceived: 6, lastSeq: 6, shows: '00:00:05', gaps: 0, duplicates: 0, rollbacks: 0 });
    expect(client.maxStallUs).toBe(0);
    expect(world.monitors.vmLostAtUs).toBeNull();
    expect(world.trace.events.some((e) => e.type === 'peer.dead')).toBe(false);
  });

  it('shows each second on the client 200 µs after the redraw', () => {
    const world = run({ scenario: 'unprotected', until: '4s' });
    const shown = world.trace.events.filter((e) => e.actor === 'client' && e.type === 'frame.shown');
    expect(shown.map((e) => [e.at, e.data.shows])).toEqual([
      [200, '00:00:00'],
      [1_000_200, '00:00:01'],
      [2_000_200, '00:00:02'],
      [3_000_200, '00:00:03'],
    ]);
  });
});

describe('the guest\'s redraws and its memory', () => {
  it('a redraw dirties the framebuffer (the last pages) in the guest\'s memory, and the trace records that memory\'s digest', () => {
    const { spec } = resolveRun({ scenario: 'unprotected', until: '0us', params: [['memoryPages', '256'], ['dirtyPagesPerSec', '0'], ['framebufferPages', '8'], ['packetsPerSec', '0'], ['diskWritesPerSec', '0']] });
    const w = createWorld(spec);
    w.runUntil(0);
    const redraw = w.trace.events.find((e) => e.type === 'xclock.redrawn')!;
    expect(redraw).toMatchObject({ at: 0, actor: 'vm', data: { seq: 1, shows: '00:00:00', dirtied: 8 } });
    // The same 8 pages written once each, in a memory of its own, give the same digest.
    const expected = new GuestMemory(256);
    for (let p = 248; p < 256; p++) expected.write(p);
    expect(redraw.data.memory).toBe(expected.digest());
    expect(w.frameAt(0).vm.dirtyPages).toBe(8);
    // The frame it sent was drawn by the state after those 8 writes.
    const notify = w.trace.events.find((e) => e.type === 'frontend.notify')!;
    expect(notify.data).toMatchObject({ output: 1, kind: 'vnc' });
  });
});
