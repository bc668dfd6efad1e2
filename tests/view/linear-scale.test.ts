import { scaleLinear } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import { linearScale } from '../../src/view/linear-scale';

describe('linearScale (the timeline’s first-load scale)', () => {
  it('maps, inverts and ticks as d3-scale’s scaleLinear does for the timeline’s domains', () => {
    for (const [endUs, x0, x1, count] of [
      [8_000_000, 100, 1258, 10],
      [12_345_678, 96, 372, 4],
      [240_000_000, 100, 1258, 10],
      [1, 0, 10, 2],
    ] as const) {
      const ours = linearScale([0, endUs], [x0, x1]);
      const d3 = scaleLinear().domain([0, endUs]).range([x0, x1]);
      for (const v of [0, endUs / 3, endUs]) expect(ours(v)).toBeCloseTo(d3(v), 9);
      for (const p of [x0, (x0 + x1) / 2, x1]) expect(ours.invert(p)).toBeCloseTo(d3.invert(p), 6);
      expect(ours.ticks(count)).toEqual(d3.ticks(count));
    }
  });

  it('puts a zero-width domain in the middle of the range', () => {
    expect(linearScale([0, 0], [0, 100])(0)).toBe(50);
  });
});
