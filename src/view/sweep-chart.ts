/**
 * The sweep chart, headless: which figure of a run it plots (client stall, outputs lost, duplicated,
 * rolled back, downtime or failover time), its D3 scales and axis ticks in one viewBox (the value axis
 * linear or symlog, ./sweep-y-scale.ts), one line per technique shown with a shape and a colour of its
 * own, each point's words (for its label and the readout), the points a figure cut short by the run's
 * end (./sweep-cut.ts), and which points sit at the same place and how the keys cross lines. Pure.
 * @see ../../shared/DESIGN.md §7 (Charts: downtime/latency vs a swept parameter)
 */
import { extent } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { line, symbol, symbolCircle, symbolCross, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, symbolWye, type SymbolType } from 'd3-shape';
import { formatSpanForPeople } from '../sim/time';
import type { SweepRow } from '../world/sweep-result';
import { runEnd, stallCut, type RunEnd, type RunSpecLike } from './sweep-cut';
import { valueAxis, type YScaleKind } from './sweep-y-scale';
import type { GlyphShape, TechniqueDescriptor } from './technique';

const num = (v: number) => (Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000));
const span = (ms: number) => formatSpanForPeople(Math.round(ms * 1000));
const outputs = (n: number) => `${num(n)} output${n === 1 ? '' : 's'}`;

/** A figure of a run the chart can plot, in the unit it is drawn in (null: no such figure). */
export interface SweepMetric {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  value(row: SweepRow): number | null;
  /** A value of the figure in words: `25.4 ms`, `16 s`, `1 output`. */
  words(v: number): string;
  /** Whether the run's end cut the figure short (it would be larger in a longer run). */
  cut?(row: SweepRow, end: RunEnd | null): boolean;
}

