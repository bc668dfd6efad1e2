/**
 * The tour's session: drives the lab's playback session through the scenes with the pure scene
 * engine (src/app/scene-engine.ts). It applies each move (load or seek, speed, play), pauses exactly
 * at a step's pause point, and goes on by itself when a gate's host goes down (the user crashed it).
 * `watch()` runs in an effect of the tour panel, whenever the playhead or the run changes.
 */
import { untrack } from 'svelte';
import { SCENES, type Scene, type SceneStep } from '../../scenarios/scenes';
import type { Micros } from '../../sim/time';
import { back, currentStep, forward, jump, nextStep, pauseAtUs, resetScene, startScene, type LabView, type Move, type TourState } from '../scene-engine';
import type { Session } from '../session.svelte';

/** How far past the playhead the tour computes the run at a time, to find an event pause point. */
const LOOK_AHEAD_CHUNK_US = 5_000_000;

export class Tour {
  state = $state.raw<TourState>(undefined as unknown as TourState);
  /** Whether the current step reached its pause point (or has none). */
  arrived = $state(true);

  /**
   * @param reducedMotion when true (prefers-reduced-motion), a step shows its pause point at once
   *   instead of playing up to it; Play still animates on request
   */
  constructor(
    private readonly session: Session,
    readonly scenes: readonly Scene[] = SCENES,
    sceneIndex = 0,
    private readonly reducedMotion = false,
  ) {
    this.apply(startScene(scenes, Math.max(0, Math.min(scenes.length - 1, sceneIndex))));
  }

  get scene(): Scene {
    return this.scenes[this.state.sceneIndex];
  }

  get step(): SceneStep {
    return currentStep(this.scenes, this.state);
  }

  /** The step after this one (possibly the next scene's first), or null at the end of the tour. */
  get following(): SceneStep | null {
    return nextStep(this.scenes, this.state);
  }

  get atStart(): boolean {
    return this.state.history.length === 0;
  }

  get atEnd(): boolean {
    return this.state.sceneIndex === this.scenes.length - 1 && this.state.stepIndex === this.scene.steps.length - 1;
  }

  /** The gate's host while the step waits for it to go down, else null. */
  get waitingFor(): 'A' | 'B' | null {
    const gate = this.step.gate;
    return gate && !this.view().down[gate.host] ? gate.host : null;
  }

  next(): void {
    const target = this.arrived ? null : this.resolve(true);
    if (target !== null && target > this.session.t) this.session.seek(target);
    const move = forward(this.scenes, this.state, this.view());
    if (move) this.apply(move);
  }

  previous(): void {
    const move = back(this.state);
    if (move) this.apply(move);
  }

  goTo(sceneIndex: number): void {
    const move = jump(this.scenes, this.state, this.view(), sceneIndex);
    if (move) this.apply(move);
  }

  reset(): void {
    this.apply(resetScene(this.scenes, this.state));
  }

  /** Kills the primary at the playhead (K): crashes the host that runs the VM (A until a takeover). */
  kill(): void {
    this.session.killPrimary();
  }

  /**
   * The current step as a range to record: from where it began to its pause point, or the 5 s from
   * where it began when it has none (a step that plays on).
   */
  stepRange(): { fromUs: Micros; toUs: Micros } {
    const fromUs = this.state.enteredAtUs;
    const at = this.resolve(true);
    return { fromUs, toUs: at !== null && at > fromUs ? at : Math.min(this.session.untilUs, fromUs + 5_000_000) };
  }

  /** Keeps the tour in step with the lab: pauses at the pause point, passes an opened gate. */
  watch(): void {
    const t = this.session.t;
    void this.session.traceLength;
    const frame = this.session.frame;
    const step = this.step;
    untrack(() => {
      if (step.gate && frame.hosts[step.gate.host].power !== 'up') {
        this.next();
        return;
      }
      if (this.arrived || !step.playTo) return;
      const target = this.resolve(false);
      if (target !== null && t >= target) {
        this.session.pause();
        this.session.seek(target);
        this.arrived = true;
      } else if (!this.session.playing && t >= this.session.untilUs) this.arrived = true;
    });
  }

  private view(): LabView {
    const hosts = this.session.frame.hosts;
    return { spec: this.session.spec, t: this.session.t, speed: this.session.speed, down: { A: hosts.A.power !== 'up', B: hosts.B.power !== 'up' } };
  }

  /** The current step's pause point, computing the run further ahead when `far` (to skip to it). */
  private resolve(far: boolean): Micros | null {
    const point = this.step.playTo;
    if (!point) return null;
    const from = this.state.enteredAtUs;
    let at = pauseAtUs(point, this.session.trace, from);
    for (let until = this.session.t; far && at === null && until < this.session.untilUs; ) {
      until += LOOK_AHEAD_CHUNK_US;
      this.session.computeUntil(until);
      at = pauseAtUs(point, this.session.trace, from);
    }
    return at === null ? null : Math.min(at, this.session.untilUs);
  }

  private apply(move: Move): void {
    const s = this.session;
    this.state = move.state;
    // A scene without a length of its own is live: it plays on as long as the presenter lets it.
    if (move.lab.spec !== s.spec) s.load(move.lab.spec, move.lab.t, this.scene.run.until === undefined);
    else {
      s.pause();
      s.seek(move.lab.t);
    }
    s.setSpeed(move.lab.speed);
    this.arrived = !move.play;
    if (move.play && this.reducedMotion) {
      const target = this.resolve(true);
      if (target !== null) s.seek(target);
      this.arrived = true;
    } else if (move.play) s.play();
  }
}
