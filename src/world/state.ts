/**
 * The world's state as one plain, typed record: the clock and its queue, the trace, the guest's
 * memory and writer, the actors, the copies of the VM, the bookkeeping the frames show, and the
 * protocol's part. The world's rules (routing.ts, transport.ts, failures.ts, workload.ts, guests.ts,
 * phase-watch.ts) are named functions over it.
 * @see ../../shared/STYLE.md habit 4 (one protocol step, one named function)
 */
import type { Actor, AnyActorLogic } from 'xstate';
import type { clientMachine } from '../machines/client.machine';
import type { eventChannelMachine } from '../machines/event-channel.machine';
import type { hostMachine } from '../machines/host.machine';
import type { hypervisorMachine } from '../machines/hypervisor.machine';
import type { linkMachine } from '../machines/link.machine';
import { EventQueue, type QueueEntry } from '../sim/event-queue';
import { BackgroundWriter, GuestMemory, gridCellShift } from '../sim/memory';
import { createRandom, type RandomSource } from '../sim/random';
import { formatInstantForPeople, type Micros } from '../sim/time';
import { Trace, type TraceValue } from '../sim/trace';
import { VirtualClock, type Scheduled } from '../sim/virtual-clock';
import { Wire } from '../sim/wire';
import { typedParams, type Params } from '../scenarios/params';
import type { RunSpec } from '../scenarios/run-spec';
import { edgeRecorder, type EdgeRecorder } from './edge-recorder';
import { createRequestBook, type RequestBook } from './request-book';
import type { HostId, LoggedLinkMark, PublicMark, Violation } from './frame';
import type { AnyActor, Emitted, Monitors, ProtocolPart } from './port';
import { IdRanges } from '../sim/id-ranges';

/**
 * Makes an actor named `name` on the world's clock. What it emits is traced, then routed at the same
 * instant; `effect`, when given, runs first as the event is emitted and returns more trace data (a
 * redraw's writes to guest memory, whose digest the trace records).
 */
export type MakeActor = <L extends AnyActorLogic>(name: string, logic: L, input: unknown, effect?: (e: Emitted) => Record<string, TraceValue> | undefined) => Actor<L>;

/** The actors every world has, typed by their machines. */
export interface Cast {
  readonly hosts: Readonly<Record<HostId, Actor<typeof hostMachine>>>;
  readonly hypervisors: Readonly<Record<HostId, Actor<typeof hypervisorMachine>>>;
  readonly channels: Readonly<Record<HostId, Actor<typeof eventChannelMachine>>>;
  readonly link: Actor<typeof linkMachine>;
  readonly client: Actor<typeof clientMachine>;
}

/** A running copy of the guest: its actor, where it runs and the memory it writes. */
export interface GuestCopy {
  readonly name: string;
  readonly actor: AnyActor;
  readonly memory: GuestMemory;
}

/** The copies of the guest: the live one (a takeover replaces it) and, in split brain, the old primary's. */
export interface Guests {
  live: GuestCopy;
  /** The host whose copy is the live one (null when none is). */
  host: HostId | null;
  /** Split brain: the old primary's copy, still running on its host after another took over. */
  orphan: (GuestCopy & { readonly host: HostId }) | null;
}

export interface WorldState {
  readonly spec: RunSpec;
  readonly params: Params;
  readonly queue: EventQueue<Scheduled>;
  readonly clock: VirtualClock;
  readonly trace: Trace;
  readonly edgeLog: EdgeRecorder;
  readonly recordFrames: boolean;
  /** The guest's memory, which the background writer writes (the original copy's). */
  readonly memory: GuestMemory;
  readonly writer: BackgroundWriter;
  /** The instant the writer was last advanced to. */
  writerAtUs: Micros;
  readonly random: { readonly packets: RandomSource; readonly disk: RandomSource; readonly memory: RandomSource; readonly requests: RandomSource };
  /** The client's requests and their answers (./requests.ts). */
  readonly requests: RequestBook;
  readonly monitors: Monitors;
  /** Every actor by name, in the order made (frames list their states in this order). */
  readonly actors: Map<string, AnyActor>;
  /** Makes an actor on the world's clock whose emitted events are traced and routed (actors.ts). */
  make: MakeActor;
  /** Traces and routes an event in actor `name`'s name (actors.ts `emitFrom`): how plain-data work speaks. */
  emitAs: <E extends Emitted>(name: string, emitted: E, more?: Record<string, TraceValue>) => void;
  cast: Cast;
  guests: Guests;
  protocol: ProtocolPart;
  /** Status lines for the screen, in the order their causes are in the trace, and rules broken so far (frames share these arrays). */
  notes: readonly string[];
  /** By note: the trace length just after its cause was recorded (what keeps `notes` in trace order). */
  readonly noteKeys: number[];
  /** While an emitted event is routed: the trace length just after it was recorded (else null). */
  noteCause: number | null;
  violations: readonly Violation[];
  /** Outputs on their way to the client now. */
  publicNet: readonly PublicMark[];
  /** How many times the link was cut: a control message sent before a cut never arrives. */
  cuts: number;
  /** When a frontend last notified each port, and each backend last did I/O (`A:3`, `B:netback`). */
  readonly lastNotifyAtUs: Map<string, Micros>;
  readonly backendAtUs: Map<string, Micros>;
  /** Bumped whenever the two maps above change, so unchanged hosts are not rebuilt. */
  ioVersion: number;
  /** Every message put on the replication link, and every output put on the public network, in order. */
  readonly linkLog: LoggedLinkMark[];
  readonly publicLog: PublicMark[];
  /** The xclock's period (µs). */
  readonly clockPeriodUs: Micros;
  /** What is on the replication link's wire (the link machine holds whether it is cut). */
  readonly wire: Wire;
  /** Each host's heartbeat timers while it is up (heartbeats.ts): the next beat, and the end of the silence it tolerates. */
  readonly heartbeats: Record<HostId, { beat: QueueEntry<Scheduled> | null; silence: QueueEntry<Scheduled> | null }>;
}

