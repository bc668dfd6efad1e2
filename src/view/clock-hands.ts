/** Angles of an analog clock's hands for a time shown as `hh:mm:ss`. Pure. */

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
