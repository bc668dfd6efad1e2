import { describe, expect, it } from 'vitest';
import { hostMachine, type HostEmitted } from '../../src/machines/host.machine';
import { startOnClock } from '../support/sim-harness';

function start() {
  const { actor, emitted, queue } = startOnClock<HostEmitted, typeof hostMachine>(hostMachine, { id: 'A', heartbeatMs: 100, failureTimeoutMs: 300 });
  const types = () => emitted.map((e) => e.type);
  return { actor, queue, emitted, types };
}

describe('host', () => {
  it('comes up believing its peer alive, with no timer of its own (the world times heartbeats and silence)', () => {
    const h = start();
    expect(h.actor.getSnapshot().matches({ up: { beating: 'sending', watching: 'peerAlive' } })).toBe(true);
    expect(h.actor.getSnapshot().hasTag('powered')).toBe(true);
    expect(h.queue.size).toBe(0);
  });

  it('declares the peer dead when told of its silence, once', () => {
    const h = start();
    h.actor.send({ type: 'heartbeat.received' });
    expect(h.types()).toEqual([]);
    h.actor.send({ type: 'peer.silent' });
    expect(h.emitted).toEqual([expect.objectContaining({ type: 'peer.dead', host: 'A' })]);
    expect(h.actor.getSnapshot().matches({ up: { watching: 'peerSuspected' } })).toBe(true);
    h.actor.send({ type: 'peer.silent' });
    expect(h.types()).toEqual(['peer.dead']);
  });

  it('notes the peer is back when a heartbeat comes after it was declared dead, and watches again', () => {
    const h = start();
    h.actor.send({ type: 'peer.silent' });
    h.actor.send({ type: 'heartbeat.received' });
    expect(h.types()).toEqual(['peer.dead', 'peer.back']);
    expect(h.actor.getSnapshot().matches({ up: { watching: 'peerAlive' } })).toBe(true);
    h.actor.send({ type: 'peer.silent' });
    expect(h.types()).toEqual(['peer.dead', 'peer.back', 'peer.dead']);
  });

  it('stops watching when it crashes', () => {
    const h = start();
    h.actor.send({ type: 'host.crash' });
    expect(h.actor.getSnapshot().value).toBe('crashed');
    expect(h.actor.getSnapshot().hasTag('down')).toBe(true);
    h.actor.send({ type: 'peer.silent' });
    h.actor.send({ type: 'heartbeat.received' });
    expect(h.types()).toEqual(['host.crashed']);
  });

  it('is down when fenced', () => {
    const h = start();
    h.actor.send({ type: 'host.fence' });
    h.actor.send({ type: 'peer.silent' });
    expect(h.actor.getSnapshot().value).toBe('fenced');
    expect(h.types()).toEqual(['host.fenced']);
  });
});
