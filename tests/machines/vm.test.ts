/**
 * The guest VM machine by its events and snapshots. It never touches memory: each piece of work
 * carries the guest's state version (page writes so far), and a redraw announces the framebuffer
 * pages it dirties (the world writes them; tests/world/world.test.ts checks the memory side).
 */
import { describe, expect, it } from 'vitest';
import { createActor, getInitialSnapshot, transition } from 'xstate';
import { vmMachine, type VmEmitted } from '../../src/machines/vm.machine';
import { NET_RING_SIZE } from '../../src/sim/ring';

function start(framebufferPages = 8) {
  const actor = createActor(vmMachine, { input: { framebufferPages, netPort: 3, blkPort: 4, rttUs: 400 } });
  const emitted: VmEmitted[] = [];
  actor.on('*', (e) => emitted.push(e));
  actor.start();
  const ctx = () => actor.getSnapshot().context;
  const of = <T extends VmEmitted['type']>(type: T) => emitted.filter((e): e is Extract<VmEmitted, { type: T }> => e.type === type);
  /** Deferred work, oldest first. */
  const deferred = () => {
    const out: string[] = [];
    for (let c = ctx().deferred; c; c = c.older) out.unshift(c.work.type);
    return out;
  };
  return { actor, emitted, ctx, of, deferred };
}

