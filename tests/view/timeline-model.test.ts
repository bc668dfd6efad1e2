import { describe, expect, it } from 'vitest';
import { eventNear, isMajor, lanePaths, LANES, stallSpans, TICKS_PER_PART, type TickPath } from '../../src/view/timeline-model';
import { Trace, type TraceEvent } from '../../src/sim/trace';
import { createWorld } from '../../src/world/world';
import { resolveRun } from '../../src/scenarios/run-spec';

let seq = 0;
const ev = (at: number, actor: string, type: string): TraceEvent => ({ seq: seq++, at, actor, type, data: {} });

describe('LANES', () => {
  it('has one lane per actor group, top to bottom', () => {
    expect(LANES.map((l) => l.label)).toEqual(['Host A', 'VM', 'Link', 'Host B', 'Client']);
  });
  it('puts sub-actors of a host in its lane and nothing of host A in host B', () => {
    const byId = Object.fromEntries(LANES.map((l) => [l.id, l]));
    expect(byId.hostA.match('hostA.hypervisor')).toBe(true);
    expect(byId.hostA.match('hostB.hypervisor')).toBe(false);
    expect(byId.hostB.match('hostB')).toBe(true);
    expect(LANES.some((l) => l.match('lab'))).toBe(false);
  });
});

describe('isMajor', () => {
  it('calls routine traffic minor and protocol steps major', () => {
    expect(isMajor(ev(0, 'hostA', 'heartbeat.sent'))).toBe(false);
    expect(isMajor(ev(0, 'link', 'link.delivered'))).toBe(false);
    expect(isMajor(ev(0, 'hostA.evtchn', 'evtchn.upcall'))).toBe(false);
    expect(isMajor(ev(0, 'hostA', 'host.crashed'))).toBe(true);
    // Whole-name match only: a longer name that merely contains a routine one is major.
    expect(isMajor(ev(0, 'hostA', 'heartbeat.sent.late'))).toBe(true);
  });
});

/** A lane's ticks of one kind as one path. */
const whole = (p: TickPath) => p.done.join('') + p.open;

describe('lanePaths', () => {
  const H = 20;
  it('maps 0 to x0 and endUs to x1, each tick in its lane band', () => {
    const events = [ev(0, 'hostA', 'host.crashed'), ev(1_000, 'hostB', 'heartbeat.sent')];
    const lanes = lanePaths(events, events.length, 1_000, 100, 200, H);
    const hostA = lanes.find((l) => l.id === 'hostA')!;
    const hostB = lanes.find((l) => l.id === 'hostB')!;
    expect(whole(hostA.major)).toBe(`M100 4v${H - 8}`);
    expect(whole(hostA.minor)).toBe('');
    // Host B is the fourth lane: top = 3 * H; minor ticks are 10 high, centred.
    expect(whole(hostB.minor)).toBe(`M200 ${3 * H + H / 2 - 5}v10`);
    expect(whole(hostB.major)).toBe('');
  });

  it('counts each lane’s events and leaves out actors with no lane', () => {
    const events = [ev(0, 'lab', 'run.started'), ev(1, 'vm', 'vm.started'), ev(2, 'vm', 'vm.wrote'), ev(3, 'client', 'client.frame')];
    const counts = Object.fromEntries(lanePaths(events, events.length, 10, 0, 100, H).map((l) => [l.id, l.count]));
    expect(counts).toEqual({ hostA: 0, vm: 2, link: 0, hostB: 0, client: 1 });
  });

  it('only reads the first `count` events', () => {
    const events = [ev(0, 'vm', 'a'), ev(5, 'vm', 'b'), ev(9, 'vm', 'c')];
    const vm = lanePaths(events, 2, 10, 0, 100, H).find((l) => l.id === 'vm')!;
    expect(vm.count).toBe(2);
    expect(whole(vm.major)).toBe(`M0 ${H + 4}v${H - 8}M50 ${H + 4}v${H - 8}`);
  });

  it('draws ticks landing on the same half-pixel once, but counts them all', () => {
    const events = [ev(0, 'link', 'x'), ev(1, 'link', 'y'), ev(2, 'link', 'z')];
    const link = lanePaths(events, 3, 1_000_000, 0, 100, H).find((l) => l.id === 'link')!;
    expect(link.count).toBe(3);
    expect(whole(link.major).match(/M/g)).toHaveLength(1);
  });

  it('rounds tick positions to half pixels', () => {
    const events = [ev(1, 'client', 'x')];
    // 1 µs of 7 on a 10-pixel axis is 1.43 px, drawn at 1.5.
    const client = lanePaths(events, 1, 7, 0, 10, H).find((l) => l.id === 'client')!;
    expect(whole(client.major)).toBe(`M1.5 ${4 * H + 4}v${H - 8}`);
  });

  it('accounts for every lane event of a real run', () => {
    const { spec } = resolveRun({ scenario: 'unprotected', faults: ['crash:A@1s'], until: '2s' });
    const w = createWorld(spec);
    w.runUntil(spec.untilUs);
    const events = w.trace.events;
    const lanes = lanePaths(events, events.length, spec.untilUs, 90, 990, 26);
    const inSomeLane = events.filter((e) => LANES.some((l) => l.match(e.actor))).length;
    expect(lanes.reduce((n, l) => n + l.count, 0)).toBe(inSomeLane);
    const hostA = lanes.find((l) => l.id === 'hostA')!;
    // The crash at 1 s of a 2 s run is a major tick in the middle of the lane.
    expect(whole(hostA.major)).toContain('M540 4v18');
  });

  it('read as the trace grows (the page asks each frame), draws what one read of the whole trace draws', () => {
    const { spec } = resolveRun({ scenario: 'kemari', faults: ['crash:A@1200ms'], until: '3s' });
    const w = createWorld(spec);
    w.runUntil(spec.untilUs);
    const events = w.trace.events;
    const growing = [...events];
    const n = growing.length;
    for (const count of [0, 10, 11, n >> 2, (n >> 2) + 1, n >> 1, n]) lanePaths(growing, count, spec.untilUs, 90, 990, 26);
    expect(lanePaths(growing, growing.length, spec.untilUs, 90, 990, 26)).toEqual(lanePaths([...events], events.length, spec.untilUs, 90, 990, 26));
    // A change of width starts again; so does a shorter count.
    expect(lanePaths(growing, growing.length, spec.untilUs, 90, 700, 26)).toEqual(lanePaths([...events], events.length, spec.untilUs, 90, 700, 26));
    expect(lanePaths(growing, 300, spec.untilUs, 90, 700, 26)).toEqual(lanePaths([...events], 300, spec.untilUs, 90, 700, 26));
    const stalls = [...events];
    for (const count of [stalls.length >> 2, stalls.length >> 1, stalls.length]) stallSpans(stalls, count, 200_000);
    expect(stallSpans(stalls, stalls.length, 200_000)).toEqual(stallSpans([...events], events.length, 200_000));
    // With a 200 ms interval, each 1 s wait for the 1 Hz clock is a stall.
    expect(stallSpans(stalls, stalls.length, 200_000).length).toBeGreaterThan(1);
  });

  it('keeps the full parts of 64 ticks as they were while the run grows: the page rewrites only the open part', () => {
    const { spec } = resolveRun({ scenario: 'remus', until: '20s' });
    const w = createWorld(spec);
    w.runUntil(spec.untilUs);
    const events = [...w.trace.events];
    const half = lanePaths(events, events.length >> 1, spec.untilUs, 90, 1190, 26).find((l) => l.id === 'hostA')!;
    const whole2 = lanePaths(events, events.length, spec.untilUs, 90, 1190, 26).find((l) => l.id === 'hostA')!;
    const ticks = (d: string) => (d.match(/M/g) ?? []).length;
    expect(half.minor.done.map(ticks)).toEqual([TICKS_PER_PART, TICKS_PER_PART]);
    expect(ticks(half.minor.open)).toBeGreaterThan(0);
    expect(ticks(half.minor.open)).toBeLessThanOrEqual(TICKS_PER_PART);
    // Later, the earlier full parts are the first parts, unchanged, and more have filled.
    expect(whole2.minor.done.slice(0, 2)).toEqual(half.minor.done);
    expect(whole2.minor.done.length).toBeGreaterThan(2);
    expect(whole2.minor.done.every((d) => ticks(d) === TICKS_PER_PART)).toBe(true);
  });
});

