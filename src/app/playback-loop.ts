/**
 * The one animation loop a playback session owns: it requests animation frames only while running
 * (paused means idle: no frames requested), clamps the wall-clock gap a frame may cover, and calls
 * back with the simulated time to advance by at the current speed.
 */
import type { Micros } from '../sim/time';
import { simAdvanceUs } from './playback';

/** The longest wall-time gap one animation frame may cover (a hidden tab, a breakpoint). */
export const MAX_FRAME_GAP_MS = 100;

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
    this.framesDrawn++;
    const gap = this.lastWallMs === null ? 0 : Math.min(MAX_FRAME_GAP_MS, wallMs - this.lastWallMs);
    this.lastWallMs = wallMs;
    this.advance(simAdvanceUs(gap, this.speed()));
    if (this.running) this.rafId = requestAnimationFrame(this.tick);
  };
}
