/**
 * The Frame: everything the view may know about one instant of a run, as plain data. The view imports
 * these types only; it never sees actors. Marks in flight carry their send and arrival times so the
 * view can place them at any playhead time `t` between frames: `(t - sentAtUs) / (arrivesAtUs - sentAtUs)`.
 */
import type { RequestFigures } from './request-book';
import type { HostId } from '../machines/host.machine';
import type { TraceEvent } from '../sim/trace';
import type { Micros } from '../sim/time';
import type { ProtocolFrame } from './protocol-frame';

export type { RequestFigures } from './request-book';
export type { HostId };
export type { ProtocolFrame, NoProtocolFrame } from './protocol-frame';
export { CELL_DIRTY, CELL_EMPTY, CELL_IN_FLIGHT, CELL_PULLED, CELL_SENT } from './migration-frame';
export type { MigrationFrame, MigrationMetrics, MigrationOutcome, PostcopyFigures, PostcopyMetrics, RoundFrame } from './migration-frame';
export type { BufferedEpoch, CheckpointFrame, CheckpointTimes, ColoCompare, ColoFigures, KemariFrame, LockstepFrame, LockstepMetrics, ReplicationCoreFrame, ReplicationFrame, ReplicationMetrics } from './replication-frame';

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
  /** `booting`: restarted, not yet up (it rejoins as the standby). */
  readonly power: 'up' | 'crashed' | 'fenced' | 'booting';
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
  /** The host's role in words: `primary`, `standby`, `crashed`, `fenced`, `booting`. */
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
  /** The output's id; for a request, the request's number. */
  readonly output: number;
  /** An output of the guest (a VNC frame, another packet), or a request of the client's on its way in. */
  readonly kind: 'vnc' | 'packet' | 'request';
  /** The host it leaves (for a request: the host it goes to). */
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

export type SessionState = 'connected' | 'stalled' | 'reset' | 'lost';

export interface ClientFrame {
  readonly sessionState: SessionState;
  /** What the viewer's clock shows (`hh:mm:ss`), or null before the first frame. */
  readonly shows: string | null;
  /** The guest time its last frame draws (µs; finer than `shows`), or null before the first frame. */
  readonly showsUs: Micros | null;
  /** The nominal time between its frames (1 / clockHz, µs). */
  readonly intervalUs: Micros;
  readonly lastSeq: number;
  readonly framesReceived: number;
  readonly gaps: number;
  readonly duplicates: number;
  readonly rollbacks: number;
  readonly lastFrameAtUs: Micros | null;
  /**
   * The largest delay of an xclock frame beyond the instant it was due (its tick plus the public
   * network's latency, had nothing paused or failed), a frame still missing counting up to this instant.
   */
  readonly maxStallUs: Micros;
  /** When the client last took a new frame in order (the session's start counts as one). */
  readonly lastNewFrameAtUs: Micros;
  /** Why a lost session was lost: the viewer's watchdog, or the guest's TCP gave up and reset it (null otherwise). */
  readonly lostBecause: 'watchdog' | 'tcp-reset' | null;
}

export interface OutputCounts {
  readonly issued: number;
  readonly left: number;
  readonly toClient: number;
  readonly diskWrites: number;
  readonly lost: number;
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
  /** The client's requests and their answers (only in a run whose client sends any: `requestsPerSec`). */
  readonly requests?: RequestFigures;
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
  /** The protocol's part: pre-copy migration, replication, or none (told apart by `kind`). */
  readonly protocol: ProtocolFrame;
  /** Rules broken so far, in the order they first broke (the invariant panel). */
  readonly violations: readonly Violation[];
}

export type { TraceEvent };
