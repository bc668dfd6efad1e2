/**
 * The world: every actor of a run on one simulated clock. `createWorld(spec)` assembles hosts A and B
 * (each with its hypervisor and event channel), the guest VM on A, the replication link and the
 * client, installs the scenario's protocol, applies the faults as timed inputs, and records the trace
 * and a frame per instant as it runs. A run is a pure function of (scenario, parameters, seed,
 * faults): no wall clock, no unseeded chance. Actors talk only through the world, which routes what
 * one emits to the others at the same instant, in order (routing.ts).
 * @see ./README.md (how the world is built, and how to add a technique) and ../../shared/DESIGN.md §3–§4
 */
import { INPUT_LANE } from '../sim/event-queue';
import type { Micros } from '../sim/time';
import type { Trace } from '../sim/trace';
import type { PhaseFault, TimedFault } from '../scenarios/faults';
import { getScenario } from '../scenarios/index';
import type { RunSpec } from '../scenarios/run-spec';
import type { ScenarioDef } from '../scenarios/scenario';
import { actorMaker, emitFrom, makeCast, type Engine } from './actors';
import type { EdgeRecorder } from './edge-recorder';
import { applyFault } from './failures';
import type { ClientFrame, Frame, LoggedLinkMark, PublicMark } from './frame';
import { advanceWriter, makeFirstGuest, runningCopies } from './guests';
import { startHeartbeats } from './heartbeats';
import { everyInstant, onDemand } from './frame-source';
import { watchPhases } from './phase-watch';
import type { Installer, Monitors, ProtocolResult } from './port';
import { clientFrame, createProjector } from './projection';
import { installerOf, needsRepair, repairOf } from './registry';
import { createState } from './state';
import { startWorkload } from './workload';
import { startRequests } from './requests';
import { makePort } from './world-port';

export { PUBLIC_NET_LATENCY_US } from './hosts';
export { BLK_PORT, NET_PORT } from './hosts';
export type { Monitors };

/** What the world exposes to the app, the CLI, tests and benches. */
export interface World {
  readonly spec: RunSpec;
  readonly trace: Trace;
  /**
   * Frames recorded so far, one per instant at which something happened, in time order: all of them,
   * or with `keepFramesUs`, those of about the last `keepFramesUs` computed (older ones are dropped;
   * `frameAt`, `instantAfter` and `instantBefore` still answer exactly for any time).
   */
  readonly frames: readonly Frame[];
  /** The simulated time the run has been computed up to. */
  now(): Micros;
  /** Processes the next instant that has events; returns false when nothing is left. */
  step(): boolean;
  /** When the next instant to compute is (null: nothing is left); `step` computes it. */
  nextAt(): Micros | null;
  /**
   * Computes the run up to and including instant `t` (true). With `traceLimit`, stops between instants
   * once the trace holds that many events and returns false (the page computes long runs in slices).
   */
  runUntil(t: Micros, traceLimit?: number): boolean;
  /** Adds a timed input (a fault) at or after the current time. */
  inject(fault: TimedFault): void;
  /**
   * The frame of the last instant at or before `t` (the first frame for earlier times), for any `t`
   * up to the time computed: a dropped frame is computed again by a replay (see `keepFramesUs`).
   */
  frameAt(t: Micros): Frame;
  /** The first instant after `t` at which something happened, up to the time computed (null: none yet). */
  instantAfter(t: Micros): Micros | null;
  /** The last instant before `t` at which something happened (0 when there is none). */
  instantBefore(t: Micros): Micros;
  /** Invariant monitors and counters the result needs. */
  readonly monitors: Monitors;
  /** What the client has seen up to now, its stall counting the silence up to now. */
  clientNow(): ClientFrame;
  /** Every message put on the replication link, in the order sent (append-only). */
  readonly linkLog: readonly LoggedLinkMark[];
  /** Every output put on the public network, in the order sent (append-only). */
  readonly publicLog: readonly PublicMark[];
  /** Every transition the machines took, in order (alongside the trace, not in it; frames carry each instant's). */
  readonly edgeLog: EdgeRecorder;
  /** The protocol's metrics and invariant verdicts so far. */
  protocolResult(): ProtocolResult;
  /** Why the VM, running nowhere now, may still run again (a failure not yet detected), or null. */
  recoveryPending(): string | null;
}

