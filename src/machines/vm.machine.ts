/**
 * The guest VM (domU): a vCPU and netfront/blkfront with shared rings. Its workload arrives as events
 * from the world (which owns time, chance and memory): the xclock's redraw, which dirties framebuffer
 * pages and sends a VNC frame through netfront (a ring request plus an event-channel notify),
 * background packets and disk writes. Work due while the vCPU is paused is done at resume; a redraw
 * then shows the time of resume.
 *
 * The machine never touches memory: each event carries the guest's state version (its count of page
 * writes) at that instant, and a redraw announces the framebuffer pages it dirties
 * (`xclock.redrawn`), which the world writes into the guest's memory as the event is emitted. Its
 * actions only assign and emit: `transition()` is pure.
 * @see ../../shared/DESIGN.md §4 (Guest VM) and §5 (Guest time and the xclock)
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import { BLK_RING_SIZE, NET_RING_SIZE, createRing, consumeRequests, hasRoom, pushRequest, type IoRequest, type Ring } from '../sim/ring';
import type { VncFrame } from '../sim/client-rules';
import { ackArrived, openConnection, segmentSent, timerExpired, type TcpSender } from '../sim/tcp';
import { formatHms, type Micros } from '../sim/time';

/**
 * Work the guest does: one redraw, one packet, one disk write; and its TCP's: an acknowledgement
 * from the client arrives, or the retransmission timer armed for `dueUs` expires.
 */
export type Work =
  | { type: 'xclock.tick'; atUs: Micros }
  | { type: 'workload.packet'; atUs: Micros; bytes: number }
  | { type: 'workload.disk'; atUs: Micros; bytes: number }
  | { type: 'tcp.ack'; atUs: Micros; ack: number }
  | { type: 'tcp.timeout'; atUs: Micros; dueUs: Micros }
  | { type: 'tcp.rst'; atUs: Micros }
  | { type: 'vnc.request'; atUs: Micros; req: number };

/** Work as the world sends it: with the guest's state version (page writes so far) at that instant. */
export type WorkEvent = Work & { readonly stateVersion: number };

/** The guest state a synchronization carries besides memory: the vCPU's progress and the shared rings. */
export interface VmRestore {
  readonly clockSeq: number;
  readonly outputsIssued: number;
  readonly net: Ring;
  readonly blk: Ring;
  /** Its side of the client's TCP connection (in guest memory: it moves and is restored with the rest). */
  readonly tcp: TcpSender;
}

export interface VmInput {
  /** Pages the xclock dirties at each redraw (the last pages of memory; the world writes them). */
  readonly framebufferPages: number;
  readonly netPort: number;
  readonly blkPort: number;
  /** The client connection's round trip when it was opened, before t = 0 (µs). */
  readonly rttUs: Micros;
  /** Start from a synchronized state instead of a fresh boot (a takeover on the backup). */
  readonly restore?: VmRestore;
}

export interface VmContext extends VmInput {
  /** Frames the xclock has sent (the VNC stream's last sequence number). */
  readonly clockSeq: number;
  /** Outputs issued so far (the last output id). */
  readonly outputsIssued: number;
  readonly net: Ring;
  readonly blk: Ring;
  readonly tcp: TcpSender;
  /** Work that fell due while the vCPU was paused, newest first (a list that grows in O(1)). */
  readonly deferred: Deferred;
  readonly deferredCount: number;
  /** Whether a redraw is among the deferred work (later ones collapse into it). */
  readonly redrawDeferred: boolean;
  /** Outputs that found their ring full and were dropped by the guest. */
  readonly ringDrops: number;
}

/** Work that fell due during a pause, as a persistent list: newest first, each cell pointing at the older ones. */
export type Deferred = { readonly work: Work; readonly older: Deferred } | null;

export type VmEvent =
  | WorkEvent
  | { type: 'vcpu.pause' }
  | { type: 'vcpu.resume'; atUs: Micros; stateVersion: number }
  | { type: 'ring.consumed'; ring: 'net' | 'blk'; count: number }
  | { type: 'vm.destroy' };

