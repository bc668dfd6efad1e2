/**
 * What the embedded widget adds to the lab's session: it plays only while it is on screen. A wish to
 * play (autoplay, the Play button, a `play` message) made while the widget is off screen or its tab
 * hidden is held until it shows; scrolling away pauses and holds, scrolling back resumes. So the
 * widget requests no animation frames off screen or paused. Commands from the embedding page arrive
 * here as checked data (`EmbedCommand`).
 */
import type { Micros } from '../sim/time';
import type { EmbedCommand } from './embed-messages';
import type { KeyTarget } from './keyboard';
import type { Session } from './session.svelte';

export class EmbedController implements KeyTarget {
  /** Playback is wanted but waits for the widget to be on screen. */
  held = $state(false);
  private onScreen = false;
  /** What Reset does instead of going back to t = 0 (a scene embed's captions start their scene again). */
  onReset: (() => void) | null = null;

  /** @param autoplay start playing the first time the widget is on screen */
  constructor(
    readonly session: Session,
    autoplay: boolean,
  ) {
    this.held = autoplay;
  }

  /** Whether playback is on or waiting to be (what the Play/Pause button shows). */
  get wantsPlay(): boolean {
    return this.session.playing || this.held;
  }

  /** Called when the widget comes on screen (and its tab is visible) or leaves it. */
  setOnScreen(on: boolean): void {
    if (on === this.onScreen) return;
    this.onScreen = on;
    if (!on && this.session.playing) {
      this.session.pause();
      this.held = true;
    } else if (on && this.held) {
      this.held = false;
      this.session.play();
    }
  }

  play(): void {
    if (this.onScreen) this.session.play();
    else this.held = true;
  }

  pause(): void {
    this.held = false;
    this.session.pause();
  }

  toggle(): void {
    if (this.wantsPlay) this.pause();
    else this.play();
  }

  step(): void {
    this.held = false;
    this.session.step();
  }

  stepBack(): void {
    this.held = false;
    this.session.stepBack();
  }

  faster(direction: 1 | -1): void {
    this.session.faster(direction);
  }

  reset(): void {
    this.held = false;
    if (this.onReset) this.onReset();
    else this.session.reset();
  }

  /** Playback something else started (a scene's tour) while the widget is off screen waits until it shows. */
  holdIfOffScreen(): void {
    if (this.onScreen || !this.session.playing) return;
    this.session.pause();
    this.held = true;
  }

  seek(atUs: Micros): void {
    this.session.seek(atUs);
  }

  /** Crashes (or, for Kemari, powers off) a host at the current instant; nothing if it is already down. */
  crash(host: 'A' | 'B'): void {
    if (this.session.frame.hosts[host].power !== 'up') return;
    this.session.inject('crash', host);
  }

  /** Carries out a command from the embedding page. */
  command(cmd: EmbedCommand): void {
    if (cmd.kind === 'play') this.play();
    else if (cmd.kind === 'pause') this.pause();
    else if (cmd.kind === 'seek') this.seek(cmd.atUs);
    else this.crash(cmd.host);
  }
}