/** A technique as the world runs it: its scenario (parameters, phases) and its protocol's installer. */
export interface Technique {
  readonly scenario: ScenarioDef<string>;
  readonly install: Installer;
}

/** How a world is built. */
export interface WorldOptions {
  /**
   * Record a frame per instant (default true: the compare view steps through them). A sweep needs only
   * the result at the end: without recording, `frames` holds the first frame alone and `frameAt` answers
   * with the frame of the current instant, whatever time it is asked for. `on-demand` (the lab): only
   * the instants' times are kept and a frame is projected when asked for (exact for any time, an
   * earlier instant's by a replay unless it was asked for lately: ./frame-source.ts); `frames` holds
   * the first frame alone. The trace is the same.
   */
  readonly recordFrames?: boolean | 'on-demand';
  /** The technique to run (default: the built-in one of `spec.scenario`, from src/world/registry.ts). */
  readonly technique?: Technique;
  /**
   * Keep only the frames of about the last `keepFramesUs` of computed time (default: every frame).
   * Memory then stays bounded however long the run: asked for an earlier instant, the world replays
   * the run (a fresh world of the same spec and inputs, with a window of its own, computed up to that
   * instant; the run's determinism makes it exact) and answers from the replay. A replay projects a
   * frame at every instant as the run did, since frames reuse parts built at earlier instants.
   */
  readonly keepFramesUs?: Micros;
  /**
   * `hash`: the trace keeps no events, only their number and hash (the same hash: a sweep's run, whose
   * result needs nothing else). Default `keep`.
   */
  readonly traceEvents?: 'keep' | 'hash';
  /**
   * How machines run: `lean` (default), the lean runner of src/machines/runner.ts; or `XSTATE_ENGINE`
   * (src/world/xstate-engine.ts), XState's actor for every machine, the reference. Both write the same
   * trace and take the same transitions (tests/world/engine-equivalence.test.ts).
   */
  readonly engine?: Engine;
}

/**
 * A replay keeps no trace of its own (the run's is whole): its trace only counts. It projects frames
 * from `framesFromUs` on (and the instant just before), computing the instants before as a sweep does.
 */
interface ReplayOptions extends Omit<WorldOptions, 'traceEvents'> {
  readonly traceEvents?: 'keep' | 'hash' | 'count';
  readonly framesFromUs?: Micros;
}

/** The built-in technique of scenario `id`. */
export function techniqueOf(id: string): Technique {
  const scenario = getScenario(id);
  if (!scenario) throw new RangeError(`createWorld: scenario "${id}" is not registered (resolveRun refuses it)`);
  return { scenario, install: installerOf(scenario.protocol) };
}

export function createWorld(spec: RunSpec, options: WorldOptions = {}): World {
  return makeWorld(spec, options);
}

