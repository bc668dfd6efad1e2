/**
 * The round chart, headless: the rows it shows (closed rounds plus the round in progress), its D3
 * scales and geometry in one viewBox, and its words (accessible summary, why rounds shrink or not).
 * Bars: pages sent per round. Below them, per round, the pages the link sent per second against the
 * pages the guest dirtied per second: when dirtying is slower, each round is shorter than the last.
 * Pure.
 * @see ../../shared/DESIGN.md §7 (Charts) and research/domain-facts.md §2 (pre-copy rounds)
 */
import { scaleBand, scaleLinear, scaleLog } from 'd3-scale';
import { polylinePath } from './polyline';
import type { Micros } from '../sim/time';
import type { MigrationFrame } from '../world/frame';
import { formatSpanForPeople } from '../sim/time';
import { formatCount, formatRate, formatShort, pagesPerSec } from './migration-format';

/** One bar of the chart. */
export interface RoundRow {
  readonly index: number;
  readonly pagesSent: number;
  /** Pages the round set out to send (the whole round for a closed one). */
  readonly pagesPlanned: number;
  /** Null while the round is in progress. */
  readonly durationUs: Micros | null;
  readonly rateBitsPerSec: number;
  /** The stop-and-copy round (the VM is suspended). */
  readonly final: boolean;
  /** The round in progress. */
  readonly live: boolean;
  /** A round that never finished: the migration was aborted or the VM lost during it. */
  readonly cutShort: boolean;
  /** Distinct pages the guest dirtied per second of the round (null in progress and in the final round). */
  readonly dirtiedPerSec: number | null;
  /** Pages dirtied during the round: what the next round must send. */
  readonly pagesDirtied: number | null;
}

/**
 * The rows of a migration frame: every closed round, then the round in progress if any (or the round
 * a failure cut short).
 */
export function roundRows(m: MigrationFrame): RoundRow[] {
  const rows: RoundRow[] = m.rounds.map((r) => {
    const durationUs = r.endUs - r.startUs;
    return {
      index: r.index,
      pagesSent: r.pagesSent,
      pagesPlanned: r.pagesSent,
      durationUs,
      rateBitsPerSec: r.rateBitsPerSec,
      final: r.final,
      live: false,
      cutShort: false,
      dirtiedPerSec: r.final || durationUs <= 0 ? null : r.pagesDirtied / (durationUs / 1e6),
      pagesDirtied: r.final ? null : r.pagesDirtied,
    };
  });
  const last = m.rounds[m.rounds.length - 1];
  const open = m.outcome === 'in-progress' || m.outcome === 'aborted' || m.outcome === 'vm-lost';
  if (open && m.round > 0 && (!last || last.index < m.round)) {
    rows.push({
      index: m.round,
      pagesSent: m.roundPagesSent,
      pagesPlanned: m.roundPagesPlanned,
      durationUs: null,
      rateBitsPerSec: m.rateBitsPerSec,
      final: m.finalRound,
      live: m.outcome === 'in-progress',
      cutShort: m.outcome !== 'in-progress',
      dirtiedPerSec: null,
      pagesDirtied: null,
    });
  }
  return rows;
}

/** The viewBox of the chart and where its two panels sit in it. */
export const CHART = { width: 420, height: 282, left: 48, right: 12, barsTop: 22, barsBottom: 150, ratesTop: 194, ratesBottom: 250 } as const;

export interface Bar {
  readonly row: RoundRow;
  readonly x: number;
  readonly width: number;
  readonly y: number;
  readonly height: number;
  /** Top of the planned outline (the round in progress), or null. */
  readonly plannedY: number | null;
}

export interface Tick {
  readonly value: number;
  readonly y: number;
  readonly label: string;
}

export interface ChartModel {
  readonly bars: readonly Bar[];
  readonly barTicks: readonly Tick[];
  readonly rateTicks: readonly Tick[];
  /** Round numbers under the bars (thinned to fit). */
  readonly roundTicks: readonly { index: number; x: number }[];
  /** Paths and points of the two rate series (pages per second). */
  readonly sendPath: string;
  readonly dirtyPath: string;
  readonly sendPoints: readonly { x: number; y: number; index: number; value: number }[];
  readonly dirtyPoints: readonly { x: number; y: number; index: number; value: number }[];
  readonly baseline: number;
}

/**
 * Scales and shapes for `rows` in the CHART viewBox. Bars are log-scaled (round 1 sends every page,
 * late rounds a few dozen) unless `log` is false; the domain spans at least `pageCount` pages and at
 * least 10 rounds, so early frames do not jump.
 */
