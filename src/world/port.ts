/**
 * The port between the world and a protocol (a technique's engine): what a protocol may ask of the
 * world, as intentions (`pauseGuest(host)`, `releaseEvent(host, port)`, `send(message)`,
 * `record(actor, type, data)`), and the part it plays in return (`ProtocolPart`). The world owns time,
 * the hosts, their hypervisors and event channels, the link, the public network and the guest; a
 * protocol owns its engine actors and its plain state, and never reaches past this port. A leaf of
 * types: protocols program against it, src/world/world-port.ts implements it.
 * @see ./README.md (adding a technique) and ../../shared/DESIGN.md §3–§4
 */
import type { Actor, AnyActorLogic } from 'xstate';
import type { HostId } from '../machines/host.machine';
import type { VmRestore, Work } from '../machines/vm.machine';
import type { GuestMemory } from '../sim/memory';
import type { IoRequest } from '../sim/ring';
import type { Micros } from '../sim/time';
import type { TraceValue } from '../sim/trace';
import type { Params } from '../scenarios/params';
import type { RunSpec } from '../scenarios/run-spec';
import type { ProtocolFrame } from './protocol-frame';
import type { IdRanges } from '../sim/id-ranges';

export type { HostId };
export type AnyActor = Actor<AnyActorLogic>;

/** An event an actor emitted, as the world routes it (each machine's `*Emitted` union narrows it). */
export interface Emitted {
  readonly type: string;
}

/** Facts gathered while the run is computed, for invariants and metrics. */
export interface Monitors {
  /** The most copies of the VM that ever ran at once. */
  maxRunningCopies: number;
  /** When the only copy of the VM was lost, or null. */
  vmLostAtUs: Micros | null;
  /** Outputs that left a host, each departure counted (an output re-sent after a takeover twice). */
  outputsLeft: number;
  /** The ids of the outputs that left, each once (lost = issued - these, whoever sent them). */
  readonly idsLeft: IdRanges;
  outputsToClient: number;
  diskWrites: number;
  /**
   * Outputs dropped on their way out and never sent again (a full output buffer): background
   * packets. A dropped VNC frame is not among them: the guest's TCP retransmits it.
   */
  outputsDropped: number;
  /**
   * How many times a host declared its peer dead while the peer was up and the link connected: its
   * detector suspected a live peer (a link slower than the failure timeout, or heartbeats too rare).
   */
  falseSuspicions: number;
}

/** A message for the replication link. */
export interface OutgoingMessage {
  readonly from: HostId;
  readonly to: HostId;
  readonly kind: string;
  readonly bytes: number;
  readonly traffic: 'control' | 'bulk';
  readonly rateBitsPerSec?: number;
  readonly body?: Readonly<Record<string, unknown>>;
  /** The protection that sent it, when a repair made more than one (0 or absent: the first): its answer goes back to it. Not in the trace. */
  readonly generation?: number;
}

/** A message as delivered to the receiving host. */
export interface DeliveredMessage extends OutgoingMessage {
  readonly id: number;
}

/** A rule of the technique and its verdict at the end of a run (DESIGN §10 `invariants`). */
export interface InvariantVerdict {
  readonly name: string;
  /** False only when the rule was broken; a pending verdict holds so far. */
  readonly holds: boolean;
  readonly detail: string;
  /**
   * Present (true) when the outcome depends on something not yet detected at the run's end (a
   * failure detector that has not fired yet): `detail` says what. Never a false "violated".
   */
  readonly pending?: true;
}

/** What a protocol may ask of the world. */
export interface WorldPort {
  readonly spec: RunSpec;
  /** The run's parameters, typed (src/scenarios/params.ts). */
  readonly params: Params;
  /** The guest's memory (the live copy's): its pages, versions and dirty log. */
  readonly memory: GuestMemory;
  now(): Micros;
  /** Runs `run` at instant `t`, in order with everything else due then. */
  at(t: Micros, run: () => void): void;
  /** Runs a user input (migrate, fault) at instant `t`, before anything else due then. */
  atInput(t: Micros, run: () => void): void;
  /** Creates an actor on the world's clock; what it emits is traced, then routed to the protocol. */
  make<L extends AnyActorLogic>(name: string, logic: L, input: unknown): Actor<L>;
  /** Writes a line into the trace at the current instant. */
  record(actor: string, type: string, data?: Readonly<Record<string, TraceValue>>): void;
  /** Adds a status line for the screen, stamped with the current time. */
  note(text: string): void;
  /** Records that the rule `name` broke now (only its first breach is kept). */
  violation(name: string, detail: string): void;

  isUp(host: HostId): boolean;
  /** Whether `host` has declared its peer dead (and not heard from it since). */
  suspectsPeer(host: HostId): boolean;
  /**
   * How many times the replication link has been cut so far in this run (a `cut:link` fault). While
   * it is 0, a host that declared its peer dead heard silence from another cause: its detector
   * suspected a live peer (a heartbeat no more frequent than the timeout, a timeout under the latency).
   */
  linkCuts(): number;
  /** Stops a host now: a crash, or fenced (powered off through its management board). */
  powerOff(host: HostId, how: 'crash' | 'fence'): void;

