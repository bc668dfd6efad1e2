import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTROL_MESSAGE_BYTES, IDLE_STREAM, streamTransfer, timeTransfer, transmitUs } from '../../src/sim/link-model';
import { PAGE_BITS } from '../../src/sim/memory';

describe('transmitUs', () => {
  it('rounds the sending time up to whole µs', () => {
    expect(transmitUs(CONTROL_MESSAGE_BYTES * 8, 1e9)).toBe(1); // 0.512 µs
    expect(transmitUs(8000, 8e6)).toBe(1000); // exact: no rounding up
    expect(transmitUs(8001, 8e6)).toBe(1001);
    expect(transmitUs(PAGE_BITS, 1e9)).toBe(33); // 32.768 µs
    expect(transmitUs(0, 1e9)).toBe(0);
  });

  it('rounds once per transfer: a batch of pages is one transfer', () => {
    expect(transmitUs(10 * PAGE_BITS, 1e9)).toBe(328); // ceil(327.68), not 10 x 33
    expect(transmitUs(4 * 1024 * 1024 * 8, 100e6)).toBe(335_545); // 4 MiB at 100 Mbit/s
  });

  it('is the least whole µs >= bits x 10^6 / bandwidth (property, exact integer arithmetic)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 33 }), fc.integer({ min: 1_000_000, max: 100_000_000_000 }), (bits, bw) => {
        const exact = (BigInt(bits) * 1_000_000n + BigInt(bw) - 1n) / BigInt(bw);
        expect(transmitUs(bits, bw)).toBe(Number(exact));
      }),
      { numRuns: 500 },
    );
  });
});

describe('timeTransfer', () => {
  it('arrives at start + ceil(bits x 10^6 / bw) + latency', () => {
    expect(timeTransfer(1000, PAGE_BITS, 'bulk', 0, 1e9, 100)).toEqual({ startUs: 1000, sentUs: 1033, arrivesUs: 1133 });
  });

  it('queues bulk data behind the bulk transfer still being sent (FIFO)', () => {
    const first = timeTransfer(0, 100 * PAGE_BITS, 'bulk', 0, 1e9, 100);
    expect(first).toEqual({ startUs: 0, sentUs: 3277, arrivesUs: 3377 });
    const second = timeTransfer(10, PAGE_BITS, 'bulk', first.sentUs, 1e9, 100);
    expect(second).toEqual({ startUs: 3277, sentUs: 3310, arrivesUs: 3410 });
    // Once the queue is idle, a bulk transfer starts at once.
    expect(timeTransfer(5000, PAGE_BITS, 'bulk', second.sentUs, 1e9, 100).startUs).toBe(5000);
  });

  it('does not delay control messages behind bulk data, and they take only the latency', () => {
    const busyUntil = 335_545;
    const hb = timeTransfer(10, CONTROL_MESSAGE_BYTES * 8, 'control', busyUntil, 100e6, 100);
    expect(hb).toEqual({ startUs: 10, sentUs: 10, arrivesUs: 110 });
    expect(timeTransfer(10, CONTROL_MESSAGE_BYTES * 8, 'control', 0, 1e9, 0).arrivesUs).toBe(10);
  });

  it('bulk transfers queued back to back arrive in order, each a whole transfer later (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 2000 }), pages: fc.integer({ min: 1, max: 64 }) }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 1000 }),
        (sends, mbps, latency) => {
          const bw = mbps * 1e6;
          let now = 0;
          let busy = 0;
          let lastArrival = -1;
          for (const s of sends) {
            now += s.gap;
            const t = timeTransfer(now, s.pages * PAGE_BITS, 'bulk', busy, bw, latency);
            expect(t.startUs).toBe(Math.max(now, busy));
            expect(t.sentUs - t.startUs).toBe(transmitUs(s.pages * PAGE_BITS, bw));
            expect(t.arrivesUs - t.sentUs).toBe(latency);
            expect(t.arrivesUs).toBeGreaterThan(lastArrival);
            lastArrival = t.arrivesUs;
            busy = t.sentUs;
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('bulk streams', () => {
  it('keeps back-to-back batches on their exact ends, each end rounded up', () => {
    // 1024 pages at 1 Gbit/s: 33,554.432 µs each. Ten in a row end at ceil(k x 33,554.432), not k x 33,555.
    let stream = IDLE_STREAM;
    let now = 0;
    for (let k = 1; k <= 10; k++) {
      const t = streamTransfer(now, 1024 * PAGE_BITS, stream, 1e9, 0);
      expect(t.sentUs).toBe(Math.ceil(k * 33_554.432));
      stream = t.stream;
      now = t.sentUs; // the sender queues the next batch when this one has left
    }
  });
  it('starts afresh after an idle gap or at another rate', () => {
    const first = streamTransfer(0, PAGE_BITS, IDLE_STREAM, 1e9, 0); // ends at 32.768 -> 33
    expect(streamTransfer(100, PAGE_BITS, first.stream, 1e9, 0).sentUs).toBe(133);
    expect(streamTransfer(33, PAGE_BITS, first.stream, 100e6, 0).sentUs).toBe(33 + 328);
  });
});
