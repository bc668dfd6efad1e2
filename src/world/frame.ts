/**
 * The Frame: everything the view may know about one instant of a run, as plain data. The view imports
 * these types only; it never sees actors. Marks in flight carry their send and arrival times so the
 * view can place them at any playhead time `t` between frames: `(t - sentAtUs) / (arrivesAtUs - sentAtUs)`.
 */
import type { TraceEvent } from '../sim/trace';
import type { Micros } from '../sim/time';

export type HostId = 'A' | 'B';

export interface PortFrame {
  readonly port: number;
  readonly name: string;
  readonly frontend: string;
  readonly backend: string;
  readonly pending: boolean;
  readonly masked: boolean;
  readonly held: boolean;
  readonly notifies: number;
  /** When a frontend last notified this port (µs), or null. */
  readonly lastNotifyAtUs: Micros | null;
}

export interface HostFrame {
  readonly id: HostId;
  readonly power: 'up' | 'crashed' | 'fenced';
  /** What this host believes of its peer. */
  readonly peer: 'alive' | 'suspected';
  /** The hypervisor's view of its guest. */
  readonly guest: 'none' | 'running' | 'paused';
  readonly logDirty: boolean;
  readonly ports: readonly PortFrame[];
  readonly netbackDone: number;
  readonly blkbackDone: number;
  /** When netback / blkback last performed I/O (µs), or null. */
  readonly netbackAtUs: Micros | null;
  readonly blkbackAtUs: Micros | null;
  /** The host's role in words: `primary`, `standby`, `crashed`, `fenced`. */
  readonly role: string;
}

/** A message on the replication link. */
export interface LinkMark {
  readonly id: number;
  readonly kind: string;
  readonly from: HostId;
  readonly to: HostId;
  readonly bytes: number;
  readonly sentAtUs: Micros;
  readonly arrivesAtUs: Micros;
}

/** A message in the run's log of link traffic; `lostAtUs` is set when a cut lost it on the wire. */
export interface LoggedLinkMark extends LinkMark {
  readonly lostAtUs: Micros | null;
}

export interface LinkFrame {
  readonly state: 'connected' | 'cut';
  readonly bandwidthBitsPerSec: number;
  readonly latencyUs: Micros;
  readonly inFlight: readonly LinkMark[];
}

/** An output on the public network on its way to the outside world. */
export interface PublicMark {
  readonly output: number;
  readonly kind: 'vnc' | 'packet';
  readonly from: HostId;
  readonly sentAtUs: Micros;
  readonly arrivesAtUs: Micros;
}

export interface RingFrame {
  readonly size: number;
  readonly reqProd: number;
  readonly rspProd: number;
  readonly outstanding: number;
}

export interface VmFrame {
  /** The host whose copy of the VM is the live one, or null when no copy exists. */
  readonly host: HostId | null;
  readonly state: 'running' | 'paused' | 'destroyed';
  readonly pageCount: number;
  readonly dirtyPages: number;
  readonly clockSeq: number;
  readonly outputsIssued: number;
  readonly net: RingFrame;
  readonly blk: RingFrame;
}

export type SessionState = 'connected' | 'reset' | 'lost';

export interface ClientFrame {
  readonly sessionState: SessionState;
  /** What the viewer's clock shows (`hh:mm:ss`), or null before the first frame. */
  readonly shows: string | null;
  readonly lastSeq: number;
  readonly framesReceived: number;
  readonly gaps: number;
  readonly duplicates: number;
  readonly rollbacks: number;
  readonly lastFrameAtUs: Micros | null;
  /** The largest stall so far beyond the nominal frame interval, counting up to this instant. */
  readonly maxStallUs: Micros;
}

export interface OutputCounts {
  readonly issued: number;
  readonly left: number;
  readonly toClient: number;
  readonly diskWrites: number;
  readonly lost: number;
}

/** Page states in a memory grid cell (the most notable state of the pages it holds). */
export const CELL_EMPTY = 0;
export const CELL_SENT = 1;
export const CELL_DIRTY = 2;
export const CELL_IN_FLIGHT = 3;

/** One migration round, as the runner prints it (the final round is the stop-and-copy). */
export interface RoundFrame {
  readonly index: number;
  readonly pagesSent: number;
  readonly pagesSkipped: number;
  readonly pagesDirtied: number;
  readonly startUs: Micros;
  readonly endUs: Micros;
  readonly rateBitsPerSec: number;
  readonly final: boolean;
}

export type MigrationOutcome = 'not-started' | 'in-progress' | 'completed' | 'aborted' | 'vm-lost';

export interface MigrationMetrics {
  readonly rounds: readonly { index: number; pagesSent: number; startUs: Micros; endUs: Micros; rateBitsPerSec: number }[];
  readonly stopReason: string | null;
  readonly totalPagesSent: number;
  readonly totalTimeUs: Micros | null;
  readonly downtimeUs: Micros | null;
  readonly outcome: MigrationOutcome;
}