export type VmEmitted =
  | { type: 'frontend.notify'; frontend: 'netfront' | 'blkfront'; port: number; output: number; kind: IoRequest['kind'] }
  | { type: 'xclock.redrawn'; seq: number; shows: string; dirtied: number }
  | { type: 'request.answered'; req: number; seq: number; shows: string }
  | { type: 'ring.full'; frontend: 'netfront' | 'blkfront' }
  | { type: 'vcpu.paused' }
  | { type: 'vcpu.resumed'; redoing: number }
  | { type: 'vm.destroyed' }
  | { type: 'tcp.timer'; dueUs: Micros }
  | { type: 'tcp.retransmit'; seqs: number; firstSeq: number; retry: number }
  | { type: 'tcp.gaveUp'; una: number };

/**
 * Performs one piece of work on the running guest at state version `version`: a redraw dirties the
 * framebuffer (announced in `xclock.redrawn`; `version` counts its writes), then a request goes on
 * a ring with a notify. Returns the next context and state version; pushes what the guest announces
 * onto `out`. Pure.
 */
function perform(context: VmContext, work: Work, version: number, out: VmEmitted[]): { ctx: VmContext; version: number } {
  if (work.type === 'tcp.ack') {
    const tcp = ackArrived(context.tcp, work.ack, context.clockSeq, work.atUs);
    announceTimer(context.tcp, tcp, out);
    return { ctx: { ...context, tcp }, version };
  }
  if (work.type === 'tcp.rst') {
    // The client reset the connection (its stream broke): nothing more to send or resend.
    return { ctx: { ...context, tcp: { ...context.tcp, unacked: [], timerDueUs: null, gaveUp: true } }, version };
  }
  if (work.type === 'tcp.timeout') {
    // Only the timer armed last counts (an acknowledgement since may have moved or stopped it).
    if (work.dueUs !== context.tcp.timerDueUs) return { ctx: context, version };
    const { tcp, resend } = timerExpired(context.tcp, work.atUs);
    let ctx: VmContext = { ...context, tcp };
    if (tcp.gaveUp) out.push({ type: 'tcp.gaveUp', una: tcp.una });
    if (resend.length > 0) out.push({ type: 'tcp.retransmit', seqs: resend.length, firstSeq: resend[0].seq, retry: tcp.retries });
    for (const frame of resend) ctx = queueOutput(ctx, 'vnc', 1500, version, frame, out);
    if (tcp.timerDueUs !== null) out.push({ type: 'tcp.timer', dueUs: tcp.timerDueUs });
    return { ctx, version };
  }
  if (work.type === 'vnc.request') {
    // The input changes the guest's state (it writes one page: the part of the screen it redraws), and
    // the answer is a VNC frame in the same stream, drawn from that state.
    const stateVersion = version + 1;
    const seq = context.clockSeq + 1;
    const shows = formatHms(work.atUs);
    const frame: VncFrame = { seq, shows, stateVersion, drawnUs: work.atUs, reply: work.req };
    const tcp = segmentSent(context.tcp, frame, work.atUs);
    out.push({ type: 'request.answered', req: work.req, seq, shows });
    announceTimer(context.tcp, tcp, out);
    return { ctx: queueOutput({ ...context, clockSeq: seq, tcp }, 'vnc', 1500, stateVersion, frame, out), version: stateVersion };
  }
  if (work.type === 'xclock.tick') {
    // The redraw touches the framebuffer (the last pages of memory) before the frame is sent.
    const stateVersion = version + context.framebufferPages;
    const seq = context.clockSeq + 1;
    const shows = formatHms(work.atUs);
    const frame: VncFrame = { seq, shows, stateVersion, drawnUs: work.atUs };
    // The frame is a segment of the client's TCP connection: sent (and kept until acknowledged) even if the ring is full.
    const tcp = segmentSent(context.tcp, frame, work.atUs);
    out.push({ type: 'xclock.redrawn', seq, shows, dirtied: context.framebufferPages });
    announceTimer(context.tcp, tcp, out);
    return { ctx: queueOutput({ ...context, clockSeq: seq, tcp }, 'vnc', 1500, stateVersion, frame, out), version: stateVersion };
  }
  return { ctx: queueOutput(context, work.type === 'workload.packet' ? 'packet' : 'disk', work.bytes, version, undefined, out), version };
}

