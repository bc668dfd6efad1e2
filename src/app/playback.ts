/**
 * Playback arithmetic, free of the DOM: the speeds offered (1/10,000x to 100x), how far the
 * playhead moves for a span of wall time, and labels. Pure.
 * @see ../../shared/DESIGN.md §8 (Speeds of time)
 */
import type { Micros } from '../sim/time';

/** Speeds offered, slowest first; 1 is real time. */
export const SPEEDS: readonly number[] = [0.0001, 0.001, 0.01, 0.1, 0.25, 0.5, 1, 2, 5, 10, 100];
export const MIN_SPEED = SPEEDS[0];
export const MAX_SPEED = SPEEDS[SPEEDS.length - 1];

/** A speed in words: `1/10,000×`, `1/4×`, `1×`, `100×`. */
export function speedLabel(speed: number): string {
  if (speed >= 1) return `${speed}×`;
  const inverse = Math.round(1 / speed);
  return `1/${inverse.toLocaleString('en-US')}×`;
}

/** How far simulated time advances for `wallMs` of wall time at `speed` (whole µs). */
export function simAdvanceUs(wallMs: number, speed: number): Micros {
  return Math.max(0, Math.round(wallMs * 1000 * speed));
}

/** The next faster or slower offered speed (stays at the ends). */
export function nextSpeed(speed: number, direction: 1 | -1): number {
  if (direction > 0) return SPEEDS.find((s) => s > speed * (1 + 1e-9)) ?? MAX_SPEED;
  return [...SPEEDS].reverse().find((s) => s < speed * (1 - 1e-9)) ?? MIN_SPEED;
}
