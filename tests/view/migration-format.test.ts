import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/view/migration-format';

describe('formatCount', () => {
  it('groups digits by three with commas, rounding to a whole number', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(204_800)).toBe('204,800');
    expect(formatCount(1_234_567.6)).toBe('1,234,568');
    expect(formatCount(-16_384)).toBe('-16,384');
    expect(formatCount(-0.2)).toBe('-0');
    expect(formatCount(Number.POSITIVE_INFINITY)).toBe('∞');
    // Past 2^53, Intl's own digits (17 significant).
    expect(formatCount(2 ** 60)).toBe('1,152,921,504,606,847,000');
  });

  it("prints what Intl's en-US format prints, for any number", () => {
    const intl = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -(2 ** 53), max: 2 ** 53 }), fc.double({ noNaN: true })), (x) => {
        expect(formatCount(x)).toBe(intl.format(Math.round(x)));
      }),
      { numRuns: 2000 },
    );
  });
});
