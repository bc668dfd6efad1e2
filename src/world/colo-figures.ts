/**
 * COLO's state in the world as one plain record, and its figures as named functions over it: the
 * frame the view draws (a checkpointing frame with the proxy's comparison), the metrics (the
 * replication group with checkpoints by cause and how outputs were released) and the rules.
 * @see ./colo-protocol.ts (the steps that change it)
 */
import type { ColoContext } from '../machines/colo.machine';
import type { VmRestore } from '../machines/vm.machine';
import type { IoRequest } from '../sim/ring';
import type { Micros } from '../sim/time';
import type { HostId } from './frame';
import type { InvariantVerdict, WorldPort } from './port';
import { bufferedEpochs, type OutputBuffer } from './remus-buffer';
import { backupState, pauseFraction, type Replica } from './replica';
import { failoverInvariants, replicationMetrics } from './replica-metrics';
import type { CheckpointFrame, ColoCompare, ReplicationMetrics } from './replication-frame';

/** How many comparisons the frame shows. */
const RECENT_COMPARES = 6;

/** A checkpoint as it travels: the primary's pages dirtied since the last one, its vCPU and device state. */
export interface ColoCheckpoint {
  readonly checkpoint: number;
  readonly pages: Int32Array;
  readonly versions: Uint32Array;
  readonly restore: VmRestore;
}

export interface Colo {
  readonly r: Replica;
  /** The proxy's queue of the primary's outputs (released on a match, or after a checkpoint). */
  readonly out: OutputBuffer;
  /** Where each held output stands: its counterpart awaited, matched (behind an earlier one), or different. */
  readonly status: Map<number, 'awaited' | 'matched' | 'differs'>;
  /** The first output the primary produces at or after this instant differs from the secondary's. */
  divergeAtUs: Micros;
  compares: readonly ColoCompare[];
  mismatches: number;
  releasedAtOnce: number;
  heldForCheckpoint: number;
  /** Outputs that left host A while it was protected without a match or a checkpoint (the rule's count). */
  unmatchedLeft: number;
  /** When the last checkpoint ended (the periodic timer's start). */
  lastCommitAtUs: Micros;
  /** What the proxy held when A died: the secondary's TCP sends again what its state includes. */
  bufferAtCrash: readonly { readonly request: IoRequest; readonly checkpoint: number }[];
  /** Network outputs that left the original primary. */
  readonly networkLeftA: Set<number>;
  lastFrame: { engine: unknown; backup: unknown; version: number; vmHost: HostId | null; pause: number; frame: CheckpointFrame } | null;
}

export function createColo(r: Replica, out: OutputBuffer, divergeAtUs: Micros): Colo {
  return {
    r,
    out,
    status: new Map(),
    divergeAtUs,
    compares: [],
    mismatches: 0,
    releasedAtOnce: 0,
    heldForCheckpoint: 0,
    unmatchedLeft: 0,
    lastCommitAtUs: 0,
    bufferAtCrash: [],
    networkLeftA: new Set(),
    lastFrame: null,
  };
}

/** Notes comparison of output `output` now. */
export function noteCompare(c: Colo, output: number, atUs: Micros, match: boolean): void {
  c.compares = [...c.compares.slice(-(RECENT_COMPARES - 1)), { output, atUs, match }];
  c.out.version++;
}

const engineContext = (c: Colo) => c.r.engine.getSnapshot().context as ColoContext;

export function coloMetrics(port: WorldPort, c: Colo): ReplicationMetrics {
  const e = engineContext(c);
  let rolledBack = 0;
  const from = c.r.takeoverFrom;
  if (from) for (const id of c.networkLeftA) if (id > from.outputsIssued) rolledBack++;
  const m = replicationMetrics(c.r, port.now(), { checkpoints: e.checkpoint, checkpointsAcked: e.committed, syncs: 0 }, c.out.latencies, rolledBack);
  return {
    ...m,
    outputsLost: m.outputsLost + c.out.dropped - c.out.droppedFrames,
    checkpointsByCause: e.byCause,
    releasedAtOnce: c.releasedAtOnce,
    heldForCheckpoint: c.heldForCheckpoint,
  };
}

