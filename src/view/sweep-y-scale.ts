/**
 * The sweep chart's value axis: linear, or symlog for figures that span from 0 to several decades (a
 * 25 ms stall beside a 16 s one, the Kemari and the unprotected lines of one sweep). Pure.
 *
 * Why symlog rather than a log scale or a split axis: a log scale has no place for 0, and sweeps are
 * full of zeros (no output lost, no stall); moving them to some small value would draw a figure that
 * is not there. d3's symlog, sign(v)·log(1 + |v|/c) with c one unit of the figure (1 ms, 1 output), is 0
 * at 0, nearly linear below one unit and logarithmic above, so 0, 25 ms and 16 s sit on one continuous
 * axis. A split axis (a low band and a high band with a break) keeps zeros too, but where to break
 * depends on the data, a line that crosses the break bends for no reason in the data, and the reader
 * has two scales to read. The ticks are 0 and whole powers of ten (with 2 and 5 between them when the
 * axis spans two decades or fewer): d3's own symlog ticks are linear ones, bunched at the top.
 */
import { format } from 'd3-format';
import { scaleLinear, scaleSymlog } from 'd3-scale';

export type YScaleKind = 'linear' | 'symlog';

/** The choices of the chart's Scale select, in order. */
export const Y_SCALES: readonly { readonly id: YScaleKind; readonly label: string }[] = [
  { id: 'linear', label: 'Linear' },
  { id: 'symlog', label: 'Log (symlog, keeps 0)' },
];

/** The value axis: the scale (figure in its unit → viewBox y), its domain and its labelled ticks. */
export interface ValueAxis {
  readonly y: (v: number) => number;
  readonly domain: readonly number[];
  readonly ticks: readonly { readonly value: number; readonly label: string }[];
}

/** A tick's words: `0`, `0.5`, `25`, `1,000` (thousands separated, no trailing zeros). */
export const tickLabel: (v: number) => string = format(',');

const clean = (v: number) => Number(v.toPrecision(12));

/** The smallest 1, 2 or 5 × 10^k at or above `max` (> 0): the symlog axis's top. */
export function niceTop(max: number): number {
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5]) if (clean(m * p) >= max) return clean(m * p);
  return clean(10 * p);
}

/** Ticks of a symlog axis from 0 to `top`: 0 and powers of ten (and 2 and 5 × them over few decades). */
export function symlogTicks(top: number): number[] {
  if (top <= 1) return scaleLinear().domain([0, top]).ticks(4);
  const decades = Math.floor(Math.log10(top)) + 1;
  const steps = decades <= 2 ? [1, 2, 5] : [1];
  const ticks = [0];
  for (let k = 0; k < decades; k++) for (const m of steps) if (clean(m * 10 ** k) <= top) ticks.push(clean(m * 10 ** k));
  return ticks;
}

/** The axis from 0 to the largest figure shown (`max`; none or 0: a unit axis), over the viewBox `range`. */
export function valueAxis(kind: YScaleKind, max: number | undefined, range: readonly [number, number]): ValueAxis {
  const hi = max !== undefined && max > 0 ? max : 1;
  const label = (value: number) => ({ value, label: tickLabel(value) });
  if (kind === 'symlog') {
    const top = niceTop(hi);
    const y = scaleSymlog().constant(1).domain([0, top]).range(range);
    return { y, domain: y.domain(), ticks: symlogTicks(top).map(label) };
  }
  const y = scaleLinear().domain([0, hi]).nice().range(range);
  return { y, domain: y.domain(), ticks: y.ticks(5).map(label) };
}
