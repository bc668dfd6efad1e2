/**
 * The world: every actor of a run on one simulated clock. `createWorld(spec)` builds hosts A and B
 * (each with its hypervisor and event channel), the guest VM on A, the replication link and the
 * client, applies the faults as timed inputs, and records the trace and a frame per instant as it
 * runs. A run is a pure function of (scenario, parameters, seed, faults): no wall clock, no unseeded
 * chance. Actors talk only through the world, which routes what one emits to the others at the same
 * instant, in order.
 * @see ../../shared/DESIGN.md §3 and §4
 */
import { createActor, type AnyActorLogic, type StateValue } from 'xstate';
import { clientMachine } from '../machines/client.machine';
import { eventChannelMachine } from '../machines/event-channel.machine';
import { hostMachine } from '../machines/host.machine';
import { hypervisorMachine } from '../machines/hypervisor.machine';
import { linkMachine } from '../machines/link.machine';
import { vmMachine } from '../machines/vm.machine';
import { EventQueue, INPUT_LANE } from '../sim/event-queue';
import { CONTROL_MESSAGE_BYTES, timeTransfer } from '../sim/link-model';
import { BackgroundWriter, GuestMemory, gridCellShift, type WriterMode } from '../sim/memory';
import { createRandom, type RandomSource } from '../sim/random';
import type { IoRequest } from '../sim/ring';
import { formatMillis, type Micros } from '../sim/time';
import { Trace } from '../sim/trace';
import { VirtualClock, type Scheduled } from '../sim/virtual-clock';
import { formatPhase, type Fault, type PhaseFault, type TimedFault } from '../scenarios/faults';
import { phasesOf } from '../scenarios/phases';
import type { RunSpec } from '../scenarios/run-spec';
import type { ClientFrame, Frame, HostId, LoggedLinkMark, PublicMark, Violation } from './frame';
import type { LinkContext } from '../machines/link.machine';
import { clientFrame, createProjector, stateString, type WorldView } from './projection';
import { traceData } from './trace-data';
import type { AnyActor, DeliveredMessage, Emitted, OutgoingMessage, Protocol, ProtocolResult, WorldKernel } from './kernel';
import { installProtocol } from './protocols';
import { EdgeLog } from './edge-log';

/** One-way delay of the public network between a host and the client (a stated simplification). */
export const PUBLIC_NET_LATENCY_US = 200;
/** Event-channel ports of the guest's frontends. */
export const NET_PORT = 3;
export const BLK_PORT = 4;
const PEER: Record<HostId, HostId> = { A: 'B', B: 'A' };


/** What the world exposes to the app, the CLI, tests and benches. */
export interface World {
  readonly spec: RunSpec;
  readonly trace: Trace;
  /** Frames recorded so far, one per instant at which something happened, in time order. */
  readonly frames: readonly Frame[];
  /** The simulated time the run has been computed up to. */
  now(): Micros;
  /** Processes the next instant that has events; returns false when nothing is left. */
  step(): boolean;
  /** Computes the run up to and including instant `t`. */
  runUntil(t: Micros): void;
  /** Adds a timed input (a fault) at or after the current time. */
  inject(fault: TimedFault): void;
  /** The last recorded frame at or before `t` (the first frame for earlier times). */
  frameAt(t: Micros): Frame;
  /** Invariant monitors and counters the result needs. */
  readonly monitors: Monitors;
  /** What the client has seen up to now, its stall counting the silence up to now. */
  clientNow(): ClientFrame;
  /** Every message put on the replication link, in the order sent (append-only). */
  readonly linkLog: readonly LoggedLinkMark[];
  /** Every output put on the public network, in the order sent (append-only). */
  readonly publicLog: readonly PublicMark[];
  /** Every transition the machines took, in order (alongside the trace, not in it; frames carry each instant's). */
  readonly edgeLog: EdgeLog;
  /** The protocol's metrics and invariant verdicts so far (null when the scenario runs none). */
  protocolResult(): ProtocolResult | null;
}