describe('vm', () => {
  it('an xclock tick dirties the framebuffer (announced), posts a ring request and notifies netback', () => {
    const v = start(8);
    v.actor.send({ type: 'xclock.tick', atUs: 1_000_000, stateVersion: 40 });
    expect(v.ctx().clockSeq).toBe(1);
    expect(v.ctx().net.reqProd).toBe(1);
    // The frame is drawn by the state after the redraw's 8 writes: version 40 + 8.
    expect(v.ctx().net.outstanding).toEqual([{ id: 1, kind: 'vnc', bytes: 1500, stateVersion: 48, frame: { seq: 1, shows: '00:00:01', stateVersion: 48, drawnUs: 1_000_000 } }]);
    // The frame is a TCP segment: the retransmission timer is armed (RTO = 400 µs + max(4 × 200 µs, 200 ms)).
    expect(v.emitted).toEqual([
      { type: 'xclock.redrawn', seq: 1, shows: '00:00:01', dirtied: 8 },
      { type: 'tcp.timer', dueUs: 1_200_400 },
      { type: 'frontend.notify', frontend: 'netfront', port: 3, output: 1, kind: 'vnc' },
    ]);
    expect(v.ctx().tcp).toMatchObject({ una: 0, unacked: [{ frame: { seq: 1 }, sentAtUs: 1_000_000, resent: false }], timerDueUs: 1_200_400 });
  });

  it("its TCP: an acknowledgement clears the queue and the timer; an expiry resends what is unacknowledged, doubling the timeout; 15 retransmissions, then it gives up", () => {
    const v = start(8);
    v.actor.send({ type: 'xclock.tick', atUs: 0, stateVersion: 0 });
    v.actor.send({ type: 'tcp.ack', atUs: 400, ack: 1, stateVersion: 8 });
    expect(v.ctx().tcp).toMatchObject({ una: 1, unacked: [], timerDueUs: null, retries: 0 });
    // An acknowledgement of more than the guest ever sent is ignored (its TCP is behind the client's).
    v.actor.send({ type: 'tcp.ack', atUs: 500, ack: 5, stateVersion: 8 });
    expect(v.ctx().tcp.una).toBe(1);
    v.actor.send({ type: 'xclock.tick', atUs: 1_000_000, stateVersion: 8 });
    const first = v.ctx().tcp.timerDueUs!;
    expect(first).toBe(1_200_400);
    // A stale timer (armed for another instant) does nothing.
    v.actor.send({ type: 'tcp.timeout', atUs: 1_100_000, dueUs: 1_100_000, stateVersion: 16 });
    expect(v.of('tcp.retransmit')).toHaveLength(0);
    let due = first;
    const gaps: number[] = [];
    for (let i = 0; i < 16; i++) {
      v.actor.send({ type: 'tcp.timeout', atUs: due, dueUs: due, stateVersion: 16 });
      v.actor.send({ type: 'ring.consumed', ring: 'net', count: 1 });
      const next = v.ctx().tcp.timerDueUs;
      if (next === null) break;
      gaps.push(next - due);
      due = next;
    }
    expect(v.of('tcp.retransmit').map((e) => e.retry)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    // Doubling from 200.4 ms (the RTT samples moved SRTT a little) up to the 120 s cap.
    expect(gaps.slice(0, 3).map((g) => Math.round(g / 1000))).toEqual([401, 802, 1603]);
    expect(gaps.at(-1)).toBe(120_000_000);
    expect(v.of('tcp.gaveUp')).toEqual([{ type: 'tcp.gaveUp', una: 1 }]);
    // About 15 minutes from the first expiry to giving up.
    expect(Math.round((due - first) / 60e6)).toBe(15);
    // Every retransmission resent frame 2 as it was.
    expect(v.ctx().net.outstanding.filter((r) => r.frame?.seq === 2).length).toBeGreaterThan(0);
  });

  it('is pure: transition() on a snapshot gives the same next state and actions twice, and leaves the snapshot as it was', () => {
    const s0 = getInitialSnapshot(vmMachine, { framebufferPages: 8, netPort: 3, blkPort: 4, rttUs: 400 });
    const tick = { type: 'xclock.tick' as const, atUs: 2_000_000, stateVersion: 5 };
    const [a, actionsA] = transition(vmMachine, s0, tick);
    const [b, actionsB] = transition(vmMachine, s0, tick);
    expect(a.context).toEqual(b.context);
    expect(actionsA.map((x) => x.type)).toEqual(actionsB.map((x) => x.type));
    expect(s0.context.clockSeq).toBe(0);
    expect(a.context.net.outstanding[0].stateVersion).toBe(13);
  });

  it('numbers frames and outputs in order; packets go through netfront, disk writes through blkfront', () => {
    const v = start();
    v.actor.send({ type: 'xclock.tick', atUs: 0, stateVersion: 0 });
    v.actor.send({ type: 'workload.packet', atUs: 10, bytes: 1500, stateVersion: 8 });
    v.actor.send({ type: 'workload.disk', atUs: 20, bytes: 4096, stateVersion: 8 });
    v.actor.send({ type: 'xclock.tick', atUs: 1_000_000, stateVersion: 900 });
    expect(v.of('frontend.notify').map((e) => [e.frontend, e.port, e.output, e.kind])).toEqual([
      ['netfront', 3, 1, 'vnc'],
      ['netfront', 3, 2, 'packet'],
      ['blkfront', 4, 3, 'disk'],
      ['netfront', 3, 4, 'vnc'],
    ]);
    expect(v.of('xclock.redrawn').map((e) => [e.seq, e.shows])).toEqual([
      [1, '00:00:00'],
      [2, '00:00:01'],
    ]);
    expect(v.ctx().net.outstanding.map((r) => r.id)).toEqual([1, 2, 4]);
    expect(v.ctx().blk.outstanding.map((r) => r.id)).toEqual([3]);
    v.actor.send({ type: 'ring.consumed', ring: 'net', count: 2 });
    expect(v.ctx().net.outstanding.map((r) => r.id)).toEqual([4]);
    expect(v.ctx().net.rspProd).toBe(2);
  });

  it('drops an output when its ring is full', () => {
    const v = start();
    for (let i = 0; i < NET_RING_SIZE + 1; i++) v.actor.send({ type: 'workload.packet', atUs: i, bytes: 100, stateVersion: 0 });
    expect(v.of('frontend.notify')).toHaveLength(NET_RING_SIZE);
    expect(v.of('ring.full')).toEqual([{ type: 'ring.full', frontend: 'netfront' }]);
    expect(v.ctx().ringDrops).toBe(1);
  });

  it('defers work while paused and does it at resume; the redraw shows the resume time', () => {
    const v = start();
    v.actor.send({ type: 'vcpu.pause' });
    expect(v.actor.getSnapshot().value).toBe('paused');
    v.actor.send({ type: 'xclock.tick', atUs: 1_000_000, stateVersion: 0 });
    v.actor.send({ type: 'workload.packet', atUs: 1_200_000, bytes: 1500, stateVersion: 0 });
    expect(v.of('xclock.redrawn')).toEqual([]);
    expect(v.of('frontend.notify')).toEqual([]);
    expect(v.deferred()).toEqual(['xclock.tick', 'workload.packet']);
    v.actor.send({ type: 'vcpu.resume', atUs: 2_300_000, stateVersion: 100 });
    expect(v.actor.getSnapshot().value).toBe('running');
    expect(v.of('vcpu.resumed')).toEqual([{ type: 'vcpu.resumed', redoing: 2 }]);
    expect(v.of('xclock.redrawn')).toEqual([{ type: 'xclock.redrawn', seq: 1, shows: '00:00:02', dirtied: 8 }]);
    expect(v.of('frontend.notify').map((e) => e.kind)).toEqual(['vnc', 'packet']);
    // Done at resume, in order: the redraw's writes come before the packet's state version.
    expect(v.ctx().net.outstanding.map((r) => r.stateVersion)).toEqual([108, 108]);
    expect(v.deferred()).toEqual([]);
  });

  it('collapses several redraws missed in one pause into one', () => {
    const v = start();
    v.actor.send({ type: 'vcpu.pause' });
    for (const t of [1_000_000, 2_000_000, 3_000_000]) v.actor.send({ type: 'xclock.tick', atUs: t, stateVersion: 0 });
    v.actor.send({ type: 'workload.packet', atUs: 3_100_000, bytes: 1500, stateVersion: 0 });
    v.actor.send({ type: 'workload.packet', atUs: 3_200_000, bytes: 1500, stateVersion: 0 });
    v.actor.send({ type: 'vcpu.resume', atUs: 3_500_000, stateVersion: 0 });
    expect(v.of('vcpu.resumed')).toEqual([{ type: 'vcpu.resumed', redoing: 3 }]);
    expect(v.of('xclock.redrawn')).toMatchObject([{ type: 'xclock.redrawn', seq: 1, shows: '00:00:03', dirtied: 8 }]);
    expect(v.of('xclock.redrawn')).toHaveLength(1);
    expect(v.of('frontend.notify').map((e) => e.kind)).toEqual(['vnc', 'packet', 'packet']);
    expect(v.ctx().clockSeq).toBe(1);
    // After resume, work is done at once again.
    v.actor.send({ type: 'xclock.tick', atUs: 4_000_000, stateVersion: 8 });
    expect(v.of('xclock.redrawn').map((e) => e.shows)).toEqual(['00:00:03', '00:00:04']);
  });

  it('is done once destroyed, paused or not', () => {
    const v = start();
    v.actor.send({ type: 'vm.destroy' });
    expect(v.of('vm.destroyed')).toHaveLength(1);
    expect(v.actor.getSnapshot().status).toBe('done');
    const p = start();
    p.actor.send({ type: 'vcpu.pause' });
    p.actor.send({ type: 'xclock.tick', atUs: 1_000_000, stateVersion: 0 });
    p.actor.send({ type: 'vm.destroy' });
    expect(p.actor.getSnapshot().status).toBe('done');
    expect(p.of('xclock.redrawn')).toEqual([]);
  });
});