function makeWorld(spec: RunSpec, options: ReplayOptions): World {
  const technique = options.technique ?? techniqueOf(spec.scenario);
  const keepUs = options.keepFramesUs ?? Number.POSITIVE_INFINITY;
  const w = createState(spec, options.recordFrames !== false, options.traceEvents ?? 'keep');
  w.make = actorMaker(w, options.engine);
  w.emitAs = (name, emitted, more) => emitFrom(w, name, emitted, more);
  w.cast = makeCast(w, () => makeFirstGuest(w));
  // A run that restarts a host runs its technique inside the repair cycle (./repair.ts), loaded for it.
  const repairing = needsRepair(spec);
  w.protocol = repairing ? repairOf()(w, makePort(w), technique.install) : technique.install(makePort(w));
  // The hosts come up first: their heartbeats and silence timers are armed before any actor's timer.
  startHeartbeats(w, 'A');
  startHeartbeats(w, 'B');
  for (const actor of w.actors.values()) actor.start();
  w.trace.record(0, 'lab', 'run.start', { scenario: spec.scenario, preset: spec.preset, seed: spec.seed });
  w.cast.hypervisors.A.send({ type: 'guest.create' });
  startWorkload(w);
  startRequests(w);
  for (const f of spec.faults) if (!f.phase) w.queue.push(f.atUs, { run: () => applyFault(w, f) }, INPUT_LANE);
  watchPhases(w, technique.scenario.phases, spec.faults.filter((f): f is PhaseFault => f.phase !== undefined));

  // As after an instant: the protocol's figures start from the world as made, in every world with frames.
  if (w.recordFrames) w.protocol.afterInstant?.();
  const project = createProjector(w);
  /** Inputs added with `inject`, which a replay adds too. */
  const injected: TimedFault[] = [];
  let replay: World | null = null;

  function step(): boolean {
    const first = w.queue.peek();
    if (!first) return false;
    const t = first.at;
    w.clock.advanceTo(t);
    if (w.recordFrames) source.begin(t);
    advanceWriter(w);
    for (let e = w.queue.peek(); e && e.at === t; e = w.queue.peek()) {
      w.queue.pop();
      e.item.run();
    }
    w.monitors.maxRunningCopies = Math.max(w.monitors.maxRunningCopies, runningCopies(w));
    if (w.recordFrames) {
      w.protocol.afterInstant?.();
      source.instant(t);
    }
    return true;
  }

  /** A replay that has computed up to `t` and keeps the frames around it (from half a window before it). */
  function replayAt(t: Micros): World {
    // A replay has frames once it has computed up to a time it was made for.
    if (!replay || replay.frames.length === 0 || replay.frames[0].atUs > t) {
      const r = makeWorld(spec, { ...options, recordFrames: true, traceEvents: 'count', framesFromUs: Math.max(0, t - keepUs / 2) });
      for (const f of injected) r.inject(f);
      replay = r;
    }
    const r = replay!;
    r.runUntil(Math.min(t, w.clock.now()));
    return r;
  }

  // The first frame (a run without frames keeps it alone).
  // (On demand, the last instant's frame is projected after the clock moved on: it reads the instant's time.)
  const nextAt = () => w.queue.peek()?.at ?? null;
  const port = { project: (atUs: Micros) => w.clock.readAt(atUs, () => project(atUs, w.trace.length)), replayAt, now: () => w.clock.now(), nextAt };
  const source = options.recordFrames === 'on-demand' ? onDemand(port, w.edgeLog) : everyInstant(port, keepUs, w.edgeLog, options.framesFromUs);

  return {
    spec,
    trace: w.trace,
    frames: source.frames,
    monitors: w.monitors,
    linkLog: w.linkLog,
    publicLog: w.publicLog,
    edgeLog: w.edgeLog,
    now: () => w.clock.now(),
    clientNow: () => clientFrame(w, w.clock.now()),
    protocolResult: () => w.protocol.result(),
    recoveryPending: () => w.protocol.recoveryPending?.() ?? null,
    step,
    nextAt,
    runUntil(t: Micros, traceLimit = Number.POSITIVE_INFINITY) {
      for (let e = w.queue.peek(); e && e.at <= t; e = w.queue.peek()) {
        if (w.trace.length >= traceLimit) return false;
        step();
      }
      // The writer is advanced only at the instants of events, never where a caller stops: a run
      // computed in chunks (the page plays in steps of its frame rate) writes memory exactly as one
      // computed at once (with several tiers, extra advances would interleave their writes differently).
      if (t > w.clock.now()) w.clock.advanceTo(t);
      return true;
    },
    inject(fault: TimedFault) {
      if (fault.kind === 'restart' && !repairing) throw new RangeError('a restart needs the repair cycle, which this run does not have: put the restart in the run spec\'s faults');
      if (fault.atUs < w.clock.now()) throw new RangeError(`an input at ${fault.atUs} µs is in the past (now ${w.clock.now()} µs): re-run from the start`);
      injected.push(fault);
      replay = null;
      w.queue.push(fault.atUs, { run: () => applyFault(w, fault) }, INPUT_LANE);
    },
    frameAt: (t: Micros): Frame => (w.recordFrames ? source.frameAt(t) : project(w.clock.now(), w.trace.length)),
    instantAfter: (t: Micros) => source.instantAfter(t),
    instantBefore: (t: Micros) => source.instantBefore(t),
  };
}
