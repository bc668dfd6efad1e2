/**
 * Lock-stepping's state in the world as one plain record, and its figures as named functions over it:
 * the frame (the logging channel, the backup's replay and lag, the outputs held by the output rule),
 * the metrics (`metrics.lockstep` and the replication group) and the rules.
 * @see ./lockstep-protocol.ts (the steps that change it)
 */
import type { LockstepContext } from '../machines/lockstep.machine';
import type { VmRestore, Work } from '../machines/vm.machine';
import type { IoRequest } from '../sim/ring';
import type { Micros } from '../sim/time';
import type { HostId } from './frame';
import type { InvariantVerdict, WorldPort } from './port';
import type { OutputBuffer } from './remus-buffer';
import { backupState, type Replica } from './replica';
import { failoverInvariants, replicationMetrics } from './replica-metrics';
import type { LockstepFrame, LockstepMetrics, ReplicationMetrics } from './replication-frame';

/** One log entry: its number, what input it records, and when the primary took it. */
export interface LogEntry {
  readonly seq: number;
  readonly kind: Work['type'];
  readonly atUs: Micros;
}

/** Bytes a log entry takes on the logging channel: a header (the instruction count, the kind) and what the input carried. */
export function entryBytes(work: Work): number {
  const HEADER = 32;
  switch (work.type) {
    case 'vnc.request':
      return HEADER + 96;
    case 'tcp.ack':
    case 'tcp.rst':
      return HEADER + 64;
    default:
      return HEADER;
  }
}

export interface Lockstep {
  readonly r: Replica;
  /** Outputs held by the output rule, each with the last entry logged before it. */
  readonly out: OutputBuffer;
  /**
   * For each entry the backup has not replayed yet: the primary's state just before it took that input
   * (what the backup's replay reaches before it), and when.
   */
  readonly before: Map<number, { readonly state: VmRestore; readonly atUs: Micros }>;
  /** The last entry the backup received and replayed. */
  replayed: number;
  /** The entries' lags, from the primary taking the input to the backup replaying it: count, sum and largest. */
  readonly lag: { count: number; sumUs: number; maxUs: number };
  logBytes: number;
  outputsHeld: number;
  earlyOutputs: number;
  testAndSet: HostId | null;
  lostTestAndSet: boolean;
  /** The primary's state and held outputs when it stopped (a crash). */
  stateAtStop: VmRestore | null;
  heldAtStop: readonly { readonly request: IoRequest; readonly checkpoint: number }[];
  readonly networkLeftA: Set<number>;
}

export function createLockstep(r: Replica, out: OutputBuffer): Lockstep {
  return {
    r,
    out,
    before: new Map(),
    replayed: 0,
    lag: { count: 0, sumUs: 0, maxUs: 0 },
    logBytes: 0,
    outputsHeld: 0,
    earlyOutputs: 0,
    testAndSet: null,
    lostTestAndSet: false,
    stateAtStop: null,
    heldAtStop: [],
    networkLeftA: new Set(),
  };
}

const engineContext = (s: Lockstep) => s.r.engine.getSnapshot().context as LockstepContext;

export function lockstepMetrics(port: WorldPort, s: Lockstep): { replication: ReplicationMetrics; lockstep: LockstepMetrics } {
  const e = engineContext(s);
  let rolledBack = 0;
  const from = s.r.takeoverFrom;
  if (from) for (const id of s.networkLeftA) if (id > from.outputsIssued) rolledBack++;
  const replication = replicationMetrics(s.r, port.now(), { checkpoints: 0, checkpointsAcked: 0, syncs: e.logged }, s.out.latencies, rolledBack);
  const runS = Math.max(1, port.now()) / 1e6;
  const lagMean = s.lag.count ? s.lag.sumUs / s.lag.count : 0;
  return {
    replication: { ...replication, syncsPerSec: e.logged / runS },
    lockstep: {
      logEntries: e.logged,
      logBytes: s.logBytes,
      logBitsPerSec: (s.logBytes * 8) / runS,
      replayLagUs: { mean: lagMean, max: s.lag.maxUs },
      outputsHeld: s.outputsHeld,
      testAndSet: s.testAndSet,
    },
  };
}

export function lockstepFrame(port: WorldPort, s: Lockstep): LockstepFrame {
  const { r } = s;
  const e = r.engine.getSnapshot();
  const ctx = e.context as LockstepContext;
  const backup = backupState(port, r);
  // The replay's lag now: since the primary took the first input the backup has not replayed yet.
  const next = ctx.logged > s.replayed && backup === 'standby' && port.isUp('A') ? lagSince(s, port.now()) : 0;
  return {
    kind: 'lockstep',
    technique: 'lockstep',
    primary: !port.isUp('A') ? 'down' : e.value === 'unprotected' ? 'unprotected' : 'protected',
    backup: s.lostTestAndSet ? 'empty' : backup,
    syncs: ctx.logged,
    syncsAcked: ctx.acked,
    backupHoldsSync: s.replayed,
    lastSyncAtUs: null,
    guestPauseFraction: 0,
    bytesReplicated: r.bytes,
    takeoverAtUs: r.takeoverAtUs,
    splitBrain: r.splitBrain,
    fencing: port.params.fencing,
    logged: ctx.logged,
    replayed: s.replayed,
    acked: ctx.acked,
    lagUs: next,
    maxLagUs: s.lag.maxUs,
    held: s.out.held.length,
    logBytes: s.logBytes,
    testAndSet: s.testAndSet,
  };
}

/** How long ago the primary took the oldest input the backup has not replayed yet. */
function lagSince(s: Lockstep, now: Micros): Micros {
  const taken = s.before.get(s.replayed + 1);
  return taken === undefined ? 0 : now - taken.atUs;
}

export function lockstepInvariants(s: Lockstep, m: ReplicationMetrics): InvariantVerdict[] {
  return [
    {
      name: 'output-rule',
      holds: s.earlyOutputs === 0,
      detail: s.earlyOutputs === 0 ? `every output left host A after B acknowledged the log entries before it (${s.outputsHeld} waited for it)` : `${s.earlyOutputs} output(s) left before B acknowledged the entries before them`,
    },
    ...failoverInvariants(m, s.r),
    { name: 'no-rollback-on-failover', holds: m.outputsRolledBack === 0, detail: `${m.outputsRolledBack} output(s) left host A from execution the backup could not replay` },
  ];
}
