/** Angles of an analog clock's hands for a time shown as `hh:mm:ss`, or drawn at an exact instant. Pure. */

export interface HandAngles {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** Degrees clockwise from 12 o'clock for each hand; null when the text is not a time. */
export function handAngles(shows: string | null): HandAngles | null {
  const m = shows ? /^(\d{2}):(\d{2}):(\d{2})$/.exec(shows) : null;
  if (!m) return null;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return { hour: ((h % 12) + min / 60) * 30, minute: (min + s / 60) * 6, second: s * 6 };
}

/**
 * The hands for a frame drawn at guest time `drawnUs` (µs): the second hand where the frame put it,
 * between the marks when the clock redraws several times a second. Null before the first frame.
 */
export function handAnglesAt(drawnUs: number | null): HandAngles | null {
  if (drawnUs === null) return null;
  const s = drawnUs / 1e6;
  return { hour: (((s / 3600) % 12) * 30) % 360, minute: ((s / 60) % 60) * 6, second: (s % 60) * 6 };
}

/**
 * How long the client has waited beyond the frame it was due (µs) at playhead `t`: the time since
 * its last frame less the interval between frames (and the network's small delay); 0 while frames come.
 */
export function waitingUs(lastFrameAtUs: number | null, intervalUs: number, t: number): number {
  if (lastFrameAtUs === null) return 0;
  return Math.max(0, t - lastFrameAtUs - intervalUs);
}