/** Facts gathered while the run is computed, for invariants and metrics. */
export interface Monitors {
  /** The most copies of the VM that ever ran at once. */
  maxRunningCopies: number;
  /** When the only copy of the VM was lost, or null. */
  vmLostAtUs: Micros | null;
  outputsLeft: number;
  outputsToClient: number;
  diskWrites: number;
}

/** How a world is built. */
export interface WorldOptions {
  /**
   * Record a frame per instant (default true: the page scrubs through them). A sweep needs only the
   * result at the end: without recording, `frames` holds the first frame alone and `frameAt` answers
   * with the frame of the current instant, whatever time it is asked for. The trace is the same.
   */
  readonly recordFrames?: boolean;
}

export function createWorld(spec: RunSpec, options: WorldOptions = {}): World {
  const recordFrames = options.recordFrames ?? true;
  const p = spec.params;
  const queue = new EventQueue<Scheduled>();
  const clock = new VirtualClock(queue);
  const trace = new Trace();
  // Frames show the transitions of their instant; a run without frames (a sweep) does not record them.
  const edgeLog = new EdgeLog(() => clock.now());
  const frames: Frame[] = [];
  const rng: RandomSource = createRandom(spec.seed);
  const packetRng = rng.fork('packets');
  const diskRng = rng.fork('disk');
  const memoryRng = rng.fork('memory');
  const monitors: Monitors = { maxRunningCopies: 1, vmLostAtUs: null, outputsLeft: 0, outputsToClient: 0, diskWrites: 0 };

  const memory = new GuestMemory(p.memoryPages as number, gridCellShift(p.memoryPages as number));
  const writer = new BackgroundWriter(
    { pagesPerSec: p.dirtyPagesPerSec as number, hotSetPages: p.hotSetPages as number, mode: p.writer as WriterMode },
    memory,
  );
  const state = {
    vmHost: 'A' as HostId | null,
    /** Split brain: the host where the old primary's copy still runs (null otherwise). */
    orphanHost: null as HostId | null,
    notes: [] as readonly string[],
    violations: [] as readonly Violation[],
    publicNet: [] as readonly PublicMark[],
    ioVersion: 0,
    /** How many times the link was cut: a control message sent before a cut never arrives. */
    cuts: 0,
    lastNotifyAtUs: new Map<string, Micros>(),
    backendAtUs: new Map<string, Micros>(),
    writerAtUs: 0,
  };

  const linkLog: LoggedLinkMark[] = [];
  const publicLog: PublicMark[] = [];
  const at = (t: Micros, run: () => void) => queue.push(t, { run });
  const soon = (run: () => void) => at(clock.now(), run);
  const note = (text: string) => {
    state.notes = [...state.notes, `${formatMillis(clock.now())}: ${text}`];
  };
  const violation = (name: string, detail: string) => {
    if (state.violations.some((v) => v.name === name)) return;
    state.violations = [...state.violations, { name, atUs: clock.now(), detail }];
    trace.record(clock.now(), 'lab', 'invariant.broken', { name });
  };

  const actors = new Map<string, AnyActor>();
  const make = (name: string, logic: AnyActorLogic, input: unknown): AnyActor => {
    const watch = recordFrames ? edgeLog.watch(name, logic) : null;
    const actor = createActor(logic, { clock, input, inspect: watch?.inspect }) as AnyActor;
    watch?.attach(actor);
    actors.set(name, actor);
    actor.on('*', (emitted: Emitted) => {
      trace.record(clock.now(), name, emitted.type, traceData(emitted));
      soon(() => route(name, emitted));
    });
    return actor;
  };

  const hb = { heartbeatMs: p.heartbeatMs as number, failureTimeoutMs: p.failureTimeoutMs as number };
  const hosts: Record<HostId, AnyActor> = {
    A: make('hostA', hostMachine, { id: 'A', ...hb }),
    B: make('hostB', hostMachine, { id: 'B', ...hb }),
  };
  const hypervisors: Record<HostId, AnyActor> = {
    A: make('hostA.hypervisor', hypervisorMachine, { host: 'A' }),
    B: make('hostB.hypervisor', hypervisorMachine, { host: 'B' }),
  };
  const ports = [
    { port: NET_PORT, name: 'net', frontend: 'netfront', backend: 'netback' },
    { port: BLK_PORT, name: 'blk', frontend: 'blkfront', backend: 'blkback' },
  ];
  const channels: Record<HostId, AnyActor> = {
    A: make('hostA.evtchn', eventChannelMachine, { ports }),
    B: make('hostB.evtchn', eventChannelMachine, { ports }),
  };
  const vmInput = { memory, framebufferPages: p.framebufferPages as number, netPort: NET_PORT, blkPort: BLK_PORT };
  // The running copy of the guest. A takeover starts a new one from the last synchronized state.
  let vm = make('vm', vmMachine, vmInput);
  let vmName = 'vm';
  // Split brain: the old primary's copy, still running on its host after another copy took over.
  let orphan: { name: string; actor: AnyActor; host: HostId } | null = null;
  const link = make('link', linkMachine, { bandwidthBitsPerSec: (p.bandwidthMbps as number) * 1e6, latencyUs: p.latencyUs as number });
  const clockPeriodUs = Math.round(1e6 / (p.clockHz as number));
  const client = make('client', clientMachine, { clientTimeoutMs: p.clientTimeoutMs as number, nominalIntervalUs: clockPeriodUs });

  const isUp = (h: HostId) => hosts[h].getSnapshot().value !== 'crashed' && hosts[h].getSnapshot().value !== 'fenced';
  const vmAlive = () => vm.getSnapshot().status === 'active';
  const orphanAlive = () => orphan !== null && orphan.actor.getSnapshot().status === 'active';
  /** The copy of the guest running on host `h`, if any. */
  const copyOn = (h: HostId): AnyActor | null => (state.vmHost === h && vmAlive() ? vm : orphan && orphan.host === h && orphanAlive() ? orphan.actor : null);
  /** The host a copy of the guest (by actor name) runs on. */
  const hostOfCopy = (name: string): HostId | null => (name === vmName ? state.vmHost : orphan && name === orphan.name ? orphan.host : null);
  /** Whether a copy uses the guest memory the background writer writes. */
  const writesMemory = (copy: AnyActor) => (copy.getSnapshot().context as { memory: GuestMemory }).memory === memory;

  /** Where each emitted event goes: the wiring of the world. */
  function route(source: string, e: Emitted): void {
    switch (e.type) {
      case 'heartbeat.sent': {
        const from = e.host as HostId;
        sendOnLink({ from, to: PEER[from], kind: 'heartbeat', bytes: CONTROL_MESSAGE_BYTES, traffic: 'control' });
        return;
      }
      case 'link.delivered': {
        const m = e.message as DeliveredMessage;
        if (!isUp(m.to)) return;
        if (m.kind === 'heartbeat') hosts[m.to].send({ type: 'heartbeat.received' });
        else protocol?.delivered(m);
        return;
      }
      case 'session.reset':
        violation('client-never-rolls-back', `the client saw frame ${e.seq} again with other content (${e.sawShows} before, ${e.gotShows} now): the serving copy lost state the client had seen`);
        return;
      case 'peer.dead': {
        const h = e.host as HostId;
        const nothingToResume = state.vmHost === null && h === 'B' && !protocol;
        note(`host ${h} hears no heartbeat from host ${PEER[h]} for ${p.failureTimeoutMs} ms and declares it dead${nothingToResume ? ', but it has no copy of the VM to resume' : ''}.`);
        protocol?.peerDead(h);
        return;
      }
      case 'frontend.notify': {
        const h = hostOfCopy(source);
        if (h === null || !isUp(h)) return;
        state.lastNotifyAtUs.set(`${h}:${e.port}`, clock.now());
        state.ioVersion++;
        channels[h].send({ type: 'evtchn.notify', port: e.port as number });
        return;
      }
      case 'evtchn.upcall': {
        const h = source.startsWith('hostA') ? 'A' : 'B';
        const copy = copyOn(h);
        if (!isUp(h) || !copy) return;
        const ctx = copy.getSnapshot().context as { net: { outstanding: IoRequest[] }; blk: { outstanding: IoRequest[] } };
        const requests = e.backend === 'blkback' ? ctx.blk.outstanding : ctx.net.outstanding;
        hypervisors[h].send({ type: 'backend.kick', backend: e.backend as string, port: e.port as number, requests });
        return;
      }
      case 'netback.tx': {
        const h = source.startsWith('hostA') ? 'A' : 'B';
        const request = e.request as IoRequest;
        state.backendAtUs.set(`${h}:netback`, clock.now());
        state.ioVersion++;
        if (!protocol?.holdOutput?.(request, h)) putOnNetwork(request, h);
        return;
      }
      case 'blkback.write': {
        const h = source.startsWith('hostA') ? 'A' : 'B';
        monitors.outputsLeft++;
        monitors.diskWrites++;
        protocol?.outputLeft?.(e.request as IoRequest, h);
        state.backendAtUs.set(`${h}:blkback`, clock.now());
        state.ioVersion++;
        return;
      }
      case 'guest.paused': {
        // The hypervisor paused the guest: its vCPU stops, and so does the background writer.
        const copy = copyOn(source.startsWith('hostA') ? 'A' : 'B');
        if (!copy) return;
        if (writesMemory(copy)) {
          advanceWriter();
          writer.setRunning(false);
        }
        copy.send({ type: 'vcpu.pause' });
        return;
      }
      case 'guest.resumed': {
        const copy = copyOn(source.startsWith('hostA') ? 'A' : 'B');
        if (!copy) return;
        if (writesMemory(copy)) {
          advanceWriter();
          writer.setRunning(true);
        }
        copy.send({ type: 'vcpu.resume', atUs: clock.now() });
        return;
      }
      case 'backend.done': {
        const h = source.startsWith('hostA') ? 'A' : 'B';
        copyOn(h)?.send({ type: 'ring.consumed', ring: e.backend === 'blkback' ? 'blk' : 'net', count: e.count as number });
        if (isUp(h)) channels[h].send({ type: 'evtchn.clear', port: e.port as number });
        return;
      }
      default:
        protocol?.route(source, e);
        return;
    }
  }

  /**
   * Puts a message on the replication link and logs its times for the view. Bulk data goes through
   * the link actor (its queue per direction); control messages, which travel ahead of bulk data, are
   * timed here with the same arithmetic and delivered unless the link is cut before they arrive
   * (heartbeats are most of the traffic: this keeps them cheap).
   */
  function sendOnLink(message: OutgoingMessage, onSent?: () => void): void {
    const id = linkLog.length + 1;
    const now = clock.now();
    const linkCtx = link.getSnapshot().context as LinkContext;
    if (link.getSnapshot().value === 'cut') {
      trace.record(now, 'link', 'link.dropped', { id, kind: message.kind, reason: 'cut' });
      return;
    }
    const cutsAtSend = state.cuts;
    if (message.traffic === 'bulk') {
      link.send({ type: 'link.send', atUs: now, message: { ...message, id } });
      const flight = (link.getSnapshot().context as LinkContext).inFlight.find((f) => f.id === id);
      if (!flight) return;
      linkLog.push({ id, kind: message.kind, from: message.from, to: message.to, bytes: message.bytes, sentAtUs: flight.sentAtUs, arrivesAtUs: flight.arrivesAtUs, lostAtUs: null });
      if (onSent) at(flight.arrivesAtUs - linkCtx.latencyUs, () => state.cuts === cutsAtSend && onSent());
      return;
    }
    const timing = timeTransfer(now, message.bytes * 8, 'control', 0, linkCtx.bandwidthBitsPerSec, linkCtx.latencyUs);
    linkLog.push({ id, kind: message.kind, from: message.from, to: message.to, bytes: message.bytes, sentAtUs: now, arrivesAtUs: timing.arrivesUs, lostAtUs: null });
    if (onSent) onSent();
    at(timing.arrivesUs, () => {
      if (state.cuts !== cutsAtSend) return;
      const delivered: DeliveredMessage = { id, ...message };
      trace.record(clock.now(), 'link', 'link.delivered', traceData({ message: delivered }));
      route('link', { type: 'link.delivered', message: delivered });
    });
  }

  /** A packet leaves `h` for the public network (and the client, if it is a VNC frame). */
  function putOnNetwork(request: IoRequest, h: HostId): void {
    monitors.outputsLeft++;
    protocol?.outputLeft?.(request, h);
    const mark: PublicMark = { output: request.id, kind: request.kind === 'vnc' ? 'vnc' : 'packet', from: h, sentAtUs: clock.now(), arrivesAtUs: clock.now() + PUBLIC_NET_LATENCY_US };
    state.publicNet = [...state.publicNet, mark];
    publicLog.push(mark);
    at(mark.arrivesAtUs, () => {
      state.publicNet = state.publicNet.filter((m) => m !== mark);
      if (request.frame) {
        monitors.outputsToClient++;
        client.send({ type: 'vnc.frame', atUs: clock.now(), frame: request.frame });
      }
    });
  }

  /** A fail-stop crash: the host, its hypervisor and any VM on it stop in the same instant. */
  function crashHost(h: HostId): void {
    if (!isUp(h)) return;
    hosts[h].send({ type: 'host.crash' });
    stopEverythingOn(h, 'crashed');
  }

  /** Powered off through its management board by its peer: like a crash, but on purpose. */
  function fenceHost(h: HostId): void {
    if (!isUp(h)) return;
    hosts[h].send({ type: 'host.fence' });
    stopEverythingOn(h, 'was powered off through its management board (fenced)');
  }

  function stopEverythingOn(h: HostId, what: string): void {
    protocol?.hostDown?.(h);
    // Bulk data the host had not finished sending never arrives.
    link.send({ type: 'link.senderDown', host: h, atUs: clock.now() });
    const latency = (link.getSnapshot().context as LinkContext).latencyUs;
    for (let i = linkLog.length - 1; i >= 0 && clock.now() - linkLog[i].sentAtUs < 60_000_000; i--) {
      const m = linkLog[i];
      if (m.from === h && m.kind !== 'heartbeat' && m.arrivesAtUs - latency > clock.now() && m.lostAtUs === null) linkLog[i] = { ...m, lostAtUs: clock.now() };
    }
    hypervisors[h].send({ type: 'hypervisor.halt' });
    // The protocol engines running on the host stop with it (their pending timers too).
    for (const [name, actor] of actors) {
      if (name.startsWith(`host${h}.`) && name !== `host${h}.hypervisor` && name !== `host${h}.evtchn`) actor.stop();
    }
    if (orphan && orphan.host === h) {
      orphan.actor.send({ type: 'vm.destroy' });
      orphan = null;
      state.orphanHost = null;
      note(`host ${h} ${what}: the old primary's copy of the VM stopped with it.`);
      return;
    }
    if (state.vmHost === h && vmAlive()) {
      advanceWriter();
      writer.setRunning(false);
      vm.send({ type: 'vm.destroy' });
      state.vmHost = null;
      if (protocol?.vmSurvivesLossOf?.(h)) {
        note(`host ${h} ${what}: the suspended VM on it is gone, but host B holds its complete image.`);
        return;
      }
      monitors.vmLostAtUs = clock.now();
      note(protocol?.mayRestartVm ? `host ${h} ${what}: the VM on it stopped with it.` : `host ${h} ${what}: the VM and its xclock died with it. Nothing protects it, so no copy of the VM runs anywhere.`);
    } else note(`host ${h} ${what}.`);
  }

  function applyFault(f: Fault): void {
    trace.record(clock.now(), 'lab', `fault.${f.kind}`, f.phase ? { target: f.target, phase: formatPhase(f.phase) } : { target: f.target });
    if (f.kind === 'crash') crashHost(f.target);
    else if (f.kind === 'cut') {
      link.send({ type: 'link.cut' });
      state.cuts++;
      protocol?.linkCut?.();
      // Bulk transfers can be queued long before they arrive: look back over the last minute of sends.
      for (let i = linkLog.length - 1; i >= 0 && clock.now() - linkLog[i].sentAtUs < 60_000_000; i--) {
        if (linkLog[i].arrivesAtUs > clock.now()) linkLog[i] = { ...linkLog[i], lostAtUs: clock.now() };
      }
      note('the replication link was cut: the hosts can no longer hear each other.');
    } else {
      link.send({ type: 'link.heal' });
      note('the replication link was healed.');
    }
  }

  function advanceWriter(): void {
    const now = clock.now();
    if (now === state.writerAtUs) return;
    writer.advance(now, (n) => memoryRng.int(n));
    state.writerAtUs = now;
  }

  // The workload: the xclock at exact multiples of its period, packets and disk writes as Poisson streams.
  function scheduleTick(k: number): void {
    at(Math.round((k * 1e6) / (p.clockHz as number)), () => {
      // The clock's schedule runs on even while no copy of the VM does: a copy that takes over later
      // redraws on the same beat.
      if (vmAlive()) vm.send({ type: 'xclock.tick', atUs: clock.now() });
      if (orphanAlive()) orphan!.actor.send({ type: 'xclock.tick', atUs: clock.now() });
      if (vmAlive() || protocol?.mayRestartVm) scheduleTick(k + 1);
    });
  }
  function schedulePoisson(rate: number, source: RandomSource, fire: (copy: AnyActor) => void): void {
    if (rate <= 0) return;
    const next = () => at(clock.now() + Math.max(1, Math.round(source.exponential(rate / 1e6))), () => {
      if (vmAlive()) fire(vm);
      if (orphanAlive()) fire(orphan!.actor);
      if (vmAlive() || protocol?.mayRestartVm) next();
    });
    next();
  }

  const kernel: WorldKernel = {
    spec,
    clock,
    trace,
    memory,
    writer,
    hosts,
    hypervisors,
    get vm() {
      return vm;
    },
    channels,
    monitors,
    make,
    at: (t, run) => void at(t, run),
    atInput: (t, run) => void queue.push(t, { run }, INPUT_LANE),
    note,
    isUp,
    suspectsPeer: (h) => stateString(hosts[h].getSnapshot().value as StateValue).includes('peerSuspected'),
    vmAlive,
    vmHost: () => state.vmHost,
    setVmHost: (h) => {
      state.vmHost = h;
    },
    resumeVm: () => {
      if (!vmAlive()) return;
      advanceWriter();
      writer.setRunning(true);
      vm.send({ type: 'vcpu.resume', atUs: clock.now() });
    },
    sendOnLink,
    releaseOutput: putOnNetwork,
    violation,
    powerOff: (h, how) => (how === 'crash' ? crashHost(h) : fenceHost(h)),
    startVm: (restore, versions, host) => {
      let copyMemory = memory;
      if (vmAlive() && state.vmHost !== null && state.vmHost !== host) {
        // Split brain: the old copy runs on. The new one gets memory of its own, from the versions.
        orphan = { name: vmName, actor: vm, host: state.vmHost };
        state.orphanHost = state.vmHost;
        copyMemory = new GuestMemory(memory.pageCount, memory.cellShift);
        if (versions) copyMemory.restore(versions);
      } else if (versions) memory.restore(versions);
      vmName = `vm.${host}`;
      vm = make(vmName, vmMachine, { ...vmInput, memory: copyMemory, restore });
      vm.start();
      state.vmHost = host;
      advanceWriter();
      if (copyMemory === memory) writer.setRunning(true);
      // The restored guest's clock timer may be overdue (its redraw happened on the lost copy, or fell
      // due while no copy ran): like a redraw due during a pause, it happens as soon as the guest runs.
      const redrawsDue = Math.floor((clock.now() * (p.clockHz as number)) / 1e6) + 1;
      if (restore.clockSeq < redrawsDue) vm.send({ type: 'xclock.tick', atUs: clock.now() });
      return vm;
    },
  };
  const protocol: Protocol | null = installProtocol(spec, kernel);

  for (const actor of actors.values()) actor.start();
  trace.record(0, 'lab', 'run.start', { scenario: spec.scenario, preset: spec.preset, seed: spec.seed });
  hypervisors.A.send({ type: 'guest.create' });
  scheduleTick(0);
  schedulePoisson(p.packetsPerSec as number, packetRng, (copy) => copy.send({ type: 'workload.packet', atUs: clock.now(), bytes: 1500 }));
  schedulePoisson(p.diskWritesPerSec as number, diskRng, (copy) => copy.send({ type: 'workload.disk', atUs: clock.now(), bytes: 4096 }));
  for (const f of spec.faults) if (!f.phase) queue.push(f.atUs, { run: () => applyFault(f) }, INPUT_LANE);
  watchPhases(spec.faults.filter((f): f is PhaseFault => f.phase !== undefined));

  /**
   * Phase faults: each waits for the trace event that marks its phase, then fires right after the
   * step that recorded it (first among what remains at that instant), or its delay later.
   */
  function watchPhases(pending: PhaseFault[]): void {
    const defs = phasesOf(spec.scenario);
    const waiting = pending.map((f) => {
      const def = defs.find((d) => d.name === f.phase.name);
      // resolveRun refuses such a fault: reaching here is a caller's bug, not a quiet no-op.
      if (!def) throw new RangeError(`fault at phase "${f.phase.name}": ${spec.scenario} has no such phase`);
      return { f, def };
    });
    if (waiting.length === 0) return;
    trace.onRecord = (e) => {
      for (let i = 0; i < waiting.length; i++) {
        const { f, def } = waiting[i];
        if (e.actor !== def.actor || e.type !== def.type) continue;
        if (def.numbered && e.data[def.numbered] !== f.phase.index) continue;
        waiting.splice(i--, 1);
        queue.push(e.at + f.phase.afterUs, { run: () => applyFault(f) }, INPUT_LANE);
      }
      if (waiting.length === 0) trace.onRecord = null;
    };
  }

  const view: WorldView = { hosts, hypervisors, channels, get vm() { return vm; }, link, client, actors, memory, state, monitors, clockPeriodUs, ioVersion: () => state.ioVersion, protocolFrame: () => protocol?.frame() ?? {}, edgeLog };
  const project = createProjector(view);

  function record(): void {
    const frame = project(clock.now(), trace.length);
    const last = frames[frames.length - 1];
    if (last && last.atUs === frame.atUs) frames[frames.length - 1] = frame;
    else frames.push(frame);
  }

  function step(): boolean {
    const first = queue.peek();
    if (!first) return false;
    const t = first.at;
    clock.advanceTo(t);
    advanceWriter();
    for (let e = queue.peek(); e && e.at === t; e = queue.peek()) {
      queue.pop();
      e.item.run();
    }
    monitors.maxRunningCopies = Math.max(monitors.maxRunningCopies, runningCopies());
    if (recordFrames && !(globalThis as { NOREC?: boolean }).NOREC) record();
    return true;
  }

  function runningCopies(): number {
    return (state.vmHost !== null && vmAlive() ? 1 : 0) + (orphanAlive() ? 1 : 0);
  }

  record();

  return {
    spec,
    trace,
    frames,
    monitors,
    linkLog,
    publicLog,
    edgeLog,
    now: () => clock.now(),
    clientNow: () => clientFrame(view, clock.now()),
    protocolResult: () => protocol?.result(clock.now()) ?? null,
    step,
    runUntil(t: Micros) {
      for (let e = queue.peek(); e && e.at <= t; e = queue.peek()) step();
      if (t > clock.now()) {
        clock.advanceTo(t);
        advanceWriter();
      }
    },
    inject(fault: TimedFault) {
      if (fault.atUs < clock.now()) throw new RangeError(`an input at ${fault.atUs} µs is in the past (now ${clock.now()} µs): re-run from the start`);
      queue.push(fault.atUs, { run: () => applyFault(fault) }, INPUT_LANE);
    },
    frameAt(t: Micros): Frame {
      if (!recordFrames) return project(clock.now(), trace.length);
      let lo = 0;
      let hi = frames.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (frames[mid].atUs <= t) lo = mid;
        else hi = mid - 1;
      }
      return frames[lo];
    },
  };
}