/** Announces the retransmission timer when a step armed it for a new instant (the world expires it then). */
function announceTimer(before: TcpSender, after: TcpSender, out: VmEmitted[]): void {
  if (after.timerDueUs !== null && after.timerDueUs !== before.timerDueUs) out.push({ type: 'tcp.timer', dueUs: after.timerDueUs });
}

/** Puts one output on its ring with a notify to the backend, or drops it if the ring is full. Pure. */
function queueOutput(context: VmContext, kind: IoRequest['kind'], bytes: number, stateVersion: number, frame: VncFrame | undefined, out: VmEmitted[]): VmContext {
  const ringName = kind === 'disk' ? 'blk' : 'net';
  const frontend = kind === 'disk' ? 'blkfront' : 'netfront';
  const ring = context[ringName];
  if (!hasRoom(ring)) {
    out.push({ type: 'ring.full', frontend });
    return { ...context, ringDrops: context.ringDrops + 1 };
  }
  const id = context.outputsIssued + 1;
  const request: IoRequest = { id, kind, bytes, stateVersion, ...(frame ? { frame } : {}) };
  out.push({ type: 'frontend.notify', frontend, port: ringName === 'net' ? context.netPort : context.blkPort, output: id, kind });
  // (Each ring by name: a computed key makes the literal a slow generic one.)
  return ringName === 'net' ? { ...context, outputsIssued: id, net: pushRequest(ring, request) } : { ...context, outputsIssued: id, blk: pushRequest(ring, request) };
}

const WORK_TYPES = new Set<string>(['xclock.tick', 'workload.packet', 'workload.disk', 'tcp.ack', 'tcp.timeout', 'tcp.rst', 'vnc.request']);
const isWork = (e: VmEvent): e is WorkEvent => WORK_TYPES.has(e.type);

/** The deferred work, oldest first. */
function inOrder(list: Deferred): Work[] {
  const out: Work[] = [];
  for (let cell = list; cell; cell = cell.older) out.push(cell.work);
  return out.reverse();
}

