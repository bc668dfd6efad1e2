/**
 * The scene engine: steps through the tour's scenes (src/scenarios/scenes.ts) as pure functions of
 * (scenes, tour state, what the lab shows). Each move returns the lab state to show (run spec,
 * playhead, speed) and whether to play; going forward remembers the state it leaves, so a step back
 * restores exactly that state: the simulation is deterministic, so re-loading the spec and seeking
 * gives back the same instant. A "your turn" gate waits until the user crashes the host; going
 * forward at a closed gate crashes it for them, at the current instant. No DOM, no clock.
 */
import { resolveRun, withCrash, type RunSpec } from '../scenarios/run-spec';

export { withCrash };
import type { PausePoint, Scene, SceneStep } from '../scenarios/scenes';
import type { Micros } from '../sim/time';
import { countBefore, type TraceList } from '../sim/trace';

/** What the lab shows: the run, the playhead and the speed (a step back restores all three). */
export interface LabState {
  readonly spec: RunSpec;
  readonly t: Micros;
  readonly speed: number;
}

/** The lab as the engine reads it: its state, plus which hosts are down at the playhead. */
export interface LabView extends LabState {
  readonly down: { readonly A: boolean; readonly B: boolean };
}

/** A state the tour left going forward (or by jumping), to come back to. */
export interface Snapshot extends LabState {
  readonly sceneIndex: number;
  readonly stepIndex: number;
  readonly enteredAtUs: Micros;
}

export interface TourState {
  readonly sceneIndex: number;
  readonly stepIndex: number;
  /** Where the current step began: its pause point is searched from here. */
  readonly enteredAtUs: Micros;
  /** States left behind, oldest first. */
  readonly history: readonly Snapshot[];
}

/** A move of the tour: the new state, the lab state to show, and whether to play from there. */
export interface Move {
  readonly state: TourState;
  readonly lab: LabState;
  readonly play: boolean;
}

/** The step the tour is on. */
export function currentStep(scenes: readonly Scene[], state: TourState): SceneStep {
  return scenes[state.sceneIndex].steps[state.stepIndex];
}

/** The step after the current one (in this scene or the first of the next), or null at the end. */
export function nextStep(scenes: readonly Scene[], state: TourState): SceneStep | null {
  const steps = scenes[state.sceneIndex].steps;
  if (state.stepIndex + 1 < steps.length) return steps[state.stepIndex + 1];
  return scenes[state.sceneIndex + 1]?.steps[0] ?? null;
}

/** The run of a scene, resolved (a scene's raw run is checked by the data tests, so errors are not expected). */
export function sceneSpec(scene: Scene): RunSpec {
  return resolveRun(scene.run).spec;
}

/** Whether a step plays on entry: it is live, or has a pause point still ahead of `t`. */
function playsFrom(step: SceneStep, t: Micros): boolean {
  if (step.live) return true;
  if (!step.playTo) return false;
  return !('atUs' in step.playTo) || step.playTo.atUs > t;
}

/** Starts scene `sceneIndex` at its first step, keeping `history` (for a step back across scenes). */
export function startScene(scenes: readonly Scene[], sceneIndex: number, history: readonly Snapshot[] = []): Move {
  const scene = scenes[sceneIndex];
  const first = scene.steps[0];
  return {
    state: { sceneIndex, stepIndex: 0, enteredAtUs: scene.startUs, history },
    lab: { spec: sceneSpec(scene), t: scene.startUs, speed: first.speed ?? scene.speed },
    play: playsFrom(first, scene.startUs),
  };
}

/** Whether the step's gate is open (the host it asks for is down), or the step has no gate. */
export function gateOpen(step: SceneStep, down: LabView['down']): boolean {
  return !step.gate || down[step.gate.host];
}

/**
 * The spec to remember for a step: for a gate, without the crash that opened it (at or after the step
 * began), so coming back shows the gate waiting again.
 */
function withoutGateCrash(step: SceneStep, spec: RunSpec, enteredAtUs: Micros): RunSpec {
  const gate = step.gate;
  if (!gate) return spec;
  const faults = spec.faults.filter((f) => !(f.kind === 'crash' && f.target === gate.host && f.atUs !== undefined && f.atUs >= enteredAtUs));
  return faults.length === spec.faults.length ? spec : { ...spec, faults };
}

function snapshotOf(scenes: readonly Scene[], state: TourState, lab: LabState): Snapshot {
  const step = currentStep(scenes, state);
  return {
    sceneIndex: state.sceneIndex,
    stepIndex: state.stepIndex,
    enteredAtUs: state.enteredAtUs,
    spec: withoutGateCrash(step, lab.spec, state.enteredAtUs),
    t: lab.t,
    speed: lab.speed,
  };
}

/**
 * One step forward from what the lab shows. A closed gate is opened for the user (the host crashes
 * at the playhead). After a scene's last step comes the next scene; after the tour's last, null.
 */
export function forward(scenes: readonly Scene[], state: TourState, lab: LabView): Move | null {
  const scene = scenes[state.sceneIndex];
  const step = currentStep(scenes, state);
  const history = [...state.history, snapshotOf(scenes, state, lab)];
  const spec = step.gate && !gateOpen(step, lab.down) ? withCrash(lab.spec, step.gate.host, lab.t) : lab.spec;
  if (state.stepIndex + 1 >= scene.steps.length) {
    if (state.sceneIndex + 1 >= scenes.length) return null;
    return startScene(scenes, state.sceneIndex + 1, history);
  }
  const next = scene.steps[state.stepIndex + 1];
  return {
    state: { sceneIndex: state.sceneIndex, stepIndex: state.stepIndex + 1, enteredAtUs: lab.t, history },
    lab: { spec, t: lab.t, speed: next.speed ?? lab.speed },
    play: playsFrom(next, lab.t),
  };
}

/** One step back: the state last left, exactly, paused; null at the tour's first state. */
export function back(state: TourState): Move | null {
  const last = state.history[state.history.length - 1];
  if (!last) return null;
  return {
    state: { sceneIndex: last.sceneIndex, stepIndex: last.stepIndex, enteredAtUs: last.enteredAtUs, history: state.history.slice(0, -1) },
    lab: { spec: last.spec, t: last.t, speed: last.speed },
    play: false,
  };
}

/** Jumps to scene `sceneIndex` (remembering where the tour was, so back returns there). */
export function jump(scenes: readonly Scene[], state: TourState, lab: LabView, sceneIndex: number): Move | null {
  if (sceneIndex < 0 || sceneIndex >= scenes.length) return null;
  return startScene(scenes, sceneIndex, [...state.history, snapshotOf(scenes, state, lab)]);
}

/** Starts the current scene again from its first step, forgetting the steps taken in it. */
export function resetScene(scenes: readonly Scene[], state: TourState): Move {
  const history = [...state.history];
  while (history.length > 0 && history[history.length - 1].sceneIndex === state.sceneIndex) history.pop();
  return startScene(scenes, state.sceneIndex, history);
}

/**
 * Where a step's playback stops, searching from `fromUs`: the time itself (or `fromUs` if already
 * past), or the first matching trace event's time plus `afterUs`; null while the event is not yet in
 * the computed part of the trace.
 */
export function pauseAtUs(point: PausePoint, events: TraceList, fromUs: Micros): Micros | null {
  if ('atUs' in point) return Math.max(point.atUs, fromUs);
  for (let i = countBefore(events, (at) => at < fromUs); i < events.length; i++) {
    const e = events.at(i)!;
    if (e.type === point.event && (point.actor === undefined || e.actor === point.actor)) return e.at + (point.afterUs ?? 0);
  }
  return null;
}
