/**
 * The result of a run, as the headless runner prints it (DESIGN §10): the run's identity, every
 * effective parameter, the trace hash, invariant verdicts, what the client saw, and metrics. Pure:
 * reads the world after `runUntil(untilUs)`.
 */
import { formatMillis, type Micros } from '../sim/time';
import { formatFault } from '../scenarios/faults';
import { FORMAT_VERSION } from '../scenarios/run-spec';
import type { ParamValue } from '../scenarios/params';
import type { ClientFrame } from './frame';
import type { MigrationMetrics } from './migration-frame';
import type { InvariantVerdict } from './port';
import type { ReplicationMetrics } from './replication-frame';
import type { World } from './world';

export type { InvariantVerdict };

export interface RunResult {
  readonly v: number;
  readonly scenario: string;
  /** The technique the run showed (its descriptor's id: `remus` runs with bufferOutput=false show `naive`). */
  readonly technique: string;
  readonly preset: string;
  readonly seed: number;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly faults: readonly string[];
  readonly untilUs: Micros;
  readonly traceHash: string;
  readonly traceEvents: number;
  readonly invariants: readonly InvariantVerdict[];
  readonly client: ClientFrame;
  readonly vm: { readonly host: string | null; readonly state: string; readonly lostAtUs: Micros | null };
  readonly metrics: {
    readonly migration: MigrationMetrics | null;
    readonly replication: ReplicationMetrics | null;
    readonly outputs: { readonly issued: number; readonly left: number; readonly toClient: number; readonly diskWrites: number; readonly lost: number };
    /** Groups a technique adds beyond these (DESIGN §10 stays additive). */
    readonly [group: string]: object | null;
  };
}

/** The invariants every run is judged by (later protocols add their own). */
export function invariantsOf(world: World): InvariantVerdict[] {
  const m = world.monitors;
  const frame = world.frameAt(world.now());
  return [
    {
      name: 'single-active-instance',
      holds: m.maxRunningCopies <= 1,
      detail: m.maxRunningCopies <= 1 ? 'at most one copy of the VM ran at any instant' : `${m.maxRunningCopies} copies of the VM ran at once (split brain)`,
    },
    {
      name: 'client-never-rolls-back',
      holds: frame.client.rollbacks === 0,
      detail: frame.client.rollbacks === 0 ? 'the client never saw state that the serving copy lacks' : `${frame.client.rollbacks} rollback(s) seen by the client`,
    },
    vmSurvives(world, frame.vm),
    outputsVerdict(world, frame.outputs.lost),
  ];
}

/**
 * Whether every output the guest issued left it. With no copy running and a takeover still to come,
 * outputs not yet sent (beyond those dropped for good) are pending: the takeover decides which leave.
 */
function outputsVerdict(world: World, lost: number): InvariantVerdict {
  const name = 'no-output-lost';
  const dropped = world.monitors.outputsDropped;
  const pending = lost > dropped ? world.recoveryPending() : null;
  if (pending) return { name, holds: true, pending: true, detail: `${lost - dropped} output(s) not sent yet when the run ended, but ${pending}: the takeover decides which of them leave` };
  return {
    name,
    holds: lost === 0,
    detail: `${lost} output(s) issued by the guest never left it${dropped > 0 ? ` (${dropped} packet(s) dropped on the way out and never sent again; VNC frames dropped there were sent again by the guest's TCP)` : ''}`,
  };
}

/** Whether the VM runs after a failure: it does, it runs nowhere (and nothing will start it), or it is pending. */
function vmSurvives(world: World, vm: { host: string | null; state: string }): InvariantVerdict {
  const name = 'vm-survives-host-failure';
  const lostAt = world.monitors.vmLostAtUs;
  const crashes = world.spec.faults.filter((f) => f.kind === 'crash');
  if (lostAt === null) return { name, holds: true, detail: crashes.length === 0 ? 'no host failed in this run' : 'a copy of the VM kept running' };
  if (vm.host !== null && vm.state !== 'destroyed') return { name, holds: true, detail: `the VM stopped at ${formatMillis(lostAt)} with its host and runs again on host ${vm.host}` };
  const pending = world.recoveryPending();
  if (pending) return { name, holds: true, pending: true, detail: `no copy of the VM runs since ${formatMillis(lostAt)}, but ${pending} when the run ended` };
  return { name, holds: false, detail: `no copy of the VM runs after ${formatMillis(lostAt)}: nothing protected it` };
}

/** The outputs a run lost, duplicated and rolled back, as the sweep's rows and the compare table give them. */
export interface OutputFigures {
  readonly outputsLost: number;
  readonly outputsDuplicated: number;
  readonly outputsRolledBack: number;
}

/**
 * A run's output figures. With replication they are the protocol's; without (unprotected, migration)
 * the lost outputs are the world's count and nothing is duplicated or rolled back.
 */
export function outputFigures(result: RunResult): OutputFigures {
  const r = result.metrics.replication;
  return r
    ? { outputsLost: r.outputsLost, outputsDuplicated: r.outputsDuplicated, outputsRolledBack: r.outputsRolledBack }
    : { outputsLost: result.metrics.outputs.lost, outputsDuplicated: 0, outputsRolledBack: 0 };
}

/** Builds the runner's result of a world computed up to `untilUs`. */
export function runResult(world: World, untilUs: Micros): RunResult {
  const spec = world.spec;
  if (world.now() !== untilUs) throw new RangeError(`the world is at ${world.now()} µs, not at the end of the run (${untilUs} µs)`);
  const frame = world.frameAt(untilUs);
  const client = world.clientNow();
  const protocol = world.protocolResult();
  // The groups every run names (null where its technique has none), then any a technique adds.
  const { migration, replication, ...others } = protocol.metrics;
  return {
    v: FORMAT_VERSION,
    scenario: spec.scenario,
    technique: frame.protocol.technique,
    preset: spec.preset,
    seed: spec.seed,
    params: spec.params,
    faults: spec.faults.map(formatFault),
    untilUs,
    traceHash: world.trace.hash(),
    traceEvents: world.trace.length,
    invariants: [...invariantsOf(world), ...protocol.invariants],
    client,
    vm: { host: frame.vm.host, state: frame.vm.state, lostAtUs: world.monitors.vmLostAtUs },
    metrics: {
      migration: (migration as MigrationMetrics | undefined) ?? null,
      replication: (replication as ReplicationMetrics | undefined) ?? null,
      outputs: frame.outputs,
      ...(frame.requests ? { requests: frame.requests } : {}),
      ...others,
    },
  };
}
