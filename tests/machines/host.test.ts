import { describe, expect, it } from 'vitest';
import { hostMachine, type HostEmitted } from '../../src/machines/host.machine';
import { startOnClock } from '../support/sim-harness';

function start(heartbeatMs = 100, failureTimeoutMs = 300) {
  const { actor, emitted, runUntil, queue } = startOnClock<HostEmitted, typeof hostMachine>(hostMachine, { id: 'A', heartbeatMs, failureTimeoutMs });
  const times = (type: HostEmitted['type']) => emitted.filter((e) => e.type === type).map((e) => e.at);
  /** The peer's heartbeat arrives at `at`. */
  const heard = (at: number) => {
    runUntil(at);
    actor.send({ type: 'heartbeat.received' });
  };
  return { actor, queue, emitted, runUntil, times, heard };
}

describe('host', () => {
  it('sends a heartbeat every heartbeatMs of simulated time', () => {
    const h = start(100);
    h.runUntil(99_999);
    expect(h.times('heartbeat.sent')).toEqual([]);
    h.runUntil(1_000_000);
    expect(h.times('heartbeat.sent')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((k) => k * 100_000));
    expect(h.emitted.find((e) => e.type === 'heartbeat.sent')).toMatchObject({ host: 'A' });
  });

  it('keeps beating on its own period whatever it hears', () => {
    const h = start(70, 300);
    for (const t of [33_000, 95_000, 150_001]) h.heard(t);
    h.runUntil(500_000);
    expect(h.times('heartbeat.sent')).toEqual([70_000, 140_000, 210_000, 280_000, 350_000, 420_000, 490_000]);
  });

  it('declares the peer dead after failureTimeoutMs of silence, and not before', () => {
    const h = start(100, 300);
    for (const t of [100_101, 200_101, 300_101, 412_345]) h.heard(t);
    h.runUntil(712_344);
    expect(h.times('peer.dead')).toEqual([]);
    h.runUntil(712_345);
    expect(h.times('peer.dead')).toEqual([712_345]);
    expect(h.emitted.find((e) => e.type === 'peer.dead')).toMatchObject({ host: 'A' });
    h.runUntil(5_000_000);
    expect(h.times('peer.dead')).toEqual([712_345]);
  });

  it('counts the silence from the start when the peer is never heard', () => {
    const h = start(100, 250);
    h.runUntil(249_999);
    expect(h.times('peer.dead')).toEqual([]);
    h.runUntil(250_000);
    expect(h.times('peer.dead')).toEqual([250_000]);
  });

  it('notes the peer is back when a heartbeat comes after it was declared dead, and watches again', () => {
    const h = start(100, 300);
    h.runUntil(300_000);
    expect(h.times('peer.dead')).toEqual([300_000]);
    h.heard(450_000);
    expect(h.times('peer.back')).toEqual([450_000]);
    h.runUntil(750_000);
    expect(h.times('peer.dead')).toEqual([300_000, 750_000]);
  });

  it('stops beating and watching when it crashes', () => {
    const h = start(100, 300);
    h.heard(100_101);
    h.runUntil(350_000);
    h.actor.send({ type: 'host.crash' });
    expect(h.actor.getSnapshot().value).toBe('crashed');
    expect(h.actor.getSnapshot().hasTag('down')).toBe(true);
    expect(h.times('host.crashed')).toEqual([350_000]);
    expect(h.queue.size).toBe(0);
    h.heard(400_000);
    h.runUntil(10_000_000);
    expect(h.times('heartbeat.sent')).toEqual([100_000, 200_000, 300_000]);
    expect(h.times('peer.dead')).toEqual([]);
  });

  it('stops beating when fenced', () => {
    const h = start(100, 300);
    h.runUntil(250_000);
    h.actor.send({ type: 'host.fence' });
    h.runUntil(2_000_000);
    expect(h.actor.getSnapshot().value).toBe('fenced');
    expect(h.times('host.fenced')).toEqual([250_000]);
    expect(h.times('heartbeat.sent')).toEqual([100_000, 200_000]);
  });
});
