/**
 * Replication's part of a frame and of a run's result (Kemari, Remus, naive snapshots): what each
 * host is doing, what the backup holds, the checkpoint pipeline and output buffer, and the metrics the
 * runner prints (DESIGN §10 `metrics.replication`). Types only; a leaf module.
 */
import type { Micros } from '../sim/time';
import type { HostId } from '../machines/host.machine';

/** Replication metrics, as the runner prints them (DESIGN §10). */
export interface ReplicationMetrics {
  readonly checkpoints: number;
  readonly checkpointsAcked: number;
  readonly checkpointsPerSec: number;
  readonly syncs: number;
  readonly syncsPerSec: number;
  readonly bytesReplicated: number;
  readonly bytesPerSync: number;
  readonly addedLatencyUs: { readonly mean: number; readonly p95: number; readonly max: number };
  readonly guestPauseFraction: number;
  readonly failoverUs: Micros | null;
  readonly outputsLost: number;
  readonly outputsDuplicated: number;
  readonly outputsRolledBack: number;
  /** COLO: checkpoints by what started them (an output that differed, the periodic timer). */
  readonly checkpointsByCause?: { readonly divergence: number; readonly periodic: number };
  /** COLO: outputs released as soon as the secondary's matched them. */
  readonly releasedAtOnce?: number;
  /** COLO: outputs that waited for a checkpoint (they differed, or were at the proxy when one began). */
  readonly heldForCheckpoint?: number;
}

/** Outputs held in Remus's buffer for one epoch. */
export interface BufferedEpoch {
  readonly checkpoint: number;
  readonly outputs: number;
  readonly bytes: number;
}

/** One Remus checkpoint's pipeline: pause and copy, resume and send, arrival and ack, release. */
export interface CheckpointTimes {
  readonly checkpoint: number;
  readonly pauseAtUs: Micros;
  readonly resumeAtUs: Micros | null;
  readonly arrivedAtUs: Micros | null;
  readonly committedAtUs: Micros | null;
  readonly pages: number;
}

/** A resynchronization of a repaired host, as the frame shows it. */
export interface ResyncFrame {
  readonly from: HostId;
  readonly to: HostId;
  readonly round: number;
  /** Pages the repaired host holds so far, of `pageCount`. */
  readonly pagesCopied: number;
  readonly pageCount: number;
  readonly startedAtUs: Micros;
  readonly endedAtUs: Micros | null;
  readonly outcome: 'running' | 'complete' | 'aborted' | 'lost';
}

/** A window in which the VM ran with no backup (`toUs` null: still open). */
export interface UnprotectedWindow {
  readonly fromUs: Micros;
  readonly toUs: Micros | null;
}

/** After a failure: repairs, resynchronizations and the windows of vulnerability (absent before any). */
export interface RepairFrame {
  /** Which protection runs now: 1 the first, 2 after the first repair, … */
  readonly generation: number;
  readonly failovers: number;
  /** The resynchronization under way or the last one (null: none yet). */
  readonly resync: ResyncFrame | null;
  /** Every window in which the VM ran unprotected, oldest first. */
  readonly unprotected: readonly UnprotectedWindow[];
}

/** What every replication technique shows (Kemari, Remus, naive snapshots, and those to come). */
export interface ReplicationCoreFrame {
  /** The technique this run shows (its descriptor's id: `kemari`, `remus`, `naive`). */
  readonly technique: string;
  /** What the primary is doing: protecting, synchronizing, or running on unprotected. */
  readonly primary: 'protected' | 'syncing' | 'unprotected' | 'down';
  /**
   * What the backup is doing: standing by, fencing, or running the VM; after a failover, what the
   * other host is doing: down, booting, being resynchronized, or up with no copy (`empty`).
   */
  readonly backup: 'standby' | 'fencing' | 'active' | 'down' | 'booting' | 'resyncing' | 'empty';
  /** The host the primary role is on (absent: host A, as before any repair). */
  readonly primaryHost?: HostId;
  /** Repairs after a failure (absent: none happened). */
  readonly repair?: RepairFrame;
  readonly syncs: number;
  readonly syncsAcked: number;
  /** The synchronization whose state B holds (0: the initial copy). */
  readonly backupHoldsSync: number;
  readonly lastSyncAtUs: Micros | null;
  readonly guestPauseFraction: number;
  readonly bytesReplicated: number;
  readonly takeoverAtUs: Micros | null;
  readonly splitBrain: boolean;
  readonly fencing: boolean;
}

