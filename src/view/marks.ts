/**
 * Where things in motion are drawn at playhead time `t`: a function of (log, t), never a tween, so
 * pause, speed and scrubbing cost nothing. Short flights are stretched to a minimum visible duration
 * (scaled by playback speed) so that a 100 µs heartbeat is still seen at 1x. Pure.
 * @see ../../shared/STYLE.md habit 3
 */
import type { Micros } from '../sim/time';

interface Timed {
  readonly sentAtUs: Micros;
  readonly arrivesAtUs: Micros;
}

export interface VisibleMark<M> {
  readonly mark: M;
  /** 0 at the sender, 1 at the receiver. */
  readonly progress: number;
  /** The mark was lost on the way (drawn fading where it was lost). */
  readonly lost: boolean;
}

/** The simulated duration a mark is shown for, at least `minWallMs` of wall time at `speed`. */
export function visibleSpanUs(mark: Timed, minWallMs: number, speed: number): Micros {
  return Math.max(mark.arrivesAtUs - mark.sentAtUs, Math.round(minWallMs * 1000 * speed));
}

/**
 * Marks visible at `t`, from a log sorted by send time: sent at or before `t` and not yet past their
 * (stretched) arrival. `lookbackUs` bounds how far back a still-visible mark may have been sent.
 */
export function visibleMarks<M extends Timed & { lostAtUs?: Micros | null }>(
  log: readonly M[],
  t: Micros,
  minWallMs: number,
  speed: number,
  limit = 200,
): VisibleMark<M>[] {
  const out: VisibleMark<M>[] = [];
  // The log is append-only in send order: walk back from the newest send at or before t.
  let hi = log.length;
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (log[mid].sentAtUs <= t) lo = mid + 1;
    else hi = mid;
  }
  const minSpan = Math.round(minWallMs * 1000 * speed);
  for (let i = lo - 1; i >= 0 && out.length < limit; i--) {
    const m = log[i];
    const span = Math.max(m.arrivesAtUs - m.sentAtUs, minSpan);
    if (t - m.sentAtUs > span) {
      // Older sends can still be visible only when bulk transfers queued for long; stop after a long gap.
      if (t - m.sentAtUs > span * 50 + 60_000_000) break;
      continue;
    }
    const lost = m.lostAtUs != null && m.lostAtUs <= t;
    const progress = Math.min(1, (t - m.sentAtUs) / Math.max(1, span));
    out.push({ mark: m, progress, lost });
  }
  return out.reverse();
}

/** How brightly something that happened at `atUs` glows at `t`: 1 just after, 0 after the span. */
export function glow(atUs: Micros | null, t: Micros, minWallMs: number, speed: number): number {
  if (atUs === null || atUs > t) return 0;
  const span = Math.max(1, Math.round(minWallMs * 1000 * speed));
  return Math.max(0, 1 - (t - atUs) / span);
}