/** The parts of a world made before any actor: time, chance, trace, memory and bookkeeping. */
export function createState(spec: RunSpec, recordFrames: boolean, trace: 'keep' | 'hash' | 'count' = 'keep'): WorldState {
  const params = typedParams(spec.params);
  const queue = new EventQueue<Scheduled>();
  const clock = new VirtualClock(queue);
  const rng = createRandom(spec.seed);
  const memory = new GuestMemory(params.memoryPages, gridCellShift(params.memoryPages));
  const tiers = [
    { pages: params.warmSetPages, pagesPerSec: params.warmDirtyPagesPerSec },
    { pages: params.coolSetPages, pagesPerSec: params.coolDirtyPagesPerSec },
  ].filter((t) => t.pages > 0);
  const writer = new BackgroundWriter({ pagesPerSec: params.dirtyPagesPerSec, hotSetPages: params.hotSetPages, mode: params.writer, tiers }, memory);
  return {
    spec,
    params,
    queue,
    clock,
    trace: new Trace({ keep: trace === 'keep', hash: trace === 'hash' }),
    // Frames show the transitions of their instant; a run without frames (a sweep) does not record them.
    edgeLog: edgeRecorder(() => clock.now()),
    recordFrames,
    memory,
    writer,
    writerAtUs: 0,
    random: { packets: rng.fork('packets'), disk: rng.fork('disk'), memory: rng.fork('memory'), requests: rng.fork('requests') },
    requests: createRequestBook(),
    monitors: { maxRunningCopies: 1, vmLostAtUs: null, outputsLeft: 0, idsLeft: new IdRanges(), outputsToClient: 0, diskWrites: 0, outputsDropped: 0, falseSuspicions: 0 },
    actors: new Map(),
    // Filled in by createWorld as it makes the actors and installs the protocol.
    make: null as unknown as MakeActor,
    emitAs: null as unknown as WorldState['emitAs'],
    cast: null as unknown as Cast,
    guests: null as unknown as Guests,
    protocol: null as unknown as ProtocolPart,
    notes: [],
    noteKeys: [],
    noteCause: null,
    violations: [],
    publicNet: [],
    cuts: 0,
    lastNotifyAtUs: new Map(),
    backendAtUs: new Map(),
    ioVersion: 0,
    linkLog: [],
    publicLog: [],
    clockPeriodUs: Math.round(1e6 / params.clockHz),
    heartbeats: { A: { beat: null, silence: null }, B: { beat: null, silence: null } },
    wire: new Wire(params.bandwidthMbps * 1e6, params.latencyUs),
  };
}

/** Runs `run` at instant `t`, in order with everything else due then. */
export function at(w: WorldState, t: Micros, run: () => void): void {
  w.queue.push(t, { run });
}

/**
 * Adds a status line for the screen, stamped with the current time as people read it (`t = 3.5 s: …`).
 * Lines are told in trace order: a line written while an event is routed sits where that event is in
 * the trace, so a phase fault that fires between an event's record and its routing (the crash at
 * `crash:A@commit`) is told after the step it follows, not before.
 */
export function note(w: WorldState, text: string): void {
  const key = w.noteCause ?? w.trace.length;
  let i = w.noteKeys.length;
  while (i > 0 && w.noteKeys[i - 1] > key) i--;
  w.noteKeys.splice(i, 0, key);
  w.notes = [...w.notes.slice(0, i), `${formatInstantForPeople(w.clock.now())}: ${text}`, ...w.notes.slice(i)];
}

/** Records that the rule `name` broke now (only its first breach is kept), in the frames and the trace. */
export function violation(w: WorldState, name: string, detail: string): void {
  if (w.violations.some((v) => v.name === name)) return;
  w.violations = [...w.violations, { name, atUs: w.clock.now(), detail }];
  w.trace.record(w.clock.now(), 'lab', 'invariant.broken', { name });
}
