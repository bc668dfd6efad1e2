/**
 * The sweep chart, headless: which figure of a run it plots (client stall, outputs lost, duplicated,
 * rolled back, downtime or failover time), its D3 scales and axis ticks in one viewBox, one line per
 * technique with a shape and a colour of its own, and each point's words (for its label and the
 * readout). Pure.
 * @see ../../shared/DESIGN.md §7 (Charts: downtime/latency vs a swept parameter)
 */
import { extent } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { line, symbol, symbolCircle, symbolCross, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, symbolWye, type SymbolType } from 'd3-shape';
import type { SweepRow } from '../world/sweep-result';
import type { GlyphShape, TechniqueDescriptor } from './technique';

/** A figure of a run the chart can plot, in the unit it is drawn in (null: no such figure). */
export interface SweepMetric {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  value(row: SweepRow): number | null;
}

export const SWEEP_METRICS: readonly SweepMetric[] = [
  { id: 'stall', label: 'Client stall', unit: 'ms', value: (r) => r.maxStallUs / 1000 },
  { id: 'lost', label: 'Outputs lost', unit: 'outputs', value: (r) => r.outputsLost },
  { id: 'duplicated', label: 'Outputs duplicated', unit: 'outputs', value: (r) => r.outputsDuplicated },
  { id: 'rolledBack', label: 'Outputs rolled back', unit: 'outputs', value: (r) => r.outputsRolledBack },
  {
    id: 'takeover',
    label: 'Downtime or failover time',
    unit: 'ms',
    value: (r) => {
      const us = r.downtimeUs ?? r.failoverUs;
      return us === null ? null : us / 1000;
    },
  },
];

/** The swept variable as the axis shows it: a row's value divided by `per` is in `unit`. */
export interface SweepAxis {
  readonly label: string;
  readonly unit: string;
  readonly per: number;
  /** The sweep's first and last value (row units). */
  readonly from: number;
  readonly to: number;
}

/** One technique's rows in order of value (null: that run has not come back yet), drawn with its glyph. */
export interface ChartSeries {
  readonly id: string;
  readonly title: string;
  readonly glyph: TechniqueDescriptor['glyph'];
  readonly rows: readonly (SweepRow | null)[];
}

export const SWEEP_CHART = { width: 640, height: 300, left: 60, right: 16, top: 14, bottom: 46 } as const;

/** d3-shape's symbol for each glyph shape a descriptor may name. */
const SYMBOLS: Readonly<Record<GlyphShape, SymbolType>> = {
  circle: symbolCircle,
  square: symbolSquare,
  triangle: symbolTriangle,
  diamond: symbolDiamond,
  cross: symbolCross,
  star: symbolStar,
  wye: symbolWye,
};

export interface ChartPoint {
  readonly key: string;
  /** The run's place in its series (the plan's order). */
  readonly index: number;
  readonly x: number;
  readonly y: number;
  readonly row: SweepRow;
  readonly label: string;
}

export interface ChartLine {
  readonly id: string;
  readonly title: string;
  readonly colour: string;
  /** The technique's shape, centred on 0,0 (translate it to each point). */
  readonly shape: string;
  readonly path: string;
  readonly points: readonly ChartPoint[];
}

export interface ChartModel {
  readonly xTicks: readonly { x: number; label: string }[];
  readonly yTicks: readonly { y: number; label: string }[];
  readonly lines: readonly ChartLine[];
  readonly empty: boolean;
}

const num = (v: number) => (Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000));

/** A value of the variable in the axis unit, as a plain number: `2.5`. */
export const axisValue = (axis: SweepAxis, value: number): string => num(value / axis.per);

/** A value of the variable in words: `2.5 s`, `25 ms`. */
export const formatValue = (axis: SweepAxis, value: number): string => `${axisValue(axis, value)} ${axis.unit}`;

/** A label inside a sentence: `Crash time of host A` → `crash time of host A`. */
export const lower = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1);

/** A point's words: technique, variable, the plotted figure and the verdicts. */
export function pointLabel(title: string, axis: SweepAxis, metric: SweepMetric, row: SweepRow): string {
  const v = metric.value(row);
  const verdict = row.invariantsHeld ? 'every invariant held' : `${row.firstBroken} broke`;
  return `${title}, ${lower(axis.label)} ${formatValue(axis, row.value)}: ${lower(metric.label)} ${v === null ? 'none' : `${num(v)} ${metric.unit}`}; session ${row.sessionState}; ${verdict}`;
}

/** A point already placed, kept while its row, the figure and the scales are the same. */
type PointCache = WeakMap<SweepRow, { readonly scales: string; readonly point: ChartPoint }>;

/**
 * Scales, ticks, lines and points of the chart. Given a `cache`, a point whose row, figure and scales
 * did not change is the same object as last time, so a chart that gains a few rows redraws only them.
 */
export function sweepChartModel(series: readonly ChartSeries[], metric: SweepMetric, axis: SweepAxis, cache: PointCache = new WeakMap()): ChartModel {
  const { width, height, left, right, top, bottom } = SWEEP_CHART;
  const lo = axis.from / axis.per;
  const hi = axis.to / axis.per;
  const xDomain = lo < hi ? [lo, hi] : [lo - 1, hi + 1];
  const x = scaleLinear().domain(xDomain).range([left, width - right]);
  const values = series.flatMap((s) => s.rows.map((r) => (r === null ? null : metric.value(r)))).filter((v): v is number => v !== null);
  const [, max] = extent(values);
  const y = scaleLinear().domain([0, max !== undefined && max > 0 ? max : 1]).nice().range([height - bottom, top]);
  const scales = `${metric.id}|${xDomain.join(':')}|${y.domain().join(':')}`;
  const lines = series.map((s) => {
    const points: ChartPoint[] = [];
    s.rows.forEach((row, index) => {
      if (row === null) return;
      const known = cache.get(row);
      if (known && known.scales === scales && known.point.index === index) return points.push(known.point);
      const v = metric.value(row);
      if (v === null) return;
      const point = { key: `${s.id}:${index}`, index, x: x(row.value / axis.per), y: y(v), row, label: pointLabel(s.title, axis, metric, row) };
      cache.set(row, { scales, point });
      points.push(point);
    });
    const path = line<ChartPoint>().x((p) => p.x).y((p) => p.y)(points) ?? '';
    return { id: s.id, title: s.title, colour: s.glyph.colour, shape: symbol(SYMBOLS[s.glyph.shape], 64)() ?? '', path, points };
  });
  return {
    xTicks: x.ticks(6).map((v) => ({ x: x(v), label: num(v) })),
    yTicks: y.ticks(5).map((v) => ({ y: y(v), label: num(v) })),
    lines,
    empty: lines.every((l) => l.points.length === 0),
  };
}
