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

/** The wallclock shown by a guest at simulated time `us`, as `hh:mm:ss` (run starts at 00:00:00). */
export function formatHms(us: Micros): string {
  const total = Math.floor(us / US_PER_S);
  const h = Math.floor(total / 3600) % 100;
  const m = Math.floor(total / 60) % 60;
  const s = total % 60;
  return [h, m, s].map((n) => String(n).padStart(2, '0')).join(':');
}
