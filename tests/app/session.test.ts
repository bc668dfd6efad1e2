/**
 * The lab's session: a live run (no `until` asked for) grows as the playhead nears its end, so the
 * clock keeps ticking; a run with a length keeps it. The world is computed as far as the playhead.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Session } from '../../src/app/session.svelte';
import { resolveRun } from '../../src/scenarios/run-spec';
import { eventsOf } from '../../src/sim/trace';

const kemari = resolveRun({ scenario: 'kemari', until: '4s' }).spec;

describe('Session: live runs', () => {
  it('a run with a length stops at its end: seeking past it shows its last instant', () => {
    const s = new Session(kemari, 0, 1, false);
    s.seek(9_000_000);
    expect(s.untilUs).toBe(4_000_000);
    expect(s.t).toBe(4_000_000);
    s.destroy();
  });

  it('a live run grows when the playhead nears its end (by 10 s, or half its length), and shows the later instant', () => {
    const s = new Session(kemari, 0, 1, true);
    expect(s.untilUs).toBe(4_000_000);
    s.seek(3_000_000);
    // Within the 2 s look-ahead of the end: the run now reaches 4 s + 10 s.
    expect(s.untilUs).toBe(14_000_000);
    s.seek(13_000_000);
    expect(s.untilUs).toBe(24_000_000);
    expect(s.t).toBe(13_000_000);
    expect(s.frame.atUs).toBeLessThanOrEqual(13_000_000);
    expect(s.frame.client.shows).toBe('00:00:12');
    s.destroy();
  });

  it('a live run grows in whole steps, so the same instant reached by playing or opened from a link gives the same end', () => {
    const played = new Session(kemari, 0, 1, true);
    played.seek(3_000_000);
    played.seek(40_000_000);
    // 4 s, 14 s, 24 s, 36 s (by half), 54 s.
    expect(played.untilUs).toBe(54_000_000);
    const opened = new Session(kemari, 40_000_000, 1, true);
    expect(opened.untilUs).toBe(54_000_000);
    expect(opened.t).toBe(40_000_000);
    played.destroy();
    opened.destroy();
  });

  it('loading another run keeps liveness unless told; a lab file\'s run (live false) keeps its length', () => {
    const s = new Session(kemari, 0, 1, true);
    s.load(resolveRun({ scenario: 'remus', until: '2s' }).spec, 0);
    expect(s.live).toBe(true);
    s.load(resolveRun({ scenario: 'remus', until: '2s' }).spec, 0, false);
    s.seek(1_900_000);
    expect(s.untilUs).toBe(2_000_000);
    s.destroy();
  });
});

describe('Session: long computations', () => {
  afterEach(() => vi.useRealTimers());
  const heavy = resolveRun({ scenario: 'kemari', until: '4s', params: [['packetsPerSec', '5000']] }).spec;

  it('computes a far instant in slices: the playhead stays, progress grows, then it shows the instant', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const s = new Session(heavy, 0, 1, false);
    s.seek(600_000);
    expect(s.t).toBe(0);
    // The first 12,000 events were computed at once (up to 295.936 ms), the rest comes in slices.
    expect(s.computing).toEqual({ fromUs: 295_936, targetUs: 600_000, doneUs: 295_936 });
    await vi.advanceTimersToNextTimerAsync();
    const partway = s.computing!.doneUs;
    expect(partway).toBeGreaterThan(295_936);
    expect(partway).toBeLessThan(600_000);
    await vi.runAllTimersAsync();
    expect(s.computing).toBeNull();
    expect(s.t).toBe(600_000);
    expect(s.frame.atUs).toBeLessThanOrEqual(600_000);
    expect(s.frame.atUs).toBeGreaterThan(599_000);
    // The same instant computed at once has the same story.
    const once = new Session(heavy, 0, 1, false);
    (once as unknown as { ensureComputed(t: number): boolean }).ensureComputed(600_000);
    const n = s.trace.length;
    expect(n).toBeGreaterThan(20_000);
    expect(eventsOf(s.trace).map((e) => `${e.at} ${e.actor} ${e.type}`)).toEqual(eventsOf(once.trace, 0, n).map((e) => `${e.at} ${e.actor} ${e.type}`));
    s.destroy();
    once.destroy();
  }, 30_000);

  it('Cancel stops the slices and keeps the playhead; a later seek picks up from what was computed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const s = new Session(heavy, 0, 1, false);
    s.seek(1_000_000);
    await vi.advanceTimersToNextTimerAsync();
    const computed = s.traceLength;
    s.cancelComputing();
    expect(s.computing).toBeNull();
    expect(s.t).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(s.traceLength).toBe(computed);
    s.seek(10_000);
    expect(s.t).toBe(10_000);
    s.destroy();
  });

  it('ends a run at the ceiling of events, naming the parameter that made most of them', async () => {
    const s = new Session(resolveRun({ scenario: 'remus', until: '60s', params: [['epochMs', '1'], ['heartbeatMs', '50']] }).spec, 0, 1, false);
    s.maxEvents = 10_000;
    s.seek(2_000_000);
    expect(s.traceLength).toBeGreaterThanOrEqual(10_000);
    expect(s.traceLength).toBeLessThan(10_100);
    expect(s.untilUs).toBeLessThan(2_000_000);
    expect(s.t).toBe(s.untilUs);
    // The timeline's axis keeps the length asked for; the run stops where the ceiling ended it.
    expect(s.askedUntilUs).toBe(60_000_000);
    expect(s.stopUs).toBe(s.untilUs);
    // The message's words come with their chunk.
    await vi.waitFor(() => expect(s.limit).not.toBeNull());
    expect(s.limit?.field).toBe('epochMs');
    expect(s.limit?.message).toMatch(/^the page computes at most 10,000 trace events of one run; this one reached them at \d+\.\d{3}ms \(about [\d,]+ per simulated second\), most of them from epochMs = 1 ms\. The run ends there: raise epochMs, or open an earlier instant\.$/);
    // Playing on stops there; loading another run lifts the end.
    s.seek(50_000_000);
    expect(s.t).toBe(s.untilUs);
    s.load(resolveRun({ scenario: 'remus', until: '3s' }).spec, 0);
    expect(s.limit).toBeNull();
    expect(s.untilUs).toBe(3_000_000);
    expect(s.stopUs).toBeNull();
    s.destroy();
  });
});

describe('Session: moving the playhead and the faults', () => {
  const remus = resolveRun({ scenario: 'remus', until: '4s' }).spec;

  it('steps to the next and previous instants at which something happened', () => {
    const s = new Session(remus, 0, 1, false);
    s.seek(1_000_000);
    expect([s.t, s.frame.atUs]).toEqual([1_000_000, 1_000_000]);
    s.step();
    // Checkpoint 40 pauses the guest at 1 s; its resume comes 100 µs later (suspend 0.1 ms), then 58 µs on.
    expect([s.t, s.frame.atUs]).toEqual([1_000_100, 1_000_100]);
    s.step();
    expect(s.t).toBe(1_000_158);
    s.stepBack();
    expect(s.t).toBe(1_000_100);
    s.stepBack();
    expect(s.t).toBe(1_000_000);
    s.destroy();
  });

  it('a fault injected now reruns the run with it; events are found forward and back; faults replaced keep the playhead', () => {
    const s = new Session(remus, 0, 1, false);
    s.seek(1_500_000);
    s.inject('crash', 'A');
    expect(s.spec.faults).toEqual([{ kind: 'crash', target: 'A', atUs: 1_500_000 }]);
    expect([s.t, s.frame.hosts.A.power, s.playing]).toEqual([1_500_000, 'crashed', false]);
    // B declares A dead 300 ms after the last heartbeat it heard (1.4001 s) and takes over.
    expect(s.seekEvent((e) => e.type === 'takeover', 1)).toBe(true);
    expect([s.t, s.frame.vm.host]).toEqual([1_700_100, 'B']);
    expect(s.seekEvent((e) => e.type === 'fault.crash', -1)).toBe(true);
    expect(s.t).toBe(1_500_000);
    expect(s.seekEvent((e) => e.type === 'no.such.event', 1)).toBe(false);
    expect(s.t).toBe(1_500_000);
    s.setFaults([]);
    expect([s.t, s.spec.faults.length, s.frame.hosts.A.power]).toEqual([1_500_000, 0, 'up']);
    // K kills whichever host runs the VM now.
    s.killPrimary();
    expect(s.spec.faults).toEqual([{ kind: 'crash', target: 'A', atUs: 1_500_000 }]);
    s.destroy();
  });
});
