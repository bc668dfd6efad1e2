/**
 * Remus's (and naive snapshots') state in the world as one plain record, and its figures as named
 * functions over it: the frame the view draws, the metrics and the rules a run is judged by.
 * @see ./remus-protocol.ts (the steps that change it)
 */
import type { RemusContext } from '../machines/remus.machine';
import type { VmRestore } from '../machines/vm.machine';
import type { IoRequest } from '../sim/ring';
import type { HostId } from './frame';
import type { InvariantVerdict, WorldPort } from './port';
import { bufferedEpochs, type OutputBuffer } from './remus-buffer';
import { backupState, pauseFraction, type Replica } from './replica';
import { failoverInvariants, replicationMetrics } from './replica-metrics';
import type { CheckpointFrame, ReplicationMetrics } from './replication-frame';

/** One checkpoint as it travels: the pages dirtied in its epoch, the vCPU and rings, its disk writes and fingerprint. */
export interface Checkpoint {
  readonly checkpoint: number;
  readonly pages: Int32Array;
  readonly versions: Uint32Array;
  readonly restore: VmRestore;
  /** Disk writes of the epoch this checkpoint closes (held on the backup until it is complete). */
  readonly diskWrites: readonly number[];
  readonly digest: string;
}

export interface Checkpointing {
  readonly r: Replica;
  readonly out: OutputBuffer;
  readonly bufferOutput: boolean;
  /** The fingerprint of B's copy, checked against the state the guest resumes from. */
  holdsDigest: string;
  /** Disk writes applied to the backup's disk (output ids), and how many of them no checkpoint covered. */
  readonly backupDisk: Set<number>;
  uncommittedOnBackupDisk: number;
  epochDiskWrites: number[];
  /** The checkpoint taken at the last pause, sent at the resume. */
  capture: Checkpoint | null;
  /** What A's buffer held when A died: the restored guest resends what its state includes. */
  bufferAtCrash: readonly { readonly request: IoRequest; readonly checkpoint: number }[];
  /** Outputs released before the backup acknowledged their checkpoint (naive: every one), and the first. */
  earlyOutputs: number;
  firstEarlyOutput: string | null;
  /** Whether the backup resumed exactly its last checkpoint's state (null: no failover yet). */
  failoverStateMatches: boolean | null;
  /** Whether the primary sent output the backup's state does not include (naive's harm window). */
  unsafe: boolean;
  /** Network outputs that left the original primary, and the highest output id that left it. */
  readonly networkLeftA: Set<number>;
  lastLeftOnA: number;
  lastFrame: { engine: unknown; backup: unknown; version: number; vmHost: HostId | null; pause: number; frame: CheckpointFrame } | null;
}

const engineContext = (c: Checkpointing) => c.r.engine.getSnapshot().context as RemusContext;

export function remusMetrics(port: WorldPort, c: Checkpointing): ReplicationMetrics {
  const e = engineContext(c);
  let rolledBack = 0;
  const from = c.r.takeoverFrom;
  if (from) {
    // Rolled back: what the outside world got from state that vanished — packets that left A, and
    // writes that reached the disk that survives (B's). A's own disk dies with A.
    for (const id of c.networkLeftA) if (id > from.outputsIssued) rolledBack++;
    for (const id of c.backupDisk) if (id > from.outputsIssued) rolledBack++;
  }
  const m = replicationMetrics(c.r, port.now(), { checkpoints: e.checkpoint, checkpointsAcked: e.committed, syncs: 0 }, c.out.latencies, rolledBack);
  // Packets a full buffer dropped are lost too (dropped VNC frames are not: the guest's TCP resends them).
  return { ...m, outputsLost: m.outputsLost + c.out.dropped - c.out.droppedFrames };
}