export const vmMachine = setup({
  types: {
    context: {} as VmContext,
    input: {} as VmInput,
    events: {} as VmEvent,
    emitted: {} as VmEmitted,
  },
  actions: {
    doWork: enqueueActions(({ context, event, enqueue }) => {
      if (!isWork(event)) return;
      const out: VmEmitted[] = [];
      enqueue.assign(perform(context, event, event.stateVersion, out).ctx);
      for (const e of out) enqueue.emit(e);
    }),
    deferWork: assign(({ context, event }) => {
      if (!isWork(event)) return {};
      // Several redraws missed during one pause collapse into one: the clock is redrawn once, at resume.
      if (event.type === 'xclock.tick' && context.redrawDeferred) return {};
      const { stateVersion: _version, ...work } = event;
      return { deferred: { work, older: context.deferred }, deferredCount: context.deferredCount + 1, redrawDeferred: context.redrawDeferred || event.type === 'xclock.tick' };
    }),
    redoDeferred: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'vcpu.resume') return;
      const out: VmEmitted[] = [{ type: 'vcpu.resumed', redoing: context.deferredCount }];
      // Nothing fell due during the pause (most pauses, a checkpoint's few milliseconds): the context stands as it is.
      if (context.deferred === null) {
        enqueue.emit(out[0]);
        return;
      }
      let step = { ctx: { ...context, deferred: null, deferredCount: 0, redrawDeferred: false } as VmContext, version: event.stateVersion };
      for (const work of inOrder(context.deferred)) step = perform(step.ctx, { ...work, atUs: event.atUs }, step.version, out);
      enqueue.assign(step.ctx);
      for (const e of out) enqueue.emit(e);
    }),
    consume: assign(({ context, event }) => {
      if (event.type !== 'ring.consumed') return {};
      return event.ring === 'net' ? { net: consumeRequests(context.net, event.count) } : { blk: consumeRequests(context.blk, event.count) };
    }),
    announcePaused: emit({ type: 'vcpu.paused' as const }),
    announceDestroyed: emit({ type: 'vm.destroyed' as const }),
  },
}).createMachine({
  id: 'vm',
  description: 'The guest VM (domU): vCPU, memory, the xclock and frontends with shared rings (Xen split drivers, domain facts §6).',
  context: ({ input }) => ({
    framebufferPages: input.framebufferPages,
    netPort: input.netPort,
    blkPort: input.blkPort,
    rttUs: input.rttUs,
    clockSeq: input.restore?.clockSeq ?? 0,
    outputsIssued: input.restore?.outputsIssued ?? 0,
    net: input.restore?.net ?? createRing(NET_RING_SIZE),
    blk: input.restore?.blk ?? createRing(BLK_RING_SIZE),
    tcp: input.restore?.tcp ?? openConnection(input.rttUs),
    deferred: null,
    deferredCount: 0,
    redrawDeferred: false,
    ringDrops: 0,
  }),
  initial: 'running',
  on: {
    'ring.consumed': { actions: 'consume', description: 'A backend answered requests: the frontend frees their ring slots.' },
  },
  states: {
    running: {
      tags: ['executing'],
      description: 'The vCPU runs: the xclock redraws, packets and disk writes go out through the frontends.',
      on: {
        'xclock.tick': { actions: 'doWork', description: 'Redraw the clock: dirty the framebuffer, send a VNC frame (ring request + notify).' },
        'workload.packet': { actions: 'doWork', description: 'A background packet: a netfront ring request and a notify to netback.' },
        'workload.disk': { actions: 'doWork', description: 'A disk write: a blkfront ring request and a notify to blkback.' },
        'tcp.ack': { actions: 'doWork', description: "The client acknowledged frames: the guest's TCP drops them from its retransmission queue." },
        'tcp.timeout': { actions: 'doWork', description: "The guest's TCP retransmission timer expired: the frames not acknowledged go out again (or, after 15 tries, it gives up)." },
        'tcp.rst': { actions: 'doWork', description: 'The client reset the connection: the guest stops sending on it.' },
        'vnc.request': { actions: 'doWork', description: "A client's input arrives through netback: it changes the guest's state, which answers with a VNC frame." },
        'vcpu.pause': { target: 'paused', actions: 'announcePaused', description: 'The hypervisor pauses the vCPU (not a suspend: devices stay connected).' },
        'vm.destroy': { target: 'destroyed', actions: 'announceDestroyed', description: 'Its host stopped: the VM stops with it (fail-stop).' },
      },
    },
    paused: {
      description: 'The vCPU is paused: nothing runs, work that falls due waits for resume.',
      on: {
        'xclock.tick': { actions: 'deferWork', description: 'A redraw falls due while paused: it happens at resume (DESIGN §5).' },
        'workload.packet': { actions: 'deferWork', description: 'A packet falls due while paused: it waits for resume.' },
        'workload.disk': { actions: 'deferWork', description: 'A disk write falls due while paused: it waits for resume.' },
        'tcp.ack': { actions: 'deferWork', description: 'An acknowledgement arrives while paused: the guest reads it at resume.' },
        'tcp.timeout': { actions: 'deferWork', description: 'A timer expires while paused: it fires at resume.' },
        'tcp.rst': { actions: 'deferWork', description: 'A reset arrives while paused: the guest reads it at resume.' },
        'vnc.request': { actions: 'deferWork', description: "A client's input arrives while paused: it waits in the ring, and the guest answers it at resume." },
        'vcpu.resume': { target: 'running', actions: 'redoDeferred', description: 'Resume: work that fell due during the pause is done now.' },
        'vm.destroy': { target: 'destroyed', actions: 'announceDestroyed', description: 'Its host stopped while the VM was paused: it is gone.' },
      },
    },
    destroyed: {
      type: 'final',
      description: 'The VM is gone with its host: its memory, its rings and its pending outputs.',
    },
  },
});
