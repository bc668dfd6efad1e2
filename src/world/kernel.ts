/**
 * What a protocol (pre-copy migration now; Remus and Kemari later) may use of the world, and what it
 * gives back. The world owns time, the link, the hosts and the VM; a protocol adds its actors, routes
 * their events and the link messages of its kinds, and adds its part to frames and results.
 */
import type { Actor, AnyActorLogic } from 'xstate';
import type { BackgroundWriter, GuestMemory } from '../sim/memory';
import type { Micros } from '../sim/time';
import type { Trace } from '../sim/trace';
import type { VirtualClock } from '../sim/virtual-clock';
import type { RunSpec } from '../scenarios/run-spec';
import type { HostId, MigrationFrame, MigrationMetrics, ReplicationFrame, ReplicationMetrics } from './frame';
import type { IoRequest } from '../sim/ring';
import type { Monitors } from './world';
import type { VmRestore } from '../machines/vm.machine';

export type AnyActor = Actor<AnyActorLogic>;
export type Emitted = { type: string } & Record<string, unknown>;

/** A message for the replication link. */
export interface OutgoingMessage {
  readonly from: HostId;
  readonly to: HostId;
  readonly kind: string;
  readonly bytes: number;
  readonly traffic: 'control' | 'bulk';
  readonly rateBitsPerSec?: number;
  readonly body?: Readonly<Record<string, unknown>>;
}

/** A message as delivered to the receiving host. */
export interface DeliveredMessage extends OutgoingMessage {
  readonly id: number;
}

export interface WorldKernel {
  readonly spec: RunSpec;
  readonly clock: VirtualClock;
  readonly trace: Trace;
  readonly memory: GuestMemory;
  readonly writer: BackgroundWriter;
  readonly hosts: Readonly<Record<HostId, AnyActor>>;
  readonly hypervisors: Readonly<Record<HostId, AnyActor>>;
  /** The running copy of the guest (a takeover replaces it). */
  readonly vm: AnyActor;
  readonly channels: Readonly<Record<HostId, AnyActor>>;
  readonly monitors: Monitors;
  /** Creates an actor on the world's clock whose emitted events are traced and routed. */
  make(name: string, logic: AnyActorLogic, input: unknown): AnyActor;
  /** Runs `run` at instant `t` (in order with everything else due then). */
  at(t: Micros, run: () => void): void;
  /** Runs a user input (migrate, fault) at instant `t`, before anything else due then. */
  atInput(t: Micros, run: () => void): void;
  /** Adds a status line for the screen, stamped with the current time. */
  note(text: string): void;
  isUp(host: HostId): boolean;
  /** Whether `host` has declared its peer dead (and not heard from it since). */
  suspectsPeer(host: HostId): boolean;
  vmAlive(): boolean;
  /** The host whose copy of the VM is the live one (null when none is). */
  vmHost(): HostId | null;
  setVmHost(host: HostId | null): void;
  /** Starts the VM's vCPU (and its background writer) at the current instant. */
  resumeVm(): void;
  /**
   * Puts a message on the link. `onSent` runs when a bulk message has left the sender (its last bit
   * is on the wire), unless the link is cut first.
   */
  sendOnLink(message: OutgoingMessage, onSent?: () => void): void;
  /** Stops a host now: a crash, or fenced (powered off through its management board). */
  powerOff(host: HostId, how: 'crash' | 'fence'): void;
  /** Records that the rule `name` broke now (only its first breach is kept). */
  violation(name: string, detail: string): void;
  /** Puts a held network output on the public network now (from `host`). */
  releaseOutput(request: IoRequest, host: HostId): void;
  /**
   * Starts a new running copy of the guest on `host` from a synchronized state (a takeover): its vCPU
   * and rings from `restore`, its memory from `versions` (or the memory as it stands). If the old
   * copy still runs elsewhere (split brain) it runs on, and the new copy gets memory of its own.
   */
  startVm(restore: VmRestore, versions: Uint32Array | undefined, host: HostId): AnyActor;
}

/** The part a protocol plays in the world. */
export interface Protocol {
  /** True when a new copy of the VM may start after the first one is lost (a takeover). */
  readonly mayRestartVm?: boolean;
  /** Handles an event emitted by any actor; returns true when it was the protocol's. */
  route(source: string, event: Emitted): boolean;
  /** Handles a link message of the protocol's kinds; returns true when it was. */
  delivered(message: DeliveredMessage): boolean;
  /** A host declared its peer dead (heartbeat timeout). */
  peerDead(host: HostId): void;
  /** A host just stopped (crashed or fenced). */
  hostDown?(host: HostId): void;
  /** The replication link was just cut (what was on it is lost). */
  linkCut?(): void;
  /** Whether the VM lives on although `host`, where it is (suspended), just stopped: another host holds it whole. */
  vmSurvivesLossOf?(host: HostId): boolean;
  /** An output left a host through its backend (netback put it on the wire, blkback on the disk). */
  outputLeft?(request: IoRequest, host: HostId): void;
  /**
   * Netback has a packet for the network: return true to hold it (the protocol releases it later
   * with `kernel.releaseOutput`), false to let it go now.
   */
  holdOutput?(request: IoRequest, host: HostId): boolean;
  /** The protocol's part of the frame at the current instant. */
  frame(): ProtocolFrame;
  /** The protocol's metrics and invariant verdicts at the end of a run. */
  result(untilUs: Micros): ProtocolResult;
}

export interface ProtocolFrame {
  readonly migration?: MigrationFrame;
  readonly replication?: ReplicationFrame;
}

export interface ProtocolResult {
  readonly metrics: { readonly migration?: MigrationMetrics; readonly replication?: ReplicationMetrics };
  readonly invariants: readonly InvariantVerdict[];
}

export interface InvariantVerdict {
  readonly name: string;
  readonly holds: boolean;
  readonly detail: string;
}
