/**
 * Runs a replication scenario (`kemari`, `remus`, `naive`) headless and reads its trace: the helpers
 * the Kemari and Remus tests share. Everything here goes through the public API (resolveRun,
 * createWorld, runResult) and the trace's own events.
 */
import type { TraceEvent } from '../../src/sim/trace';
import { resolveRun, type RunSpec } from '../../src/scenarios/run-spec';
import { runResult, type RunResult } from '../../src/world/result';
import type { CheckpointFrame, Frame, ReplicationFrame } from '../../src/world/frame';
import { createWorld, type World } from '../../src/world/world';

export type ParamValues = Readonly<Record<string, string | number | boolean>>;

export interface RunOptions {
  readonly preset?: string;
  readonly seed?: number;
  /** End of the run in µs. */
  readonly untilUs: number;
  readonly params?: ParamValues;
  readonly faults?: readonly string[];
}

export interface Run {
  readonly spec: RunSpec;
  readonly world: World;
  readonly result: RunResult;
  readonly events: readonly TraceEvent[];
  /** The verdict of the invariant `name` (fails the test if the run does not judge it). */
  holds(name: string): boolean;
  /** Events of `type`, from `actor` when given (a prefix ending in `*` matches several actors). */
  find(type: string, actor?: string): TraceEvent[];
  /** The first event of `type` (from `actor`), or undefined. */
  first(type: string, actor?: string): TraceEvent | undefined;
}

/** How many frames the guests' TCP sent again in `run` (each retransmission may resend several). */
export const framesResent = (run: Run): number => run.find('tcp.retransmit').reduce((n, e) => n + (e.data.seqs as number), 0);

const actorMatches = (pattern: string | undefined, actor: string) =>
  pattern === undefined || (pattern.endsWith('*') ? actor.startsWith(pattern.slice(0, -1)) : actor === pattern);

export function runScenario(scenario: string, o: RunOptions): Run {
  const { spec, errors } = resolveRun({
    scenario,
    preset: o.preset,
    seed: String(o.seed ?? 1),
    until: `${o.untilUs}us`,
    params: Object.entries(o.params ?? {}).map(([k, v]) => [k, String(v)] as [string, string]),
    faults: o.faults ?? [],
  });
  if (errors.length > 0) throw new Error(`bad run: ${errors.map((e) => e.message).join('; ')}`);
  const world = createWorld(spec);
  world.runUntil(spec.untilUs);
  const result = runResult(world, spec.untilUs);
  const events = world.trace.events;
  const find = (type: string, actor?: string) => events.filter((e) => e.type === type && actorMatches(actor, e.actor));
  return {
    spec,
    world,
    result,
    events,
    holds(name) {
      const v = result.invariants.find((i) => i.name === name);
      if (!v) throw new Error(`the run does not judge "${name}"; it judges ${result.invariants.map((i) => i.name).join(', ')}`);
      return v.holds;
    },
    find,
    first: (type, actor) => events.find((e) => e.type === type && actorMatches(actor, e.actor)),
  };
}

/** Whole µs from seconds (a fault time). */
export const us = (seconds: number) => Math.round(seconds * 1e6);

/** A fault string at an instant in µs, e.g. `crash:A@3500000us`. */
export const faultAt = (kind: 'crash:A' | 'crash:B' | 'cut:link' | 'heal:link', atUs: number) => `${kind}@${atUs}us`;

/** Outputs that reached a backend (netback.tx, blkback.write) on host `h`'s hypervisor. */
export function backendOutputs(run: Run, h: 'A' | 'B'): TraceEvent[] {
  return run.events.filter((e) => e.actor === `host${h}.hypervisor` && (e.type === 'netback.tx' || e.type === 'blkback.write'));
}

/** The event-channel port of an output's ring: 3 for netfront (vnc, packet), 4 for blkfront (disk). */
export const portOf = (e: TraceEvent) => (e.data.kind === 'disk' ? 4 : 3);

/**
 * How many outputs the original guest (on host A, actor `vm`) had issued before a trace position:
 * `issued(seq)` is the largest output id of its `frontend.notify` events earlier in the trace.
 */
export function issuedBefore(run: Run): (seq: number) => number {
  const notifies = run.events.filter((e) => e.type === 'frontend.notify' && e.actor === 'vm');
  return (seq) => {
    // The last notify before `seq` (ids grow with the trace).
    let lo = 0;
    let hi = notifies.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (notifies[mid].seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : (notifies[lo - 1].data.output as number);
  };
}

/** The last event before trace position `seq` that satisfies `pred`, or undefined. */
export function lastBefore(events: readonly TraceEvent[], seq: number, pred: (e: TraceEvent) => boolean): TraceEvent | undefined {
  for (let i = Math.min(seq, events.length) - 1; i >= 0; i--) if (pred(events[i])) return events[i];
  return undefined;
}

/** The replication part of a frame (fails the test when the frame shows no replication). */
export function replicationPart(frame: Frame): ReplicationFrame {
  const p = frame.protocol;
  if (p.kind !== 'kemari' && p.kind !== 'checkpoint') throw new Error(`expected a replication frame, got ${p.kind}`);
  return p;
}

/** The checkpointing part of a frame (Remus, naive; fails the test otherwise). */
export function checkpointPart(frame: Frame): CheckpointFrame {
  const p = frame.protocol;
  if (p.kind !== 'checkpoint') throw new Error(`expected a checkpoint frame, got ${p.kind}`);
  return p;
}
