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

/** Marks per block of a log's index. */
const BLOCK = 64;

/**
 * For each full block of `BLOCK` marks of a log: the latest send and the latest arrival in it, and in
 * all the blocks up to it. A bulk message queued behind another starts sending later than messages
 * logged after it, so the log is sorted by send only roughly: the index keeps the latest send rather
 * than trusting the block's last mark.
 */
interface MarkIndex {
  readonly send: number[];
  readonly arrival: number[];
  readonly sendUpTo: number[];
  readonly arrivalUpTo: number[];
}

/**
 * Each log's index, extended as the log grows: logs are append-only (a mark is replaced only by a
 * copy with the same times, when it is found lost), so a full block's figures never change.
 */
const indexes = new WeakMap<readonly Timed[], MarkIndex>();

function indexOf(log: readonly Timed[]): MarkIndex {
  let index = indexes.get(log);
  if (!index) indexes.set(log, (index = { send: [], arrival: [], sendUpTo: [], arrivalUpTo: [] }));
  const { send, arrival, sendUpTo, arrivalUpTo } = index;
  for (let b = send.length; b < Math.floor(log.length / BLOCK); b++) {
    let sent = -Infinity;
    let arrives = -Infinity;
    for (let i = b * BLOCK; i < (b + 1) * BLOCK; i++) {
      sent = Math.max(sent, log[i].sentAtUs);
      arrives = Math.max(arrives, log[i].arrivesAtUs);
    }
    send.push(sent);
    arrival.push(arrives);
    sendUpTo.push(Math.max(sent, b > 0 ? sendUpTo[b - 1] : -Infinity));
    arrivalUpTo.push(Math.max(arrives, b > 0 ? arrivalUpTo[b - 1] : -Infinity));
  }
  return index;
}

/**
 * Marks visible at `t`, from a log in send order: sent at or before `t` and not yet past their
 * (stretched) arrival; at most `limit` (the newest), and only those `keep` accepts when given.
 * A mark sent more than the stretched minimum before `t` shows only while still in flight (a bulk
 * transfer queued behind others): whole blocks of marks all sent that long ago and all arrived are
 * skipped, and the walk stops where every earlier mark is so, so a frame's cost does not grow with the
 * run's length.
 */
export function visibleMarks<M extends Timed & { lostAtUs?: Micros | null }>(
  log: readonly M[],
  t: Micros,
  minWallMs: number,
  speed: number,
  limit = 200,
  keep?: (mark: M) => boolean,
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
  /** No mark sent by `latestSend` and arrived by `latestArrival` shows at t. */
  const gone = (latestSend: number, latestArrival: number) => latestArrival < t && t - latestSend > minSpan;
  const index = indexOf(log);
  for (let i = lo - 1; i >= 0 && out.length < limit; i--) {
    if ((i + 1) % BLOCK === 0) {
      // The last mark of a full block: skip the block, or stop, when nothing in it (or up to it) shows.
      const b = (i + 1) / BLOCK - 1;
      if (gone(index.sendUpTo[b], index.arrivalUpTo[b])) break;
      if (gone(index.send[b], index.arrival[b])) {
        i -= BLOCK - 1;
        continue;
      }
    }
    const m = log[i];
    const span = Math.max(m.arrivesAtUs - m.sentAtUs, minSpan);
    // A bulk message still queued at t (logged earlier, sending later) is not on the wire yet.
    if (m.sentAtUs > t || t - m.sentAtUs > span) continue;
    if (keep && !keep(m)) continue;
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

/**
 * At high speed every mark is stretched to a minimum of wall time, so the marks visible at once grow
 * with the speed (hundreds at 10x on a busy link): one in `markStride(speed)` of them, chosen by a
 * stable number of the mark (its id), draws the same stream at a bounded cost. 1 up to 2x.
 */
export function markStride(speed: number): number {
  return Math.max(1, Math.round(speed / 2));
}

/**
 * Whether the mark numbered `n` is one of the one-in-`stride` drawn: by a hash of the number, not its
 * remainder (messages come in regular patterns, a checkpoint and its ack every epoch, and a remainder
 * would keep only some kinds).
 */
export function strideKeeps(n: number, stride: number): boolean {
  return stride <= 1 || (Math.imul(n, 2654435761) >>> 0) % stride === 0;
}

/** A square (or a rectangle, `w` by `h`) centred on (x, y), as path data. */
export function boxPath(x: number, y: number, w: number, h = w): string {
  return `M${round1(x - w / 2)} ${round1(y - h / 2)}h${w}v${h}h${-w}z`;
}

/** A dot of radius `r` centred on (x, y), as path data (two arcs). */
export function dotPath(x: number, y: number, r: number): string {
  return `M${round1(x - r)} ${round1(y)}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0z`;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** One look's shapes: their path data, and what they are (`heartbeat A→B, checkpoint A→B`), each named once. */
export interface LookPath {
  readonly d: string;
  readonly title: string;
}

/**
 * Shapes in motion drawn as one path per look (a few DOM nodes however many are in flight, each
 * rewritten once a frame): each shape's path data under its look's name, joined, with the names of
 * what is drawn (the path's title).
 */
export function pathsByLook<L extends string>(shapes: readonly { readonly look: L; readonly d: string; readonly label: string }[], looks: readonly L[]): Record<L, LookPath> {
  const d = new Map<L, string>(looks.map((l) => [l, '']));
  const labels = new Map<L, Set<string>>(looks.map((l) => [l, new Set()]));
  for (const s of shapes) {
    d.set(s.look, d.get(s.look) + s.d);
    labels.get(s.look)!.add(s.label);
  }
  return Object.fromEntries(looks.map((l) => [l, { d: d.get(l)!, title: [...labels.get(l)!].join(', ') }])) as Record<L, LookPath>;
}