/** Kemari: a synchronization per trapped event-channel notify. */
export interface KemariFrame extends ReplicationCoreFrame {
  readonly kind: 'kemari';
  /** Whether the event-channel trap is on (off breaks sync-before-output). */
  readonly trapEvents: boolean;
}

/** Remus and naive snapshots: a checkpoint per epoch, with output buffered (Remus) or not (naive). */
export interface CheckpointFrame extends ReplicationCoreFrame {
  readonly kind: 'checkpoint';
  /** Whether output waits for the checkpoint that produced it (Remus) or leaves at once (naive). */
  readonly bufferOutput: boolean;
  /** The checkpoint being taken or last taken, and the last one acknowledged. */
  readonly checkpoint: number;
  readonly committed: number;
  /** The output buffer, oldest epoch first. */
  readonly buffer: readonly BufferedEpoch[];
  /** The last few checkpoints' pipelines, oldest first. */
  readonly pipeline: readonly CheckpointTimes[];
  /** Naive: output left the primary that the backup's state does not include: a crash now does harm. */
  readonly unsafeNow: boolean;
  /** The last outputs released from the buffer and how long each waited (µs), oldest first. */
  readonly latencies: readonly { readonly releasedAtUs: Micros; readonly addedUs: Micros; readonly kind: 'vnc' | 'packet' }[];
  /** COLO: the proxy's comparison and the secondary VM (absent: Remus and naive snapshots). */
  readonly colo?: ColoFigures;
}

/** One comparison at COLO's proxy: the primary's output `output` and the secondary's, at `atUs`. */
export interface ColoCompare {
  readonly output: number;
  readonly atUs: Micros;
  readonly match: boolean;
}

/** COLO's part of a checkpointing frame: both VMs running, the proxy comparing their outputs. */
export interface ColoFigures {
  /** What the secondary VM on host B is doing: running on the same inputs, stopped for a checkpoint, or gone. */
  readonly secondary: 'running' | 'paused' | 'gone';
  /** Outputs at the proxy waiting for the secondary's counterpart. */
  readonly comparing: number;
  /** Outputs at the proxy waiting for a checkpoint (one differed, or a checkpoint is under way). */
  readonly waitingForCheckpoint: number;
  /** The last few comparisons, oldest first. */
  readonly compares: readonly ColoCompare[];
  /** What started the checkpoint under way or the last one (null: none yet). */
  readonly cause: 'divergence' | 'periodic' | null;
  readonly byCause: { readonly divergence: number; readonly periodic: number };
  /** Outputs released at once on a match, and after a checkpoint, so far. */
  readonly releasedAtOnce: number;
  readonly heldForCheckpoint: number;
  /** When the periodic timer runs out if no output differs first (null: a checkpoint is under way, or no secondary). */
  readonly periodicDueAtUs: Micros | null;
}

/** Deterministic replay (lock-stepping): the logging channel, the backup's replay, the outputs held for its acknowledgement. */
export interface LockstepFrame extends ReplicationCoreFrame {
  readonly kind: 'lockstep';
  /** Log entries recorded on the primary, received by the backup (replayed up to), and acknowledged back at the primary. */
  readonly logged: number;
  readonly replayed: number;
  readonly acked: number;
  /** How far the backup's replay is behind the primary's execution now (µs), and the largest so far. */
  readonly lagUs: Micros;
  readonly maxLagUs: Micros;
  /** Outputs waiting for the acknowledgement of the entries logged before them (the output rule). */
  readonly held: number;
  readonly logBytes: number;
  /** Who won the test-and-set on shared storage when one host went live alone (null: nobody needed it yet). */
  readonly testAndSet: HostId | null;
}

/** Lock-stepping's metrics (DESIGN §10 additions: `metrics.lockstep`). */
export interface LockstepMetrics {
  readonly logEntries: number;
  readonly logBytes: number;
  readonly logBitsPerSec: number;
  readonly replayLagUs: { readonly mean: number; readonly max: number };
  readonly outputsHeld: number;
  readonly testAndSet: HostId | null;
}

/** Replication as the screen shows it: Kemari's, a checkpointing technique's or lock-stepping's part of the frame. */
export type ReplicationFrame = KemariFrame | CheckpointFrame | LockstepFrame;