/** Pre-copy migration as the screen shows it. */
export interface MigrationFrame {
  /** Clark's stage, 0–5, and its name. */
  readonly stage: number;
  readonly stageName: string;
  readonly outcome: MigrationOutcome;
  /** The round in progress (0 before the first). */
  readonly round: number;
  readonly finalRound: boolean;
  readonly roundPagesPlanned: number;
  readonly roundPagesSent: number;
  readonly roundStartUs: Micros;
  readonly rateBitsPerSec: number;
  /** Closed rounds so far. */
  readonly rounds: readonly RoundFrame[];
  readonly stopReason: string | null;
  readonly totalPagesSent: number;
  readonly migrateAtUs: Micros;
  readonly suspendedAtUs: Micros | null;
  readonly activatedAtUs: Micros | null;
  readonly downtimeUs: Micros | null;
  readonly totalTimeUs: Micros | null;
  readonly dirtyPagesPerSec: number;
  readonly linkBitsPerSec: number;
  /** Memory grids: one cell per `cellPages` pages; A shows the source, B the copy. */
  readonly grid: { readonly cellPages: number; readonly cells: number; readonly A: Uint8Array; readonly B: Uint8Array };
}

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

/** Replication (Kemari, Remus, naive snapshots) as the screen shows it. */
export interface ReplicationFrame {
  readonly protocol: 'kemari' | 'remus' | 'naive';
  /** What the primary is doing: protecting, synchronizing, or running on unprotected. */
  readonly primary: 'protected' | 'syncing' | 'unprotected' | 'down';
  /** What the backup is doing: standing by, fencing, or running the VM. */
  readonly backup: 'standby' | 'fencing' | 'active' | 'down';
  readonly syncs: number;
  readonly syncsAcked: number;
  /** The synchronization whose state B holds (0: the initial copy). */
  readonly backupHoldsSync: number;
  readonly lastSyncAtUs: Micros | null;
  readonly guestPauseFraction: number;
  readonly bytesReplicated: number;
  readonly takeoverAtUs: Micros | null;
  readonly splitBrain: boolean;
  readonly trapEvents: boolean;
  readonly fencing: boolean;
  /** Remus: the checkpoint being taken or last taken, and the last one acknowledged. */
  readonly checkpoint?: number;
  readonly committed?: number;
  /** Remus: the output buffer, oldest epoch first. */
  readonly buffer?: readonly BufferedEpoch[];
  /** Remus: the last few checkpoints' pipelines, oldest first. */
  readonly pipeline?: readonly CheckpointTimes[];
  /** Naive: output left the primary that the backup's state does not include: a crash now does harm. */
  readonly unsafeNow?: boolean;
  /** Remus: the last outputs released from the buffer and how long each waited (µs), oldest first. */
  readonly latencies?: readonly { readonly releasedAtUs: Micros; readonly addedUs: Micros; readonly kind: 'vnc' | 'packet' }[];
}

/** A named rule broken during the run, when it first broke and how. */
export interface Violation {
  readonly name: string;
  readonly atUs: Micros;
  readonly detail: string;
}

/** The actors and transitions behind a frame's `edgesTaken` numbers. */
export interface EdgeCatalogue {
  /** A code is `slot * slotSize + edge`. */
  readonly slotSize: number;
  /** By slot: each actor's name (as in `machines`) and its machine's id (`hostA` runs `host`). */
  readonly actors: readonly { readonly name: string; readonly machine: string }[];
  /** By machine id: its edge keys (`source|event|index`), by edge number. */
  readonly keys: Readonly<Record<string, readonly string[]>>;
}

/** One instant of a run. */
export interface Frame {
  readonly atUs: Micros;
  /** How many trace events happened up to and including this instant. */
  readonly traceLength: number;
  readonly hosts: Readonly<Record<HostId, HostFrame>>;
  readonly link: LinkFrame;
  readonly vm: VmFrame;
  readonly client: ClientFrame;
  readonly publicNet: readonly PublicMark[];
  readonly outputs: OutputCounts;
  /** Plain-words status lines for the screen (newest last). */
  readonly notes: readonly string[];
  /** Each actor's current state, as a dotted path (`up.watching.peerAlive`). */
  readonly machines: Readonly<Record<string, string>>;
  /**
   * The transitions taken at this instant, one number each: `slot * slotSize + edge` (decode with
   * `edgeCatalogue`: the actor in that slot, and the edge's key in its machine's statechart).
   */
  readonly edgesTaken: readonly number[];
  /** Names what `edgesTaken` numbers (one object shared by every frame of a run). */
  readonly edgeCatalogue: EdgeCatalogue;
  /** Pre-copy migration, in the `migration` scenario (null elsewhere). */
  readonly migration: MigrationFrame | null;
  /** Replication, in the `kemari`, `remus` and `naive` scenarios (null elsewhere). */
  readonly replication: ReplicationFrame | null;
  /** Rules broken so far, in the order they first broke (the invariant panel). */
  readonly violations: readonly Violation[];
}

export type { TraceEvent };
