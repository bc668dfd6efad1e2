/**
 * What the lab's session and the compare view's session share: the playhead `t`, the speed, whether
 * it plays, and the one animation loop (running only while playing). A subclass says how long its
 * run is and how to show an instant (`seek`).
 */
import type { Micros } from '../sim/time';
import { nextSpeed } from './playback';
import { PlaybackLoop } from './playback-loop';

export abstract class PlaybackSession {
  t = $state<Micros>(0);
  speed = $state(1);
  playing = $state(false);

  private loop = new PlaybackLoop(
    () => this.speed,
    (us) => this.advance(us),
  );

  /** Animation frames drawn while playing (benches and journeys read it to prove paused means idle). */
  get framesDrawn(): number {
    return this.loop.framesDrawn;
  }

  /** The end of the run (µs). */
  abstract get untilUs(): Micros;

  /** Shows instant `t` (clamped to the run). */
  abstract seek(t: Micros): void;

  play(): void {
    if (this.playing) return;
    this.approach(this.t);
    if (this.t >= this.untilUs) this.seek(0);
    this.playing = true;
    this.loop.start();
  }

  pause(): void {
    this.playing = false;
    this.loop.stop();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: number): void {
    this.speed = speed;
  }

  faster(direction: 1 | -1): void {
    this.speed = nextSpeed(this.speed, direction);
  }

  /** Whether the playhead must wait (the run is still being computed); playback skips frames meanwhile. */
  protected busy(): boolean {
    return false;
  }

  /** Called before the playhead moves to `t`: a live run extends itself here (default: nothing). */
  protected approach(_t: Micros): void {}

  private advance(us: Micros): void {
    if (this.busy()) return;
    const next = this.t + us;
    this.approach(next);
    if (next >= this.untilUs) {
      this.seek(this.untilUs);
      this.pause();
      return;
    }
    this.seek(next);
  }
}
