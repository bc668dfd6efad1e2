/**
 * The guest VM (domU): memory of N pages, a vCPU, and netfront/blkfront with shared rings. Its
 * workload arrives as events from the world (which owns time and chance): the xclock's redraw, which
 * dirties framebuffer pages and sends a VNC frame through netfront (a ring request plus an
 * event-channel notify), background packets and disk writes. Work due while the vCPU is paused is
 * done at resume; a redraw then shows the time of resume.
 * @see ../../shared/DESIGN.md §4 (Guest VM) and §5 (Guest time and the xclock)
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { GuestMemory } from '../sim/memory';
import { BLK_RING_SIZE, NET_RING_SIZE, createRing, consumeRequests, hasRoom, pushRequest, type IoRequest, type Ring } from '../sim/ring';
import { formatHms, type Micros } from '../sim/time';

/** Work the guest does: one redraw, one packet, one disk write. */
export type Work =
  | { type: 'xclock.tick'; atUs: Micros }
  | { type: 'workload.packet'; atUs: Micros; bytes: number }
  | { type: 'workload.disk'; atUs: Micros; bytes: number };

/** The guest state a synchronization carries besides memory: the vCPU's progress and the shared rings. */
export interface VmRestore {
  readonly clockSeq: number;
  readonly outputsIssued: number;
  readonly net: Ring;
  readonly blk: Ring;
}

export interface VmInput {
  readonly memory: GuestMemory;
  readonly framebufferPages: number;
  readonly netPort: number;
  readonly blkPort: number;
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
  /** Work that fell due while the vCPU was paused. */
  readonly deferred: readonly Work[];
  /** Outputs that found their ring full and were dropped by the guest. */
  readonly ringDrops: number;
}

export type VmEvent =
  | Work
  | { type: 'vcpu.pause' }
  | { type: 'vcpu.resume'; atUs: Micros }
  | { type: 'ring.consumed'; ring: 'net' | 'blk'; count: number }
  | { type: 'vm.destroy' };

export type VmEmitted =
  | { type: 'frontend.notify'; frontend: 'netfront' | 'blkfront'; port: number; output: number; kind: IoRequest['kind'] }
  | { type: 'xclock.redrawn'; seq: number; shows: string; dirtied: number; memory: string }
  | { type: 'ring.full'; frontend: 'netfront' | 'blkfront' }
  | { type: 'vcpu.paused' }
  | { type: 'vcpu.resumed'; redoing: number }
  | { type: 'vm.destroyed' };

/**
 * Performs one piece of work on the running guest: may dirty pages, then posts a request and
 * notifies. Returns the next context; pushes what the guest announces onto `out`. Mutates the
 * guest memory (the world's typed arrays), nothing else.
 */
function perform(context: VmContext, work: Work, out: VmEmitted[]): VmContext {
  let ctx = context;
  const { memory } = ctx;
  let kind: IoRequest['kind'];
  let bytes: number;
  let frame: IoRequest['frame'];
  if (work.type === 'xclock.tick') {
    // The redraw touches the framebuffer (the last pages of memory) before the frame is sent.
    const first = memory.pageCount - ctx.framebufferPages;
    for (let p = first; p < memory.pageCount; p++) memory.write(p);
    const seq = ctx.clockSeq + 1;
    const shows = formatHms(work.atUs);
    frame = { seq, shows, stateVersion: memory.stateVersion };
    ctx = { ...ctx, clockSeq: seq };
    out.push({ type: 'xclock.redrawn', seq, shows, dirtied: ctx.framebufferPages, memory: memory.digest() });
    kind = 'vnc';
    bytes = 1500;
  } else if (work.type === 'workload.packet') {
    kind = 'packet';
    bytes = work.bytes;
  } else {
    kind = 'disk';
    bytes = work.bytes;
  }
  const ringName = kind === 'disk' ? 'blk' : 'net';
  const frontend = kind === 'disk' ? 'blkfront' : 'netfront';
  const ring = ctx[ringName];
  if (!hasRoom(ring)) {
    out.push({ type: 'ring.full', frontend });
    return { ...ctx, ringDrops: ctx.ringDrops + 1 };
  }
  const id = ctx.outputsIssued + 1;
  const request: IoRequest = { id, kind, bytes, stateVersion: memory.stateVersion, ...(frame ? { frame } : {}) };
  ctx = { ...ctx, outputsIssued: id, [ringName]: pushRequest(ring, request) };
  out.push({ type: 'frontend.notify', frontend, port: ringName === 'net' ? ctx.netPort : ctx.blkPort, output: id, kind });
  return ctx;
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
      if (event.type !== 'xclock.tick' && event.type !== 'workload.packet' && event.type !== 'workload.disk') return;
      const out: VmEmitted[] = [];
      enqueue.assign(perform(context, event, out));
      for (const e of out) enqueue.emit(e);
    }),
    deferWork: assign({
      deferred: ({ context, event }) => {
        if (event.type !== 'xclock.tick' && event.type !== 'workload.packet' && event.type !== 'workload.disk') return context.deferred;
        // Several redraws missed during one pause collapse into one: the clock is redrawn once, at resume.
        if (event.type === 'xclock.tick' && context.deferred.some((w) => w.type === 'xclock.tick')) return context.deferred;
        return [...context.deferred, event];
      },
    }),
    redoDeferred: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'vcpu.resume') return;
      const out: VmEmitted[] = [{ type: 'vcpu.resumed', redoing: context.deferred.length }];
      let ctx: VmContext = { ...context, deferred: [] };
      for (const work of context.deferred) ctx = perform(ctx, { ...work, atUs: event.atUs }, out);
      enqueue.assign(ctx);
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
    memory: input.memory,
    framebufferPages: input.framebufferPages,
    netPort: input.netPort,
    blkPort: input.blkPort,
    clockSeq: input.restore?.clockSeq ?? 0,
    outputsIssued: input.restore?.outputsIssued ?? 0,
    net: input.restore?.net ?? createRing(NET_RING_SIZE),
    blk: input.restore?.blk ?? createRing(BLK_RING_SIZE),
    deferred: [],
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
