/**
 * The frames a world keeps: one per instant, in time order, all of them or those of about the last
 * `keepUs` computed (a long run at high speed would otherwise keep hundreds of thousands). Older
 * frames are cut in halves, so each frame costs O(1) however they go, and at most twice the window is
 * kept. Which times the kept frames answer for is `covers`; the world replays the run for the others.
 * @see ./world.ts (`keepFramesUs`)
 */
import type { Micros } from '../sim/time';
import type { EdgeRecorder } from './edge-recorder';
import type { Frame } from './frame';

/** Frames are dropped only from this many on (a short run keeps all). */
const MIN_DROP = 64;

export class FrameWindow {
  readonly frames: Frame[] = [];
  constructor(
    private readonly keepUs: Micros,
    private readonly edgeLog: EdgeRecorder,
    /** Whether frames were dropped (then frames[0] is not the run's first): from the start for a window that begins late. */
    private dropped = false,
  ) {}

  /** Adds the frame of an instant (it replaces one of the same instant). */
  add(frame: Frame): void {
    const frames = this.frames;
    const last = frames[frames.length - 1];
    if (last && last.atUs === frame.atUs) frames[frames.length - 1] = frame;
    else frames.push(frame);
    const half = frames.length >> 1;
    if (frames.length >= MIN_DROP && frame.atUs - frames[half].atUs > this.keepUs) {
      let cut = half;
      while (cut < frames.length - 1 && frame.atUs - frames[cut + 1].atUs > this.keepUs) cut++;
      frames.splice(0, cut);
      this.dropped = true;
      this.edgeLog.trim();
    }
  }

  /** Whether the kept frames answer for time `t` (they hold the last instant at or before it). */
  covers(t: Micros): boolean {
    return !this.dropped || (this.frames.length > 0 && t >= this.frames[0].atUs);
  }

  /** The frame of the last instant at or before `t` (the first kept for earlier times). */
  atOrBefore(t: Micros): Frame {
    const frames = this.frames;
    let lo = 0;
    let hi = frames.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (frames[mid].atUs <= t) lo = mid;
      else hi = mid - 1;
    }
    return frames[lo];
  }

  /** The first kept instant after `t` (null: none). */
  after(t: Micros): Micros | null {
    const f = this.frames.find((x) => x.atUs > t);
    return f ? f.atUs : null;
  }

  /** The last instant before `t` if the kept frames know it (null: they do not). */
  before(t: Micros): Micros | null {
    if (this.frames.length === 0) return null;
    if (!this.dropped) return t <= this.frames[0].atUs ? 0 : this.atOrBefore(t - 1).atUs;
    if (this.frames[0].atUs >= t) return null;
    return this.atOrBefore(t - 1).atUs;
  }
}