export function chartModel(rows: readonly RoundRow[], pageCount: number, log = true): ChartModel {
  const { width, left, right, barsTop, barsBottom, ratesTop, ratesBottom } = CHART;
  const slots = Math.max(10, rows.length, rows.length > 0 ? rows[rows.length - 1].index : 0);
  const x = scaleBand<number>()
    .domain(Array.from({ length: slots }, (_, i) => i + 1))
    .range([left, width - right])
    .paddingInner(0.2)
    .paddingOuter(0.1);
  const top = Math.max(1, pageCount, ...rows.map((r) => r.pagesPlanned));
  let barTicks: Tick[];
  let yOf: (v: number) => number;
  if (log) {
    const y = scaleLog().domain([1, top]).range([barsBottom, barsTop]).clamp(true);
    yOf = (v) => (v < 1 ? barsBottom : y(v));
    barTicks = [];
    for (let v = 1; v <= top; v *= 10) barTicks.push({ value: v, y: y(v), label: formatShort(v) });
  } else {
    const y = scaleLinear().domain([0, top]).nice(4).range([barsBottom, barsTop]);
    yOf = (v) => y(v);
    barTicks = y.ticks(4).map((v) => ({ value: v, y: y(v), label: formatShort(v) }));
  }
  const bars: Bar[] = rows.map((row) => {
    const yTop = yOf(row.pagesSent);
    return {
      row,
      x: x(row.index) ?? left,
      width: x.bandwidth(),
      y: yTop,
      height: barsBottom - yTop,
      plannedY: row.live || row.cutShort ? yOf(row.pagesPlanned) : null,
    };
  });

  const centre = (index: number) => (x(index) ?? left) + x.bandwidth() / 2;
  const send = rows.map((r) => ({ index: r.index, value: pagesPerSec(r.rateBitsPerSec) }));
  const dirty = rows.filter((r) => r.dirtiedPerSec !== null).map((r) => ({ index: r.index, value: r.dirtiedPerSec as number }));
  const rateTop = Math.max(1, ...send.map((p) => p.value), ...dirty.map((p) => p.value));
  const yr = scaleLinear().domain([0, rateTop]).nice(2).range([ratesBottom, ratesTop]);
  const place = (p: { index: number; value: number }) => ({ ...p, x: centre(p.index), y: yr(p.value) });
  const sendPoints = send.map(place);
  const dirtyPoints = dirty.map(place);
  const path = (points: readonly { x: number; y: number }[]) => polylinePath(points, (p) => p.x, (p) => p.y);

  const every = Math.ceil(slots / 15);
  const roundTicks = x
    .domain()
    .filter((i) => i === 1 || i % every === 0)
    .map((index) => ({ index, x: centre(index) }));

  return {
    bars,
    barTicks,
    rateTicks: send.length === 0 ? [] : yr.ticks(2).map((v) => ({ value: v, y: yr(v), label: formatShort(v) })),
    roundTicks,
    sendPath: path(sendPoints),
    dirtyPath: path(dirtyPoints),
    sendPoints,
    dirtyPoints,
    baseline: barsBottom,
  };
}

/** The kind of a round in words, as the table and tooltips say it. */
export function roundKind(row: RoundRow): string {
  if (row.cutShort) return 'cut short (migration stopped)';
  if (row.live) return row.final ? 'stop-and-copy (final), in progress' : 'live, in progress';
  return row.final ? 'stop-and-copy (final)' : 'live';
}

/** A row's cells for the accessible table: round, pages, duration, rate, kind. */
export function roundCells(row: RoundRow): [string, string, string, string, string] {
  return [
    String(row.index),
    row.live || row.cutShort ? `${formatCount(row.pagesSent)} of ${formatCount(row.pagesPlanned)}` : formatCount(row.pagesSent),
    row.durationUs === null ? (row.live ? 'in progress' : 'unfinished') : formatSpanForPeople(row.durationUs),
    formatRate(row.rateBitsPerSec),
    roundKind(row),
  ];
}

/** The chart's accessible name: how many rounds, the first and the last, the one in progress. */
export function chartSummary(rows: readonly RoundRow[]): string {
  if (rows.length === 0) return 'Pages sent per round: no rounds yet.';
  const closed = rows.filter((r) => !r.live && !r.cutShort);
  const parts = [`Pages sent per round: ${closed.length} round${closed.length === 1 ? '' : 's'} done`];
  if (closed.length > 0) parts.push(`round 1 sent ${formatCount(closed[0].pagesSent)} pages`);
  const last = closed[closed.length - 1];
  if (closed.length > 1) parts.push(`round ${last.index} sent ${formatCount(last.pagesSent)}${last.final ? ' (final, stop-and-copy)' : ''}`);
  else if (last?.final) parts[parts.length - 1] += ' (final, stop-and-copy)';
  const live = rows.find((r) => r.live);
  if (live) parts.push(`round ${live.index}${live.final ? ' (final, stop-and-copy)' : ''} in progress: ${formatCount(live.pagesSent)} of ${formatCount(live.pagesPlanned)} pages sent`);
  const cut = rows.find((r) => r.cutShort);
  if (cut) parts.push(`round ${cut.index} cut short after ${formatCount(cut.pagesSent)} of ${formatCount(cut.pagesPlanned)} pages`);
  return `${parts.join('; ')}.`;
}

/**
 * Why rounds shrink or do not, from the last closed live round: the next round sends what the guest
 * dirtied during this one, so its size is this one's times (dirty rate / send rate).
 */
export function trendText(rows: readonly RoundRow[]): string {
  const cut = rows.find((x) => x.cutShort);
  if (cut) return `The migration stopped in round ${cut.index}, before host A committed: host B's copy is discarded.`;
  const r = [...rows].reverse().find((x) => !x.live && !x.final && x.pagesDirtied !== null && x.pagesSent > 0);
  if (!r || r.dirtiedPerSec === null) {
    return rows.length === 0
      ? 'Round 1 will send every page; each later round sends the pages dirtied during the one before.'
      : 'Round 1 sends every page; each later round sends the pages dirtied during the one before.';
  }
  const ratio = (r.pagesDirtied as number) / r.pagesSent;
  const verdict = ratio < 1 ? 'rounds shrink' : 'rounds do not shrink, so a stop rule must end pre-copy';
  return (
    `Round ${r.index} sent ${formatCount(pagesPerSec(r.rateBitsPerSec))} pages/s while the guest dirtied ` +
    `${formatCount(r.dirtiedPerSec)} pages/s: the next round is ${ratio.toFixed(2)} × this one (${verdict}).`
  );
}
