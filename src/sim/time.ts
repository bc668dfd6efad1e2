/**
 * Simulated time. Every instant in Kemari Lab is an integer number of microseconds since the start of
 * the run (`Micros`). Floats are never used for time: conversions round to the nearest microsecond.
 * Pure module.
 */

/** An instant or a duration in integer microseconds. */
export type Micros = number;

/** Microseconds in one millisecond and one second. */
export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;

/** `n` milliseconds as integer microseconds (rounded to the nearest µs). */
export function ms(n: number): Micros {
  return Math.round(n * US_PER_MS);
}

/** `n` seconds as integer microseconds (rounded to the nearest µs). */
export function sec(n: number): Micros {
  return Math.round(n * US_PER_S);
}

const DURATION = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(us|µs|ms|s)\s*$/;

/**
 * Parses a duration such as `250us`, `40ms` or `2.5s` (decimals allowed) into integer µs, rounded to
 * the nearest µs. Returns `undefined` when the text is not a duration.
 */
export function parseDuration(text: string): Micros | undefined {
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const value = Number(m[1]);
  const unit = m[2];
  const factor = unit === 's' ? US_PER_S : unit === 'ms' ? US_PER_MS : 1;
  const result = Math.round(value * factor);
  return Number.isSafeInteger(result) ? result : undefined;
}

/**
 * A compact, exact text form of a duration: whole seconds as `3s`, whole milliseconds as `40ms`,
 * otherwise `250us`. `parseDuration(formatDuration(x)) === x` for every integer x >= 0.
 */
export function formatDuration(us: Micros): string {
  if (us % US_PER_S === 0) return `${us / US_PER_S}s`;
  if (us % US_PER_MS === 0) return `${us / US_PER_MS}ms`;
  return `${us}us`;
}

/** Milliseconds with three decimals, fixed width for traces: `  25.000ms`. */
export function formatMillis(us: Micros): string {
  const whole = Math.trunc(us / US_PER_MS);
  const frac = String(Math.abs(us % US_PER_MS)).padStart(3, '0');
  return `${whole}.${frac}ms`;
}

const US_PER_MIN = 60 * US_PER_S;

/** `x` to three significant digits, trailing zeros dropped: `4.32`, `180`, `1.5`, `2`. */
const threeDigits = (x: number): number => Number(x.toPrecision(3));

/** `total` whole seconds as `2 min 20 s`, `3 min`, or from an hour `1 h 2 min 3 s`, `1 h`. */
function minutesAndSeconds(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const s = total % 60;
  if (h === 0) return s > 0 ? `${m} min ${s} s` : `${m} min`;
  return [`${h} h`, m > 0 || s > 0 ? `${m} min` : '', s > 0 ? `${s} s` : ''].filter(Boolean).join(' ');
}

/**
 * A duration as people read it, rounded (pure; not parsed back: `formatDuration` is for that):
 * - 0 as `0 s`; under 1 ms in whole microseconds: `850 µs`;
 * - under 1 s in milliseconds, three significant digits at most: `180 ms`, `20.3 ms`, `1.77 ms`;
 * - under 60 s in seconds, three significant digits at most: `4.32 s`, `4.3 s`, `12.5 s`;
 * - from 60 s in whole minutes and seconds: `2 min 20 s`, `3 min`;
 * - from 1 h in hours and whole minutes: `1 h 5 min`.
 * A value that rounds up to the next unit is written in it (`999.96 ms` is `1 s`). Negative
 * durations get a leading minus.
 */
export function formatSpanForPeople(us: Micros): string {
  if (us < 0) return `-${formatSpanForPeople(-us)}`;
  if (us === 0) return '0 s';
  if (us < US_PER_MS) return `${Math.round(us)} µs`;
  if (us < US_PER_S) {
    const v = threeDigits(us / US_PER_MS);
    if (v < 1000) return `${v} ms`;
  }
  if (us < US_PER_MIN) {
    const v = threeDigits(us / US_PER_S);
    if (v < 60) return `${v} s`;
  }
  const totalS = Math.round(us / US_PER_S);
  if (totalS < 3600) return minutesAndSeconds(totalS);
  const totalMin = Math.round(us / US_PER_MIN);
  return totalMin % 60 > 0 ? `${Math.floor(totalMin / 60)} h ${totalMin % 60} min` : `${totalMin / 60} h`;
}

/**
 * An instant on the run's clock as people read it, `t = …` (pure). Finer than a duration, so that
 * two steps a few milliseconds apart read apart: `t = 0`; under 1 ms `t = 200 µs`; under 1 s in
 * milliseconds to a tenth, zeros dropped (`t = 516.4 ms`, `t = 300 ms`); under 60 s in seconds to the
 * millisecond (`t = 3.5 s`, `t = 3.477 s`); from 60 s in whole minutes and seconds (`t = 2 min 20 s`),
 * from 1 h with hours (`t = 1 h 2 min 3 s`). Where the exact instant matters (trace lines, the
 * playhead), use `formatMillis`.
 */
export function formatInstantForPeople(us: Micros): string {
  if (us <= 0) return 't = 0';
  if (us < US_PER_MS) return `t = ${Math.round(us)} µs`;
  if (us < US_PER_S) {
    const v = Math.round(us / 100) / 10;
    if (v < 1000) return `t = ${v} ms`;
  }
  if (us < US_PER_MIN) {
    const v = Math.round(us / US_PER_MS) / 1000;
    if (v < 60) return `t = ${v} s`;
  }
  return `t = ${minutesAndSeconds(Math.round(us / US_PER_S))}`;
}

/** The wallclock shown by a guest at simulated time `us`, as `hh:mm:ss` (run starts at 00:00:00). */
export function formatHms(us: Micros): string {
  const total = Math.floor(us / US_PER_S);
  const h = Math.floor(total / 3600) % 100;
  const m = Math.floor(total / 60) % 60;
  const s = total % 60;
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
}
