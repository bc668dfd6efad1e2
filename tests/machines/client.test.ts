import { describe, expect, it } from 'vitest';
import { clientMachine, type ClientEmitted } from '../../src/machines/client.machine';
import { startOnClock } from '../support/sim-harness';

/** A client on a virtual clock, driven the way the world drives it. */
function start(clientTimeoutMs = 2500) {
  const { actor, emitted, runUntil } = startOnClock<ClientEmitted, typeof clientMachine>(clientMachine, { clientTimeoutMs, nominalIntervalUs: 1_000_000 });
  /** Delivers frame `seq` showing `shows` at instant `at`. */
  const frame = (at: number, seq: number, shows: string) => {
    runUntil(at);
    actor.send({ type: 'vnc.frame', atUs: at, frame: { seq, shows, stateVersion: seq } });
  };
  const ctx = () => actor.getSnapshot().context;
  const state = () => actor.getSnapshot().value;
  return { actor, emitted, runUntil, frame, ctx, state };
}

describe('client', () => {
  it('shows the next frame and keeps its sequence number', () => {
    const c = start();
    expect(c.state()).toBe('connected');
    expect(c.ctx().shows).toBeNull();
    c.frame(200, 1, '00:00:00');
    c.frame(1_000_200, 2, '00:00:01');
    expect(c.ctx()).toMatchObject({ lastSeq: 2, shows: '00:00:01', framesReceived: 2, gaps: 0, duplicates: 0, rollbacks: 0, lastFrameAtUs: 1_000_200 });
    expect(c.emitted.map((e) => e.type)).toEqual(['frame.shown', 'frame.shown']);
    expect(c.actor.getSnapshot().hasTag('session-up')).toBe(true);
  });

  it('counts the frames a gap skipped and still shows the newer frame', () => {
    const c = start(10_000);
    c.frame(200, 1, '00:00:00');
    c.frame(3_000_200, 4, '00:00:03');
    expect(c.ctx()).toMatchObject({ lastSeq: 4, shows: '00:00:03', gaps: 2 });
    c.frame(4_000_200, 5, '00:00:04');
    c.frame(9_000_200, 10, '00:00:09');
    expect(c.ctx().gaps).toBe(6);
    expect(c.emitted.filter((e) => e.type === 'frame.gap')).toMatchObject([{ seq: 4, missing: 2 }, { seq: 10, missing: 4 }]);
    expect(c.state()).toBe('connected');
  });

  it('counts a repeated frame with the same content as a harmless duplicate', () => {
    const c = start();
    c.frame(200, 1, '00:00:00');
    c.frame(1_000_200, 2, '00:00:01');
    c.frame(1_500_000, 2, '00:00:01');
    c.frame(1_600_000, 1, '00:00:00');
    expect(c.state()).toBe('connected');
    expect(c.ctx()).toMatchObject({ lastSeq: 2, shows: '00:00:01', duplicates: 2, rollbacks: 0, framesReceived: 4 });
    expect(c.emitted.filter((e) => e.type === 'frame.duplicate')).toHaveLength(2);
  });

  it('resets the session on a rollback (a seen seq with other content) and then ignores frames', () => {
    const c = start();
    c.frame(200, 1, '00:00:00');
    c.frame(1_000_200, 2, '00:00:01');
    c.frame(2_000_200, 2, '00:00:02');
    expect(c.state()).toBe('reset');
    expect(c.actor.getSnapshot().hasTag('session-down')).toBe(true);
    expect(c.ctx()).toMatchObject({ rollbacks: 1, lastSeq: 2, shows: '00:00:01' });
    expect(c.emitted.at(-1)).toMatchObject({ type: 'session.reset', seq: 2, sawShows: '00:00:01', gotShows: '00:00:02' });
    c.frame(3_000_200, 3, '00:00:03');
    expect(c.state()).toBe('reset');
    expect(c.ctx().lastSeq).toBe(2);
    c.runUntil(60_000_000);
    expect(c.state()).toBe('reset');
  });

  it('loses the session after clientTimeoutMs with no frame, and not before', () => {
    const c = start(2500);
    c.frame(200, 1, '00:00:00');
    c.frame(1_000_200, 2, '00:00:01');
    c.runUntil(3_500_199);
    expect(c.state()).toBe('connected');
    c.runUntil(3_500_200);
    expect(c.state()).toBe('lost');
    expect(c.emitted.filter((e) => e.type === 'session.lost')).toEqual([{ type: 'session.lost', lastSeq: 2, at: 3_500_200 }]);
    c.frame(4_000_000, 3, '00:00:03');
    expect(c.state()).toBe('lost');
    expect(c.ctx().lastSeq).toBe(2);
  });

  it('loses the session when no frame ever comes, counting from the session start', () => {
    const c = start(1000);
    c.runUntil(999_999);
    expect(c.state()).toBe('connected');
    c.runUntil(1_000_000);
    expect(c.state()).toBe('lost');
  });

  it('keeps the largest interval between new frames, counting from the session start, not duplicates', () => {
    const c = start(10_000);
    c.frame(200, 1, '00:00:00');
    expect(c.ctx().maxIntervalUs).toBe(200);
    c.frame(1_000_200, 2, '00:00:01');
    expect(c.ctx().maxIntervalUs).toBe(1_000_000);
    c.frame(1_700_000, 2, '00:00:01'); // duplicate: not a new frame
    c.frame(3_500_200, 3, '00:00:03');
    expect(c.ctx().maxIntervalUs).toBe(2_500_000);
    expect(c.ctx().lastNewFrameAtUs).toBe(3_500_200);
    c.frame(6_500_200, 6, '00:00:06'); // a gap is a new frame too
    expect(c.ctx().maxIntervalUs).toBe(3_000_000);
    c.frame(7_000_200, 7, '00:00:07');
    expect(c.ctx().maxIntervalUs).toBe(3_000_000);
  });
});
