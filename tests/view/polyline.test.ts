import { line } from 'd3-shape';
import { describe, expect, it } from 'vitest';
import { polylinePath } from '../../src/view/polyline';

describe('polyline path', () => {
  it("writes what d3-shape's line() writes, for none, one and many points", () => {
    const d3 = line<readonly number[]>()
      .x((p) => p[0])
      .y((p) => p[1]);
    const cases = [[], [[3, 4]], [[0, 0], [10.5, -5], [20, 1 / 3]], [[1e21, 2], [0.1 + 0.2, 7]]];
    for (const points of cases) expect(polylinePath(points, (p) => p[0], (p) => p[1])).toBe(d3(points) ?? '');
    expect(polylinePath([[0, 0], [10, 5], [20, 0]], (p) => p[0], (p) => p[1])).toBe('M0,0L10,5L20,0');
  });
});