  /** Whether the live copy of the guest runs (it may be paused), and where (null when none does). */
  vmAlive(): boolean;
  vmHost(): HostId | null;
  /** Moves the live copy to `host` (a migration's activation). */
  setVmHost(host: HostId | null): void;
  /** The live copy's vCPU and ring state: what a synchronization carries besides pages. */
  guestState(): VmRestore;
  /** Host `host`'s hypervisor builds, pauses, resumes or tears down its guest domain (no-ops on a host that is down). */
  createGuest(host: HostId): void;
  pauseGuest(host: HostId): void;
  resumeGuest(host: HostId): void;
  destroyGuest(host: HostId): void;
  /** Switches log-dirty tracking on `host`. */
  setLogDirty(host: HostId, on: boolean): void;
  /** Starts the live copy's vCPU (and its background writer) at once. */
  resumeVm(): void;
  /**
   * Starts a new copy of the guest on `host` from a synchronized state (a takeover): its vCPU and
   * rings from `restore`, its memory from `versions` (or the memory as it stands). If the old copy
   * still runs elsewhere (split brain) it runs on, and the new copy gets memory of its own.
   */
  startVm(restore: VmRestore, versions: Uint32Array | undefined, host: HostId): void;
  /** Host `host` throws away the (suspended) live copy of the guest it holds: no copy of it runs there any more. */
  discardVm(host: HostId): void;
  /** Records that no copy of the VM can run any more (the first such instant is kept). */
  vmLost(): void;

  /** Switches the trap on `host`'s event channel: frontend notifies are held for the protocol (Kemari). */
  trapEvents(host: HostId, on: boolean): void;
  /** Delivers a held notify on `port` to its backend. */
  releaseEvent(host: HostId, port: number): void;
  /** Notifies `host`'s backend of a ring (after a takeover: the restored rings hold requests). */
  notifyBackend(host: HostId, ring: 'net' | 'blk'): void;

  /**
   * Puts a message on the replication link. `onSent` runs when a bulk message has left the sender
   * (its last bit is on the wire), unless the link is cut first.
   */
  send(message: OutgoingMessage, onSent?: () => void): void;
  /** An output was dropped on its way out (a full buffer): a VNC frame is retransmitted by the guest's TCP, anything else is lost. */
  outputDropped(request: IoRequest): void;
  /** Puts a held network output on the public network now, from `host`. */
  releaseOutput(request: IoRequest, host: HostId): void;
}

/** The part a protocol plays in the world. Optional hooks default to doing nothing. */
export interface ProtocolPart {
  /** True when a new copy of the VM may start after the first one is lost (a takeover). */
  readonly mayRestartVm: boolean;
  /**
   * True when the technique can protect the VM again after a failover: a repaired host is
   * resynchronized and the technique installed again with the roles swapped (./repair.ts).
   */
  readonly reprotects?: boolean;
  /** True when the technique, after it aborted, is tried again toward a restarted host (a migration: ./migration-retry.ts). */
  readonly retries?: boolean;
  /** True when host B never holds a copy of the VM (nothing protects it: B has nothing to resume). */
  readonly keepsNoCopy?: boolean;
  /** Handles an event one of its actors (or any actor) emitted; returns true when it was the protocol's. */
  route(source: string, event: Emitted): boolean;
  /** Handles a link message of the protocol's kinds; returns true when it was. */
  delivered(message: DeliveredMessage): boolean;
  /** A host declared its peer dead (heartbeat timeout). */
  peerDead(host: HostId): void;
  /** A host just stopped (crashed or fenced). */
  hostDown?(host: HostId): void;
  /** A restarted host finished booting: it is up, empty, and may be made the standby again. */
  hostUp?(host: HostId): void;
  /** The replication link was just cut (what was on it is lost). */
  linkCut?(): void;
  /** The replication link was just healed. */
  linkHealed?(): void;
  /**
   * Why a VM that runs nowhere now may still run again (a failure not yet detected, a takeover under
   * way), or null when nothing is pending.
   */
  recoveryPending?(): string | null;
  /** Whether the VM lives on although `host`, where it is (suspended), just stopped: another host holds it whole. */
  vmSurvivesLossOf?(host: HostId): boolean;
  /** An output left a host through its backend (netback put it on the wire, blkback on the disk). */
  outputLeft?(request: IoRequest, host: HostId): void;
  /**
   * The guest that serves the VM, on `host`, is about to take a non-deterministic input (a timer
   * interrupt, an arriving packet or request, a TCP timeout): a deterministic-replay technique logs it.
   */
  guestInput?(work: Work, host: HostId): void;
  /**
   * Netback has a packet for the network: return true to hold it (the protocol releases it later
   * with `port.releaseOutput`), false to let it go now.
   */
  holdOutput?(request: IoRequest, host: HostId): boolean;
  /**
   * The world, which records frames, has processed an instant (all its events). A protocol that
   * refreshes a figure of its frame now and then (the migration's grids) takes its picture here: at the
   * same instants whether frames are projected at every instant or on demand, so a frame depends on its
   * instant only (a world without frames, a sweep's, skips it).
   */
  afterInstant?(): void;
  /** The protocol's part of the frame at the current instant. */
  frame(): ProtocolFrame;
  /** The protocol's metrics (groups of the runner's `metrics`) and invariant verdicts so far. */
  result(): ProtocolResult;
}

/** A protocol's figures: named groups of the runner's `metrics` (`migration`, `replication`, …) and its rules. */
export interface ProtocolResult {
  readonly metrics: Readonly<Record<string, object>>;
  readonly invariants: readonly InvariantVerdict[];
}

/** Installs a protocol in a world: makes its actors through the port, returns its part. */
export type Installer = (port: WorldPort) => ProtocolPart;
