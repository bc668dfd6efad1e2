/**
 * The latency chart's geometry: each released output as a point (release time, added latency), on
 * D3 linear scales fitted to the points shown. Pure.
 */
import { scaleLinear } from 'd3-scale';
import type { Micros } from '../sim/time';

export interface LatencyPoint {
  readonly releasedAtUs: Micros;
  readonly addedUs: Micros;
  readonly kind: 'vnc' | 'packet';
}

export interface LatencyLayout {
  readonly points: readonly { readonly x: number; readonly y: number; readonly kind: 'vnc' | 'packet' }[];
  readonly yTicks: readonly { readonly y: number; readonly label: string }[];
  readonly meanMs: number;
  readonly maxMs: number;
}

/** Lays out `points` in a `width` x `height` box with `pad` around the plot. */
export function layoutLatencies(points: readonly LatencyPoint[], width: number, height: number, pad = 52): LatencyLayout {
  if (points.length === 0) return { points: [], yTicks: [], meanMs: 0, maxMs: 0 };
  const first = points[0].releasedAtUs;
  const last = points[points.length - 1].releasedAtUs;
  const maxUs = Math.max(...points.map((p) => p.addedUs));
  const x = scaleLinear().domain([first, Math.max(last, first + 1)]).range([pad, width - 8]);
  const y = scaleLinear().domain([0, Math.max(maxUs, 1)]).nice().range([height - 10, 10]);
  const mean = points.reduce((a, p) => a + p.addedUs, 0) / points.length;
  const ticks = y.ticks(4);
  // As many decimals as the step between ticks needs (0.05 ms steps show 0.05, 0.10...; 5 ms steps none), so no two ticks read alike.
  const stepMs = ticks.length > 1 ? (ticks[1] - ticks[0]) / 1000 : 1;
  const digits = Math.min(3, Math.max(0, Math.ceil(-Math.log10(stepMs) - 1e-9)));
  return {
    points: points.map((p) => ({ x: x(p.releasedAtUs), y: y(p.addedUs), kind: p.kind })),
    yTicks: ticks.map((v) => ({ y: y(v), label: `${(v / 1000).toFixed(digits)} ms` })),
    meanMs: mean / 1000,
    maxMs: maxUs / 1000,
  };
}