/** COLO as the screen shows it (rebuilt only when something it shows changed). */
export function coloFrame(port: WorldPort, c: Colo): CheckpointFrame {
  const { r, out } = c;
  const e = r.engine.getSnapshot();
  const b = r.backup.getSnapshot();
  const last = c.lastFrame;
  const pause = Math.round(pauseFraction(r, port.now()) * 1e5) / 1e5;
  if (last && last.engine === e && last.backup === b && last.version === out.version && last.vmHost === port.vmHost() && last.pause === pause) return last.frame;
  const ctx = e.context as ColoContext;
  const checkpointing = e.value === 'checkpointing';
  const primary = !port.isUp('A') ? 'down' : e.value === 'unprotected' ? 'unprotected' : checkpointing ? 'syncing' : 'protected';
  const backup = backupState(port, r);
  let comparing = 0;
  for (const s of c.status.values()) if (s === 'awaited' || s === 'matched') comparing++;
  const held = out.held.length;
  const frame: CheckpointFrame = {
    kind: 'checkpoint',
    technique: 'colo',
    primary,
    backup,
    syncs: ctx.checkpoint,
    syncsAcked: ctx.committed,
    backupHoldsSync: r.holdsSync,
    lastSyncAtUs: out.pipeline.length ? out.pipeline[out.pipeline.length - 1].pauseAtUs : null,
    guestPauseFraction: pause,
    bytesReplicated: r.bytes,
    takeoverAtUs: r.takeoverAtUs,
    splitBrain: r.splitBrain,
    fencing: port.params.fencing,
    bufferOutput: true,
    checkpoint: ctx.checkpoint,
    committed: ctx.committed,
    buffer: bufferedEpochs(out),
    pipeline: [...out.pipeline],
    unsafeNow: false,
    latencies: out.recent,
    colo: {
      secondary: backup !== 'standby' || r.generation !== 0 || e.value === 'unprotected' ? 'gone' : checkpointing ? 'paused' : 'running',
      comparing: checkpointing ? 0 : comparing,
      waitingForCheckpoint: checkpointing ? held : held - comparing,
      compares: c.compares,
      cause: ctx.cause,
      byCause: ctx.byCause,
      releasedAtOnce: c.releasedAtOnce,
      heldForCheckpoint: c.heldForCheckpoint,
      periodicDueAtUs: e.value === 'comparing' && port.isUp('A') ? c.lastCommitAtUs + ctx.checkpointIntervalMs * 1000 : null,
    },
  };
  c.lastFrame = { engine: e, backup: b, version: out.version, vmHost: port.vmHost(), pause, frame };
  return frame;
}

/** COLO's rules: nothing leaves unmatched, release in order, and the failover rules. */
export function coloInvariants(c: Colo, m: ReplicationMetrics): InvariantVerdict[] {
  const invariants: InvariantVerdict[] = [
    {
      name: 'compare-before-release',
      holds: c.unmatchedLeft === 0,
      detail:
        c.unmatchedLeft === 0
          ? `every output left host A after the secondary's matched it (${c.releasedAtOnce}) or after a checkpoint made the two VMs equal (${c.heldForCheckpoint})`
          : `${c.unmatchedLeft} output(s) left host A with neither a matching output from the secondary nor a checkpoint`,
    },
    { name: 'release-in-order', holds: c.out.outOfOrderReleases === 0, detail: `${c.out.outOfOrderReleases} output(s) released ahead of an earlier one` },
    ...failoverInvariants(m, c.r),
    { name: 'no-rollback-on-failover', holds: m.outputsRolledBack === 0, detail: `${m.outputsRolledBack} output(s) left host A from state that the secondary never had` },
  ];
  if (c.out.dropped > 0) {
    invariants.push({ name: 'output-buffer-overflow', holds: c.out.dropped === c.out.droppedFrames, detail: `${c.out.dropped} packet(s) dropped because the proxy's queue was full` });
  }
  return invariants;
}
