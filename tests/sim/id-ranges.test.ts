import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdRanges } from '../../src/sim/id-ranges';

describe('IdRanges', () => {
  it('keeps ids in order as one range, a hole as one more, and joins ranges when the hole fills', () => {
    const r = new IdRanges();
    for (let id = 1; id <= 1000; id++) expect(r.add(id)).toBe(true);
    expect([r.size, r.ranges]).toEqual([1000, 1]);
    expect(r.add(1002)).toBe(true);
    expect(r.ranges).toBe(2);
    expect(r.has(1001)).toBe(false);
    expect(r.add(500)).toBe(false);
    expect(r.add(1001)).toBe(true);
    expect([r.size, r.ranges]).toEqual([1002, 1]);
  });

  it('property: agrees with a Set on any sequence of ids', () => {
    let merged = 0;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 12 }), { maxLength: 40 }), (ids) => {
        const r = new IdRanges();
        const s = new Set<number>();
        for (const id of ids) {
          const before = r.ranges;
          expect(r.add(id)).toBe(!s.has(id));
          if (r.ranges < before) merged++;
          s.add(id);
        }
        expect(r.size).toBe(s.size);
        for (let id = 0; id <= 13; id++) {
          expect(r.has(id)).toBe(s.has(id));
          expect(r.countUpTo(id)).toBe([...s].filter((x) => x <= id).length);
        }
      }),
      { numRuns: 300 },
    );
    // The joining branch ran (about 30 times per 100 runs).
    expect(merged).toBeGreaterThan(10);
  });
});