export const SWEEP_METRICS: readonly SweepMetric[] = [
  { id: 'stall', label: 'Client stall', unit: 'ms', value: (r) => r.maxStallUs / 1000, words: span, cut: stallCut },
  { id: 'lost', label: 'Outputs lost', unit: 'outputs', value: (r) => r.outputsLost, words: outputs },
  { id: 'duplicated', label: 'Outputs duplicated', unit: 'outputs', value: (r) => r.outputsDuplicated, words: outputs },
  { id: 'rolledBack', label: 'Outputs rolled back', unit: 'outputs', value: (r) => r.outputsRolledBack, words: outputs },
  {
    id: 'takeover',
    label: 'Downtime or failover time',
    unit: 'ms',
    value: (r) => {
      const us = r.downtimeUs ?? r.failoverUs;
      return us === null ? null : us / 1000;
    },
    words: span,
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

/**
 * One technique's rows in order of value (null: that run has not come back yet), drawn with its glyph;
 * with the planned runs behind them, the chart can tell a figure cut short by the run's end.
 */
export interface ChartSeries {
  readonly id: string;
  readonly title: string;
  readonly glyph: TechniqueDescriptor['glyph'];
  readonly rows: readonly (SweepRow | null)[];
  readonly runs?: readonly { readonly spec: RunSpecLike }[];
}

/** The viewBox and its margins (the top one leaves room for the arrow over a cut point). */
export const SWEEP_CHART = { width: 640, height: 300, left: 66, right: 16, top: 26, bottom: 46 } as const;

/** How near (viewBox units) two marks of the same run value are to be at the same place: they overlap. */
export const NEAR = 8;

/** The arrow drawn over a point whose figure the run's end cut short (centred on the point). */
export const CUT_ARROW = 'M0,-7V-19M-4,-15L0,-19L4,-15';

/** d3-shape's symbol for each glyph shape a descriptor may name. */
/** d3's filled cross turned 45°: an × with an area (d3's own symbolTimes is a stroke, which a filled mark would not show). */
const symbolSaltire: SymbolType = {
  draw(context, size) {
    const r = Math.sqrt(size / 5) / 2;
    const cross: [number, number][] = [
      [-3 * r, -r], [-r, -r], [-r, -3 * r], [r, -3 * r], [r, -r], [3 * r, -r],
      [3 * r, r], [r, r], [r, 3 * r], [-r, 3 * r], [-r, r], [-3 * r, r],
    ];
    const c = Math.SQRT1_2;
    cross.forEach(([x, y], i) => (i === 0 ? context.moveTo : context.lineTo).call(context, c * (x - y), c * (x + y)));
    context.closePath();
  },
};

const SYMBOLS: Readonly<Record<GlyphShape, SymbolType>> = {
  circle: symbolCircle,
  square: symbolSquare,
  triangle: symbolTriangle,
  diamond: symbolDiamond,
  cross: symbolCross,
  star: symbolStar,
  wye: symbolWye,
  times: symbolSaltire,
};

/** A glyph shape as an SVG path centred on 0,0. */
export const glyphPath = (shape: GlyphShape): string => symbol(SYMBOLS[shape], 64)() ?? '';

export interface ChartPoint {
  readonly key: string;
  /** Its series (the technique's id) and the run's place in it (the plan's order). */
  readonly seriesId: string;
  readonly title: string;
  readonly index: number;
  readonly x: number;
  readonly y: number;
  readonly row: SweepRow;
  /** The run's end cut the figure short: it is a lower bound. */
  readonly cut: boolean;
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

/** A technique in the chart's key, which doubles as its toggles. */
export interface ChartKeyEntry {
  readonly id: string;
  readonly title: string;
  readonly colour: string;
  readonly shape: string;
  readonly shown: boolean;
}

export interface ChartModel {
  readonly xTicks: readonly { x: number; label: string }[];
  readonly yTicks: readonly { y: number; label: string }[];
  /** The lines of the techniques shown. */
  readonly lines: readonly ChartLine[];
  /** Every technique, shown or hidden. */
  readonly key: readonly ChartKeyEntry[];
  readonly empty: boolean;
  /** Some point shown is cut short by its run's end. */
  readonly cut: boolean;
}

/** How the chart is drawn: the value axis, the techniques hidden, and a cache of placed points. */
export interface ChartOptions {
  readonly scale?: YScaleKind;
  readonly hidden?: readonly string[];
  readonly cache?: PointCache;
}

/** A value of the variable in the axis unit, as a plain number: `2.5`. */
export const axisValue = (axis: SweepAxis, value: number): string => num(value / axis.per);

/** A value of the variable in words: `2.5 s`, `25 ms`. */
export const formatValue = (axis: SweepAxis, value: number): string => `${axisValue(axis, value)} ${axis.unit}`;

/** A label inside a sentence: `Crash time of host A` → `crash time of host A`. */
export const lower = (label: string): string => label.charAt(0).toLowerCase() + label.slice(1);

/** A point's words: technique, variable, the plotted figure (a lower bound if `cut`) and the verdicts. */
export function pointLabel(title: string, axis: SweepAxis, metric: SweepMetric, row: SweepRow, cut = false): string {
  const v = metric.value(row);
  const figure = v === null ? 'none' : cut ? `at least ${metric.words(v)} (cut by the run's end)` : metric.words(v);
  const verdict = row.invariantsHeld ? 'every invariant held' : `${row.firstBroken} broke`;
  return `${title}, ${lower(axis.label)} ${formatValue(axis, row.value)}: ${lower(metric.label)} ${figure}; session ${row.sessionState}; ${verdict}`;
}

/** A point already placed, kept while its row, the figure and the scales are the same. */
type PointCache = WeakMap<SweepRow, { readonly scales: string; readonly point: ChartPoint }>;

/**
 * Scales, ticks, lines and points of the chart; hidden techniques have no line and do not count
 * toward the value axis. Given a `cache`, a point whose row, figure and scales did not change is the
 * same object as last time, so a chart that gains a few rows redraws only them.
 */
export function sweepChartModel(series: readonly ChartSeries[], metric: SweepMetric, axis: SweepAxis, options: ChartOptions = {}): ChartModel {
  const { scale = 'linear', hidden = [], cache = new WeakMap() } = options;
  const { width, height, left, right, top, bottom } = SWEEP_CHART;
  const shown = series.filter((s) => !hidden.includes(s.id));
  const lo = axis.from / axis.per;
  const hi = axis.to / axis.per;
  const xDomain = lo < hi ? [lo, hi] : [lo - 1, hi + 1];
  const x = scaleLinear().domain(xDomain).range([left, width - right]);
  const values = shown.flatMap((s) => s.rows.map((r) => (r === null ? null : metric.value(r)))).filter((v): v is number => v !== null);
  const y = valueAxis(scale, extent(values)[1], [height - bottom, top]);
  const scales = `${metric.id}|${scale}|${xDomain.join(':')}|${y.domain.join(':')}`;
  const lines = shown.map((s) => {
    const points: ChartPoint[] = [];
    s.rows.forEach((row, index) => {
      if (row === null) return;
      const known = cache.get(row);
      if (known && known.scales === scales && known.point.index === index) return points.push(known.point);
      const v = metric.value(row);
      if (v === null) return;
      const spec = s.runs?.[index]?.spec;
      const cut = metric.cut?.(row, spec ? runEnd(spec) : null) ?? false;
      const label = pointLabel(s.title, axis, metric, row, cut);
      const point = { key: `${s.id}:${index}`, seriesId: s.id, title: s.title, index, x: x(row.value / axis.per), y: y.y(v), row, cut, label };
      cache.set(row, { scales, point });
      points.push(point);
    });
    const path = line<ChartPoint>().x((p) => p.x).y((p) => p.y)(points) ?? '';
    return { id: s.id, title: s.title, colour: s.glyph.colour, shape: glyphPath(s.glyph.shape), path, points };
  });
  return {
    xTicks: x.ticks(6).map((v) => ({ x: x(v), label: num(v) })),
    yTicks: y.ticks.map((t) => ({ y: y.y(t.value), label: t.label })),
    lines,
    key: series.map((s) => ({ id: s.id, title: s.title, colour: s.glyph.colour, shape: glyphPath(s.glyph.shape), shown: !hidden.includes(s.id) })),
    empty: lines.every((l) => l.points.length === 0),
    cut: lines.some((l) => l.points.some((p) => p.cut)),
  };
}

const pointsOf = (model: ChartModel): ChartPoint[] => model.lines.flatMap((l) => l.points);

/**
 * The points at the same place as the point `key` (itself included), in the lines' order: those of
 * the same run value whose marks overlap it. A pointer there may mean any of them.
 */
export function pointsAt(model: ChartModel, key: string): ChartPoint[] {
  const all = pointsOf(model);
  const p = all.find((q) => q.key === key);
  return p ? all.filter((q) => q.row.value === p.row.value && Math.abs(q.y - p.y) <= NEAR) : [];
}

/**
 * The point of another line at the same run value, just above (`-1`) or below (`1`) the point `key`
 * on screen; points at the same height go in the lines' order, so the keys reach coincident points.
 */
export function stepAcross(model: ChartModel, key: string, dir: 1 | -1): ChartPoint | null {
  const all = pointsOf(model);
  const p = all.find((q) => q.key === key);
  if (!p) return null;
  const column = all.filter((q) => q.row.value === p.row.value).sort((a, b) => a.y - b.y);
  return column[column.indexOf(p) + dir] ?? null;
}
