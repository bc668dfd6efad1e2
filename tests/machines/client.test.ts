import { describe, expect, it } from 'vitest';
import { clientMachine, type ClientEmitted } from '../../src/machines/client.machine';
import { startOnClock } from '../support/sim-harness';

/** A client on a virtual clock (1 Hz xclock, 200 µs network), driven the way the world drives it. */
function start(clientTimeoutMs = 0, clockHz = 1) {
  const { actor, emitted, runUntil } = startOnClock<ClientEmitted, typeof clientMachine>(clientMachine, { clientTimeoutMs, clockHz, latencyUs: 200 });
  /** Delivers frame `seq` showing `shows`, drawn at `drawnUs`, at instant `at`. */
  const frame = (at: number, seq: number, shows: string, drawnUs?: number, stateVersion = seq) => {
    runUntil(at);
    actor.send({ type: 'vnc.frame', atUs: at, frame: { seq, shows, stateVersion, ...(drawnUs === undefined ? {} : { drawnUs }) } });
  };
  const ctx = () => actor.getSnapshot().context;
  const state = () => actor.getSnapshot().value;
  const acks = () => emitted.filter((e) => e.type === 'tcp.ack').map((e) => (e as { ack: number }).ack);
  return { actor, emitted, runUntil, frame, ctx, state, acks };
}