describe('stallSpans', () => {
  it('marks each wait for a frame longer than one interval (plus 50 ms of jitter), with how much longer', () => {
    const { spec } = resolveRun({ scenario: 'kemari', preset: 'stage', faults: ['crash:A@3.5s'], until: '6s' });
    const w = createWorld(spec);
    w.runUntil(spec.untilUs);
    // Frames every 250 ms; the last before the takeover at 3.262852 s, the next at 3.7003 s.
    expect(stallSpans(w.trace.events, w.trace.length, 250_000)).toEqual([{ fromUs: 3_262_852, toUs: 3_700_300, stallUs: 187_448 }]);
    expect(stallSpans(w.trace.events, w.trace.length, 250_000, 200_000)).toEqual([]);
  });
});

describe('eventNear', () => {
  it("picks the lane's nearest event within the tolerance from a long kept trace, a major one on a tie", () => {
    const t = new Trace();
    for (let at = 0; at <= 100_000_000; at += 1000) {
      t.record(at, 'client', 'frame.shown');
      t.record(at, 'hostA.evtchn', 'evtchn.upcall');
      if (at === 50_000_000) t.record(50_000_400, 'hostA', 'host.crashed');
    }
    const n = t.length;
    // hostA's lane (0): at 50.0004 s the crash is nearest.
    expect(eventNear(t.list, n, 0, 50_000_300, 1000)).toMatchObject({ at: 50_000_400, type: 'host.crashed' });
    // Distance first: nearer the routine upcall at 50.000 s than the crash, the upcall; halfway, the crash (major).
    expect(eventNear(t.list, n, 0, 50_000_100, 1000)).toMatchObject({ at: 50_000_000, type: 'evtchn.upcall' });
    expect(eventNear(t.list, n, 0, 50_000_200, 1000)).toMatchObject({ at: 50_000_400, type: 'host.crashed' });
    // The VM's lane has nothing.
    expect(eventNear(t.list, n, 1, 50_000_300, 1000)).toBeUndefined();
    // Nothing of the client's lane within 100 µs of 7.0005 s.
    expect(eventNear(t.list, n, 4, 7_000_500, 100)).toBeUndefined();
    expect(eventNear(t.list, n, 4, 7_000_500, 600)).toMatchObject({ at: 7_000_000, actor: 'client' });
  });
});
