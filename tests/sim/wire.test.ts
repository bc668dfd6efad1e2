import { describe, expect, it } from 'vitest';
import { CONTROL_MESSAGE_BYTES } from '../../src/sim/link-model';
import { Wire } from '../../src/sim/wire';

const MIB = 1024 * 1024;

function wire(bandwidthBitsPerSec = 1e9, latencyUs = 100) {
  const w = new Wire(bandwidthBitsPerSec, latencyUs);
  let id = 0;
  const send = (at: number, kind: string, bytes: number, traffic: 'control' | 'bulk', from: 'A' | 'B' = 'A') =>
    w.send(at, { id: ++id, from, to: from === 'A' ? 'B' : 'A', kind, bytes, traffic });
  return { w, send };
}

describe('the wire', () => {
  it('times a control message by the latency alone, and gives back the message as sent when it arrives', () => {
    const { w, send } = wire(1e9, 100);
    expect(send(5_000, 'heartbeat', CONTROL_MESSAGE_BYTES, 'control')).toMatchObject({ sentAtUs: 5_000, arrivesAtUs: 5_100 });
    expect(w.arrive(1)).toEqual({ id: 1, from: 'A', to: 'B', kind: 'heartbeat', bytes: CONTROL_MESSAGE_BYTES, traffic: 'control' });
    expect(w.inFlight).toEqual([]);
    expect(w.arrive(1)).toBeUndefined();
  });

  it('shows a message in flight with its send and arrival times until it arrives', () => {
    const { w, send } = wire(100e6, 250);
    send(1_000, 'pages', 4 * MIB, 'bulk');
    expect(w.inFlight).toHaveLength(1);
    expect(w.inFlight[0]).toMatchObject({ sentAtUs: 1_000, arrivesAtUs: 1_000 + 335_545 + 250 });
    const v = w.version;
    w.arrive(1);
    expect(w.inFlight).toEqual([]);
    expect(w.version).toBe(v + 1);
  });

  it('lets control messages overtake bulk data, and serialises bulk per direction', () => {
    const { send } = wire(100e6, 100);
    const times = [
      send(0, 'pages-1', 4 * MIB, 'bulk'), // sent at 335545, arrives 335645
      send(0, 'pages-2', 4096, 'bulk'), // back to back from the exact end 335544.32 + 327.68 = 335872, + 100
      send(0, 'pages-B', 4096, 'bulk', 'B'), // the other direction has its own queue
      send(10, 'heartbeat', CONTROL_MESSAGE_BYTES, 'control'), // 10 + 100 (latency only)
    ].map((f) => [f.kind, f.arrivesAtUs]);
    expect(times).toEqual([
      ['pages-1', 335_645],
      ['pages-2', 335_972],
      ['pages-B', 428],
      ['heartbeat', 110],
    ]);
  });

  it('a cut loses what is on the wire and frees both bulk queues', () => {
    const { w, send } = wire(100e6, 100);
    send(0, 'pages', 4 * MIB, 'bulk');
    send(0, 'pages', 4 * MIB, 'bulk', 'B');
    expect(w.cut()).toBe(2);
    expect(w.inFlight).toEqual([]);
    expect(w.arrive(1)).toBeUndefined();
    // The bulk queue is free again: what was lost no longer occupies the wire.
    expect(send(20_000, 'pages-2', 4096, 'bulk').arrivesAtUs).toBe(20_428);
  });

  it("a sender that stops loses the bulk data still leaving it, not what has left or the other direction's", () => {
    const { w, send } = wire(100e6, 100);
    send(0, 'small', 4096, 'bulk'); // left at 328, arrives 428
    send(0, 'big', 4 * MIB, 'bulk'); // still leaving until 335873
    send(0, 'from-B', 4 * MIB, 'bulk', 'B');
    const dropped = w.senderDown('A', 1_000);
    expect(dropped.map((f) => f.kind)).toEqual(['big']);
    expect(w.inFlight.map((f) => f.kind)).toEqual(['small', 'from-B']);
    expect(send(2_000, 'next', 4096, 'bulk').arrivesAtUs).toBe(2_428);
  });
});
