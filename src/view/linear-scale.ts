/**
 * A linear scale for the page's first load (the timeline): domain to range and back, and round ticks
 * (d3-array's). d3-scale's scaleLinear would bring d3-interpolate, d3-color and d3-format with it
 * (about 10 KB gzipped of the first load) for what a straight line needs. Pure.
 */
import { ticks as roundTicks } from 'd3-array';

export interface LinearScale {
  (value: number): number;
  /** The domain value at a range position. */
  invert(position: number): number;
  /** About `count` round values across the domain (d3's rule). */
  ticks(count?: number): number[];
}

/** Maps [d0, d1] onto [r0, r1] linearly (a zero-width domain maps to the range's middle). */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): LinearScale {
  const span = d1 - d0;
  const scale = ((value: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0))) as LinearScale;
  scale.invert = (position: number) => (r1 === r0 ? d0 : d0 + ((position - r0) / (r1 - r0)) * span);
  scale.ticks = (count = 10) => roundTicks(d0, d1, count);
  return scale;
}