describe('client (a VNC viewer over TCP)', () => {
  it('shows the next frame, keeps its sequence number and acknowledges it', () => {
    const c = start();
    expect(c.state()).toBe('connected');
    expect(c.ctx().shows).toBeNull();
    c.frame(200, 1, '00:00:00', 0);
    c.frame(1_000_200, 2, '00:00:01', 1_000_000);
    expect(c.ctx()).toMatchObject({ lastSeq: 2, shows: '00:00:01', framesReceived: 2, gaps: 0, duplicates: 0, rollbacks: 0, lastFrameAtUs: 1_000_200, maxLateUs: 0 });
    expect(c.emitted.map((e) => e.type)).toEqual(['frame.shown', 'tcp.ack', 'frame.shown', 'tcp.ack']);
    expect(c.acks()).toEqual([1, 2]);
    expect(c.actor.getSnapshot().hasTag('session-up')).toBe(true);
  });

  it('holds a segment that arrives after a missing one (acknowledging only what is in order), and shows both once the missing one is retransmitted', () => {
    const c = start();
    c.frame(200, 1, '00:00:00', 0);
    c.frame(2_000_200, 3, '00:00:02', 2_000_000);
    expect(c.ctx()).toMatchObject({ lastSeq: 1, shows: '00:00:00', gaps: 1, held: [{ seq: 3 }] });
    expect(c.emitted.filter((e) => e.type === 'frame.gap')).toMatchObject([{ seq: 3, missing: 1 }]);
    // The retransmission of 2 fills the gap: 2 and then the held 3 are taken.
    c.frame(2_200_200, 2, '00:00:01', 1_000_000);
    expect(c.ctx()).toMatchObject({ lastSeq: 3, shows: '00:00:02', held: [] });
    expect(c.acks()).toEqual([1, 1, 3]);
    // Frame 2 was due at 1.0002 s and came 1.2 s late; 3 was on time but held behind it.
    expect(c.ctx().maxLateUs).toBe(1_200_000);
  });

  it('counts a repeated frame with the same content as a harmless duplicate, and acknowledges it again', () => {
    const c = start();
    c.frame(200, 1, '00:00:00', 0);
    c.frame(1_000_200, 2, '00:00:01', 1_000_000);
    c.frame(1_500_000, 2, '00:00:01', 1_000_000);
    c.frame(1_600_000, 1, '00:00:00', 0);
    expect(c.state()).toBe('connected');
    expect(c.ctx()).toMatchObject({ lastSeq: 2, shows: '00:00:01', duplicates: 2, rollbacks: 0, framesReceived: 4 });
    expect(c.acks()).toEqual([1, 2, 2, 2]);
  });

  it('resets the session on a rollback (a seen seq with other content) and then ignores frames', () => {
    const c = start();
    c.frame(200, 1, '00:00:00', 0);
    c.frame(1_000_200, 2, '00:00:01', 1_000_000);
    c.frame(2_000_200, 2, '00:00:02', 2_000_000);
    expect(c.state()).toBe('reset');
    expect(c.actor.getSnapshot().hasTag('session-down')).toBe(true);
    expect(c.ctx()).toMatchObject({ rollbacks: 1, lastSeq: 2, shows: '00:00:01' });
    expect(c.emitted.at(-1)).toMatchObject({ type: 'session.reset', seq: 2, sawShows: '00:00:01', gotShows: '00:00:02' });
    c.frame(3_000_200, 3, '00:00:03', 3_000_000);
    expect(c.state()).toBe('reset');
    expect(c.ctx().lastSeq).toBe(2);
    c.runUntil(60_000_000);
    expect(c.state()).toBe('reset');
  });

  it('stalls when the next frame is overdue by 0.1 s, at that instant, and recovers when it comes: a pause of any length is a stall, not a loss', () => {
    const c = start();
    c.frame(200, 1, '00:00:00', 0);
    // Frame 2 is due at 1.0002 s: stalled from 1.1002 s on, and still so a minute later (no watchdog).
    c.runUntil(1_100_199);
    expect(c.state()).toBe('connected');
    c.runUntil(1_100_200);
    expect(c.state()).toBe('stalled');
    expect(c.emitted.filter((e) => e.type === 'session.stalled')).toEqual([{ type: 'session.stalled', dueUs: 1_000_200, at: 1_100_200 }]);
    c.runUntil(61_000_000);
    expect(c.state()).toBe('stalled');
    // A redraw at resume, 61 s in: the session is connected again, the frame 60 s late.
    c.frame(61_000_200, 2, '00:01:01', 61_000_000);
    expect(c.state()).toBe('connected');
    expect(c.ctx().maxLateUs).toBe(60_000_000);
    expect(c.emitted.filter((e) => e.type === 'session.recovered')).toHaveLength(1);
  });

  it('a frame late by less than 0.1 s leaves the session connected; a frame drawn before the next tick is not late at all', () => {
    const c = start();
    c.frame(200, 1, '00:00:00', 0);
    c.frame(1_050_200, 2, '00:00:01', 1_000_000);
    expect(c.state()).toBe('connected');
    expect(c.ctx().maxLateUs).toBe(50_000);
    expect(c.emitted.some((e) => e.type === 'session.stalled')).toBe(false);
    // A redraw at a resume between ticks (1.5 s) covers no tick after 1.0 s other than 2.0 s: not late.
    c.frame(1_500_200, 3, '00:00:01', 1_500_000);
    expect(c.ctx().maxLateUs).toBe(50_000);
  });

  it('with the watchdog on, loses the session after clientTimeoutMs with no new frame, and not before (counting from the session start when none came)', () => {
    const c = start(2500);
    c.frame(200, 1, '00:00:00', 0);
    c.frame(1_000_200, 2, '00:00:01', 1_000_000);
    c.runUntil(3_500_199);
    expect(c.state()).toBe('stalled');
    c.runUntil(3_500_200);
    expect(c.state()).toBe('lost');
    expect(c.emitted.filter((e) => e.type === 'session.lost')).toEqual([{ type: 'session.lost', lastSeq: 2, why: 'watchdog', at: 3_500_200 }]);
    c.frame(4_000_000, 3, '00:00:03', 3_000_000);
    expect(c.state()).toBe('lost');
    expect(c.ctx().lastSeq).toBe(2);
    const never = start(1000);
    never.runUntil(999_999);
    expect(never.state()).toBe('stalled');
    never.runUntil(1_000_000);
    expect(never.state()).toBe('lost');
  });

  it("loses the session when the guest's TCP gives up and resets the connection", () => {
    const c = start();
    c.frame(200, 1, '00:00:00', 0);
    c.runUntil(900_000_000);
    expect(c.state()).toBe('stalled');
    c.actor.send({ type: 'tcp.rst', atUs: 900_000_000 });
    expect(c.state()).toBe('lost');
    expect(c.ctx().lostBecause).toBe('tcp-reset');
  });

  it('at 10 Hz a frame is due every 100 ms: 60 ms late is not a stall, 150 ms late is', () => {
    const c = start(0, 10);
    c.frame(200, 1, '00:00:00', 0);
    c.frame(160_200, 2, '00:00:00', 100_000);
    expect(c.ctx().maxLateUs).toBe(60_000);
    expect(c.state()).toBe('connected');
    c.runUntil(300_200);
    expect(c.state()).toBe('stalled');
  });
});
