import { describe, expect, it } from 'vitest';
import { linkMachine, type LinkEmitted, type LinkMessage } from '../../src/machines/link.machine';
import { CONTROL_MESSAGE_BYTES } from '../../src/sim/link-model';
import { startOnClock } from '../support/sim-harness';

const MIB = 1024 * 1024;

function start(bandwidthBitsPerSec = 1e9, latencyUs = 100) {
  const { actor, emitted, runUntil } = startOnClock<LinkEmitted, typeof linkMachine>(linkMachine, { bandwidthBitsPerSec, latencyUs });
  /** Sends a message at instant `at` (the world always sends at the current time). */
  const send = (at: number, kind: string, bytes: number, traffic: 'control' | 'bulk', from: 'A' | 'B' = 'A') => {
    runUntil(at);
    actor.send({ type: 'link.send', atUs: at, message: { from, to: from === 'A' ? 'B' : 'A', kind, bytes, traffic } });
  };
  const deliveries = () =>
    emitted.flatMap((e) => (e.type === 'link.delivered' ? [{ at: e.at, kind: e.message.kind, id: e.message.id, from: e.message.from }] : []));
  return { actor, emitted, runUntil, send, deliveries };
}

describe('link', () => {
  it('delivers a control message after the latency, not before', () => {
    const l = start(1e9, 100);
    l.send(5_000, 'heartbeat', CONTROL_MESSAGE_BYTES, 'control'); // control: latency only
    l.runUntil(5_099);
    expect(l.deliveries()).toEqual([]);
    l.runUntil(5_100);
    expect(l.deliveries()).toEqual([{ at: 5_100, kind: 'heartbeat', id: 1, from: 'A' }]);
    const msg = (l.emitted.find((e) => e.type === 'link.delivered') as { message: LinkMessage }).message;
    expect(msg).toEqual({ id: 1, from: 'A', to: 'B', kind: 'heartbeat', bytes: CONTROL_MESSAGE_BYTES, traffic: 'control' });
  });

  it('shows a message in flight with its send and arrival times until it arrives', () => {
    const l = start(100e6, 250);
    l.send(1_000, 'pages', 4 * MIB, 'bulk');
    const flying = l.actor.getSnapshot().context.inFlight;
    expect(flying).toHaveLength(1);
    expect(flying[0]).toMatchObject({ sentAtUs: 1_000, arrivesAtUs: 1_000 + 335_545 + 250 });
    l.runUntil(1_000 + 335_545 + 250);
    expect(l.actor.getSnapshot().context.inFlight).toEqual([]);
    expect(l.deliveries().map((d) => d.at)).toEqual([336_795]);
  });

  it('lets control messages overtake bulk data, and serialises bulk per direction', () => {
    const l = start(100e6, 100);
    l.send(0, 'pages-1', 4 * MIB, 'bulk'); // sent at 335545, arrives 335645
    l.send(0, 'pages-2', 4096, 'bulk'); // back to back from the exact end 335544.32 + 327.68 = 335872, + 100
    l.send(0, 'pages-B', 4096, 'bulk', 'B'); // the other direction has its own queue
    l.send(10, 'heartbeat', CONTROL_MESSAGE_BYTES, 'control'); // 10 + 100 (latency only)
    l.runUntil(1_000_000);
    expect(l.deliveries().map((d) => [d.kind, d.at])).toEqual([
      ['heartbeat', 110],
      ['pages-B', 428],
      ['pages-1', 335_645],
      ['pages-2', 335_972],
    ]);
  });

  it('a cut loses what is on the wire and drops new sends; a heal carries new messages again', () => {
    const l = start(100e6, 100);
    l.send(0, 'pages', 4 * MIB, 'bulk');
    l.send(0, 'heartbeat', CONTROL_MESSAGE_BYTES, 'control');
    l.runUntil(1_000); // the heartbeat has arrived, the pages have not
    l.actor.send({ type: 'link.cut' });
    expect(l.actor.getSnapshot().value).toBe('cut');
    expect(l.emitted.at(-1)).toMatchObject({ type: 'link.wasCut', lost: 1 });
    expect(l.actor.getSnapshot().context.inFlight).toEqual([]);
    l.send(2_000, 'heartbeat', CONTROL_MESSAGE_BYTES, 'control');
    expect(l.emitted.at(-1)).toMatchObject({ type: 'link.dropped', kind: 'heartbeat', reason: 'cut' });
    l.runUntil(10_000);
    l.actor.send({ type: 'link.heal' });
    expect(l.actor.getSnapshot().value).toBe('connected');
    expect(l.emitted.at(-1)).toMatchObject({ type: 'link.healed' });
    // The bulk queue is free again: what was lost no longer occupies the wire.
    l.send(20_000, 'pages-2', 4096, 'bulk');
    l.runUntil(2_000_000);
    expect(l.deliveries().map((d) => [d.kind, d.at])).toEqual([
      ['heartbeat', 100],
      ['pages-2', 20_428],
    ]);
  });

  it('a message lost in a cut never arrives, even after a heal before its arrival time', () => {
    const l = start(100e6, 100);
    l.send(0, 'pages', 4 * MIB, 'bulk'); // would arrive at 335645
    l.runUntil(1_000);
    l.actor.send({ type: 'link.cut' });
    l.runUntil(2_000);
    l.actor.send({ type: 'link.heal' });
    l.send(3_000, 'heartbeat', CONTROL_MESSAGE_BYTES, 'control');
    l.runUntil(1_000_000);
    expect(l.deliveries().map((d) => d.kind)).toEqual(['heartbeat']);
  });
});