/** The checkpointing as the screen shows it (rebuilt only when something it shows changed: most instants are heartbeats and I/O). */
export function checkpointFrame(port: WorldPort, c: Checkpointing): CheckpointFrame {
  const { r, out } = c;
  const e = r.engine.getSnapshot();
  const b = r.backup.getSnapshot();
  const last = c.lastFrame;
  // The share of time paused changes with every instant: to 1e-5 (the screen shows 0.01 %), so that a
  // frame kept from an earlier instant shows what one made now would (frames depend on their instant only).
  const pause = Math.round(pauseFraction(r, port.now()) * 1e5) / 1e5;
  if (last && last.engine === e && last.backup === b && last.version === out.version && last.vmHost === port.vmHost() && last.pause === pause) return last.frame;
  const ctx = e.context as RemusContext;
  // The buffer and the pipeline change with the buffer's version only (the pause share with every instant).
  const same = last !== null && last.version === out.version;
  const primary = !port.isUp('A') ? 'down' : e.value === 'unprotected' ? 'unprotected' : e.value === 'pausing' || e.value === 'copying' ? 'syncing' : 'protected';
  const frame: CheckpointFrame = {
    kind: 'checkpoint',
    technique: c.bufferOutput ? 'remus' : 'naive',
    primary,
    backup: backupState(port, r),
    syncs: ctx.checkpoint,
    syncsAcked: ctx.committed,
    backupHoldsSync: r.holdsSync,
    lastSyncAtUs: out.pipeline.length ? out.pipeline[out.pipeline.length - 1].pauseAtUs : null,
    guestPauseFraction: pause,
    bytesReplicated: r.bytes,
    takeoverAtUs: r.takeoverAtUs,
    splitBrain: r.splitBrain,
    fencing: port.params.fencing,
    bufferOutput: c.bufferOutput,
    checkpoint: ctx.checkpoint,
    committed: ctx.committed,
    buffer: same ? last.frame.buffer : bufferedEpochs(out),
    pipeline: same ? last.frame.pipeline : [...out.pipeline],
    unsafeNow: !c.bufferOutput && c.unsafe && r.generation === 0,
    latencies: out.recent,
  };
  c.lastFrame = { engine: e, backup: b, version: out.version, vmHost: port.vmHost(), pause, frame };
  return frame;
}

/** Remus's rules: output commit, release in order, the backup's disk, the failover state, and the failover rules. */
export function remusInvariants(c: Checkpointing, m: ReplicationMetrics): InvariantVerdict[] {
  const invariants: InvariantVerdict[] = [
    {
      name: 'output-commit',
      holds: c.earlyOutputs === 0,
      detail: c.earlyOutputs === 0 ? 'no output left before the backup acknowledged the checkpoint that produced it' : `broken: ${c.firstEarlyOutput} (${c.earlyOutputs} in all)`,
    },
    { name: 'release-in-order', holds: c.out.outOfOrderReleases === 0, detail: `${c.out.outOfOrderReleases} output(s) released ahead of an earlier epoch's` },
    {
      name: 'backup-disk-committed-only',
      holds: c.uncommittedOnBackupDisk === 0,
      detail: c.uncommittedOnBackupDisk === 0 ? "the backup's disk only ever got writes of acknowledged checkpoints" : `${c.uncommittedOnBackupDisk} write(s) reached the backup's disk before their checkpoint`,
    },
    {
      name: 'failover-from-last-checkpoint',
      holds: c.failoverStateMatches !== false,
      detail:
        c.failoverStateMatches === null
          ? 'no failover in this run'
          : c.failoverStateMatches
            ? `the backup resumed exactly the primary's state at checkpoint ${c.r.holdsSync}`
            : 'the backup resumed a state that differs from its last checkpoint',
    },
    ...failoverInvariants(m, c.r),
  ];
  if (c.out.dropped > 0) {
    const others = c.out.dropped - c.out.droppedFrames;
    invariants.push({
      name: 'output-buffer-overflow',
      holds: others === 0,
      detail: `${c.out.dropped} packet(s) dropped because the 10 MiB buffer was full (never released early): ${c.out.droppedFrames} VNC frame(s), which the guest's TCP sent again, and ${others} other packet(s), counted in outputsLost (the lab does not model their senders' retransmissions)`,
    });
  }
  return invariants;
}
