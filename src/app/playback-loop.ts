/**
 * The one animation loop a playback session owns: it requests animation frames only while running
 * (paused means idle: no frames requested), clamps the wall-clock gap a frame may cover, and calls
 * back with the simulated time to advance by at the current speed; above 2x it draws at most 30 frames a second.
 */
import type { Micros } from '../sim/time';
import { simAdvanceUs } from './playback';

/** The longest wall-time gap one animation frame may cover (a hidden tab, a breakpoint). */
export const MAX_FRAME_GAP_MS = 100;

/**
 * Above this speed the loop draws at most 30 frames a second (one display frame in two at 60 Hz):
 * at 5x and more the stage's marks cross in a blink either way, and each frame costs the page about
 * as much to lay out and paint whatever the speed, so this halves the main thread's work where it
 * was highest (remus at 10x: about 380 ms of every second at 60 frames, 240 at 30).
 */
export const FAST_SPEED = 2;
/** The shortest wall time between two drawn frames above FAST_SPEED (ms): 30 a second, less a margin for a display frame that comes a little early. */
export const FAST_FRAME_MS = 1000 / 30 - 4;

export class PlaybackLoop {
  /** Animation frames drawn while running (benches and journeys read it to prove paused means idle). */
  framesDrawn = 0;

  private running = false;
  private rafId: number | null = null;
  private lastWallMs: number | null = null;

  /**
   * @param speed the current playback speed (read each frame)
   * @param advance moves the playhead by `us` simulated µs; it may call `stop()` (the end of the run),
   *   and the loop requests the next frame only if it is still running afterwards
   */
  constructor(
    private readonly speed: () => number,
    private readonly advance: (us: Micros) => void,
  ) {}

  start(): void {
    this.running = true;
    this.lastWallMs = null;
    this.rafId = requestAnimationFrame(this.tick);
  }

  stop(): void {
    this.running = false;
    if (this.rafId !== null) cancelAnimationFrame(this.rafId);
    this.rafId = null;
  }

  private tick = (wallMs: number): void => {
    if (!this.running) return;
    if (this.lastWallMs !== null && wallMs - this.lastWallMs < FAST_FRAME_MS && this.speed() > FAST_SPEED) {
      // A frame skipped: nothing advanced, nothing drawn; the next one covers the time since the last drawn.
      this.rafId = requestAnimationFrame(this.tick);
      return;
    }
    this.framesDrawn++;
    const gap = this.lastWallMs === null ? 0 : Math.min(MAX_FRAME_GAP_MS, wallMs - this.lastWallMs);
    this.lastWallMs = wallMs;
    this.advance(simAdvanceUs(gap, this.speed()));
    if (this.running) this.rafId = requestAnimationFrame(this.tick);
  };
}
