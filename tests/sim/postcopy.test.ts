/**
 * Post-copy's push order (src/sim/postcopy.ts): every page once; push only walks memory from page 0;
 * bubbling (Hines et al., Fig. 2) grows around the last faulted page, backward edge then forward edge,
 * skipping pages already sent, and goes on alone in one direction when the other reaches an end.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PushOrder } from '../../src/sim/postcopy';

describe('PushOrder', () => {
  it('pushes in order from page 0 without pre-paging, even after a fault', () => {
    const order = new PushOrder(10, 'none');
    expect(order.next(3)).toEqual([0, 1, 2]);
    order.fault(7);
    expect(order.markSent(7)).toBe(true);
    expect(order.next(10)).toEqual([3, 4, 5, 6, 8, 9]);
    expect(order.done).toBe(true);
  });

  it('bubbles around the faulted page, backward then forward, skipping pages sent, one edge alone at an end', () => {
    const order = new PushOrder(12, 'bubbling');
    expect(order.next(2)).toEqual([0, 1]);
    order.fault(9);
    order.markSent(9);
    expect(order.next(6)).toEqual([8, 10, 7, 11, 6, 5]);
    order.fault(3);
    order.markSent(3);
    expect(order.next(10)).toEqual([2, 4]);
    expect(order.done).toBe(true);
    expect(order.markSent(4)).toBe(false);
  });

  it('sends every page exactly once whatever the faults (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.constantFrom('bubbling', 'none'), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 40 })), { maxLength: 30 }), (n, mode, steps) => {
        const order = new PushOrder(n, mode as 'bubbling' | 'none');
        const seen = new Uint8Array(n);
        const take = (pages: number[]) => pages.forEach((p) => seen[p]++);
        for (const [fault, batch] of steps) {
          const page = fault % n;
          order.fault(page);
          if (order.markSent(page)) seen[page]++;
          take(order.next(batch));
        }
        take(order.next(n));
        expect(order.done).toBe(true);
        expect(Array.from(seen).every((k) => k === 1)).toBe(true);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
