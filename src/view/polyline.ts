/**
 * A straight line through points, as SVG path data, written exactly as d3-shape's `line()` writes it
 * (`M0,0L10,5L20,0`, three decimals; a single point `M0,0Z`; none: empty): the statecharts' routed edges and the round
 * chart's rates are straight polylines, and d3-shape (3.5 KB gzipped) would load with them for that
 * alone. Pure.
 */
export function polylinePath<P>(points: readonly P[], x: (p: P) => number, y: (p: P) => number): string {
  if (points.length === 0) return '';
  // Three decimals, as d3-shape's line() rounds by default (its `digits(3)`).
  const r = (v: number) => Math.round(v * 1000) / 1000;
  let d = `M${r(x(points[0]))},${r(y(points[0]))}`;
  for (let i = 1; i < points.length; i++) d += `L${r(x(points[i]))},${r(y(points[i]))}`;
  return points.length === 1 ? `${d}Z` : d;
}
