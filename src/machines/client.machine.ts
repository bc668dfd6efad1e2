/**
 * The outside client: a VNC viewer watching the guest's xclock over a TCP connection. Its TCP takes
 * segments in order (one that arrives after a missing one is held until the gap is filled by a
 * retransmission), acknowledges what it has, and judges every segment by its sequence number and
 * content: the next one, one held for later, a harmless duplicate, or a rollback (it saw state the
 * serving copy does not have), which breaks the stream: the session is reset. A frame overdue by a
 * noticeable pause leaves the session stalled until one arrives; it is lost only when a TCP gives up
 * (the guest's resets the connection) or the optional viewer watchdog `clientTimeoutMs` fires.
 * @see ../../shared/DESIGN.md §5 (Client)
 */
import { assign, emit, setup } from 'xstate';
import { classifyFrame, frameContent, lateness, nextTickUs, STALL_NOTICE_US, type VncFrame } from '../sim/client-rules';
import type { Micros } from '../sim/time';

/** How many recent frames the viewer remembers, to tell a duplicate from a rollback. */
export const CLIENT_HISTORY = 64;

export interface ClientInput {
  /** The viewer's watchdog: the session is lost after this long without a new frame (0: off). */
  readonly clientTimeoutMs: number;
  /** The xclock's redraws per second: a frame is due at each tick plus the network's latency. */
  readonly clockHz: number;
  /** The public network's one-way latency (µs). */
  readonly latencyUs: Micros;
}

export interface ClientContext extends ClientInput {
  /** The highest sequence number taken in order (what the client acknowledges). */
  readonly lastSeq: number;
  /** What the client shows: the content of the last frame taken in order. */
  readonly shows: string | null;
  /** The guest time that frame draws (µs), or null before the first. */
  readonly showsUs: Micros | null;
  /** Recent frames `[seq, shows, content]`, oldest first (content: see frameContent). */
  readonly history: readonly (readonly [number, string, string])[];
  /** Segments that arrived after a missing one, held by TCP until it comes, by sequence number. */
  readonly held: readonly VncFrame[];
  readonly framesReceived: number;
  /** Segments that arrived out of order (after a missing one): TCP held them until the gap was filled. */
  readonly gaps: number;
  readonly duplicates: number;
  readonly rollbacks: number;
  readonly lastFrameAtUs: Micros | null;
  /** When the last new frame was taken in order; the session start counts as one. */
  readonly lastNewFrameAtUs: Micros;
  /** The largest lateness of a frame taken so far (see `lateness`). */
  readonly maxLateUs: Micros;
  /** The instant of the event the client handled last (delays count from it). */
  readonly sinceUs: Micros;
  /** Why the session was lost, once it is. */
  readonly lostBecause: 'watchdog' | 'tcp-reset' | null;
  /** When the session was lost or reset (a missing frame stops counting then), or null. */
  readonly endedAtUs: Micros | null;
}

export type ClientEvent = { type: 'vnc.frame'; atUs: Micros; frame: VncFrame } | { type: 'tcp.rst'; atUs: Micros };

export type ClientEmitted =
  | { type: 'frame.shown'; seq: number; shows: string }
  | { type: 'frame.gap'; seq: number; missing: number }
  | { type: 'frame.duplicate'; seq: number }
  | { type: 'tcp.ack'; ack: number }
  | { type: 'session.stalled'; dueUs: Micros }
  | { type: 'session.recovered'; seq: number }
  | { type: 'session.reset'; seq: number; sawShows: string; gotShows: string }
  | { type: 'session.lost'; lastSeq: number; why: 'watchdog' | 'tcp-reset' };

function seenShows(context: ClientContext, seq: number): string | undefined {
  return context.history.find(([s]) => s === seq)?.[1];
}

function seenContent(context: ClientContext, seq: number): string | undefined {
  return context.history.find(([s]) => s === seq)?.[2];
}

function verdict(context: ClientContext, frame: VncFrame) {
  return classifyFrame(context.lastSeq, (s) => seenContent(context, s), frame);
}

/** When the frame after the last one taken is due at the client (µs). */
export function nextDueUs(context: Pick<ClientContext, 'showsUs' | 'clockHz' | 'latencyUs'>): Micros {
  return nextTickUs(context.showsUs, context.clockHz) + context.latencyUs;
}

/** Takes `frame` (the next in order) and then every held one that follows it. Pure. */
function takeInOrder(context: ClientContext, frame: VncFrame, atUs: Micros): ClientContext {
  let ctx = context;
  let next: VncFrame | undefined = frame;
  while (next) {
    const f: VncFrame = next;
    ctx = {
      ...ctx,
      lastSeq: f.seq,
      shows: f.shows,
      showsUs: f.drawnUs ?? ctx.showsUs,
      history: [...ctx.history, [f.seq, f.shows, frameContent(f)] as const].slice(-CLIENT_HISTORY),
      lastNewFrameAtUs: atUs,
      maxLateUs: Math.max(ctx.maxLateUs, lateness(atUs, f.drawnUs, ctx.showsUs, ctx.clockHz, ctx.latencyUs)),
      held: ctx.held.filter((h) => h.seq !== f.seq),
    };
    next = ctx.held.find((h) => h.seq === f.seq + 1);
  }
  return ctx;
}

const frameOf = (event: ClientEvent) => (event as Extract<ClientEvent, { type: 'vnc.frame' }>).frame;

export const clientMachine = setup({
  types: {
    context: {} as ClientContext,
    input: {} as ClientInput,
    events: {} as ClientEvent,
    emitted: {} as ClientEmitted,
  },
  guards: {
    isNext: ({ context, event }) => verdict(context, frameOf(event)) === 'next',
    isGap: ({ context, event }) => verdict(context, frameOf(event)) === 'gap',
    isDuplicate: ({ context, event }) => verdict(context, frameOf(event)) === 'duplicate',
    watchdogOn: ({ context }) => context.clientTimeoutMs > 0,
  },
  actions: {
    arrived: assign(({ context, event }) => ({ framesReceived: context.framesReceived + 1, lastFrameAtUs: event.atUs, sinceUs: event.atUs })),
    take: assign(({ context, event }) => takeInOrder(context, frameOf(event), event.atUs)),
    announceShown: emit(({ context }) => ({ type: 'frame.shown' as const, seq: context.lastSeq, shows: context.shows ?? '' })),
    hold: assign(({ context, event }) => {
      const f = frameOf(event);
      return context.held.some((h) => h.seq === f.seq) ? {} : { gaps: context.gaps + 1, held: [...context.held, f] };
    }),
    announceGap: emit(({ context, event }) => ({ type: 'frame.gap' as const, seq: frameOf(event).seq, missing: frameOf(event).seq - context.lastSeq - 1 })),
    acknowledge: emit(({ context }) => ({ type: 'tcp.ack' as const, ack: context.lastSeq })),
    countDuplicate: assign(({ context }) => ({ duplicates: context.duplicates + 1 })),
    announceDuplicate: emit(({ event }) => ({ type: 'frame.duplicate' as const, seq: frameOf(event).seq })),
    countRollback: assign(({ context }) => ({ rollbacks: context.rollbacks + 1 })),
    announceReset: emit(({ context, event }) => ({
      type: 'session.reset' as const,
      seq: frameOf(event).seq,
      sawShows: seenShows(context, frameOf(event).seq) ?? context.shows ?? '',
      gotShows: frameOf(event).shows,
    })),
    /** The stall timer fired: now is when the frame became overdue by the notice (or the last event, if later). */
    stallNow: assign(({ context }) => ({ sinceUs: Math.max(context.sinceUs, nextDueUs(context) + STALL_NOTICE_US) })),
    announceStalled: emit(({ context }) => ({ type: 'session.stalled' as const, dueUs: nextDueUs(context) })),
    announceRecovered: emit(({ context }) => ({ type: 'session.recovered' as const, seq: context.lastSeq })),
    lostToWatchdog: assign(({ context }) => ({ lostBecause: 'watchdog' as const, endedAtUs: Math.max(context.sinceUs, context.lastNewFrameAtUs + context.clientTimeoutMs * 1000) })),
    lostToReset: assign(({ event }) => ({ lostBecause: 'tcp-reset' as const, sinceUs: event.atUs, endedAtUs: event.atUs })),
    endNow: assign(({ event }) => ({ endedAtUs: event.atUs })),
    announceLost: emit(({ context }) => ({ type: 'session.lost' as const, lastSeq: context.lastSeq, why: context.lostBecause ?? 'watchdog' })),
  },
  delays: {
    /** From the last event to the instant the next frame is overdue by a noticeable pause. */
    stall: ({ context }) => Math.max(0, nextDueUs(context) + STALL_NOTICE_US - context.sinceUs) / 1000,
    /** From the last event (or the stall) to `clientTimeoutMs` after the last new frame. */
    watchdog: ({ context }) => Math.max(0, context.lastNewFrameAtUs + context.clientTimeoutMs * 1000 - context.sinceUs) / 1000,
  },
}).createMachine({
  id: 'client',
  description: 'The VNC viewer outside, over TCP: it takes frames in order, acknowledges them and notices gaps, duplicates, rollbacks and stalls (DESIGN §5).',
  context: ({ input }) => ({
    ...input,
    lastSeq: 0,
    shows: null,
    showsUs: null,
    history: [],
    held: [],
    framesReceived: 0,
    gaps: 0,
    duplicates: 0,
    rollbacks: 0,
    lastFrameAtUs: null,
    lastNewFrameAtUs: 0,
    maxLateUs: 0,
    sinceUs: 0,
    lostBecause: null,
    endedAtUs: null,
  }),
  initial: 'connected',
  states: {
    connected: {
      tags: ['session-up'],
      description: 'The VNC session is up and frames arrive on time: each segment is judged by its sequence number and content.',
      on: {
        'vnc.frame': [
          { guard: 'isNext', target: 'connected', reenter: true, actions: ['arrived', 'take', 'announceShown', 'acknowledge'], description: 'The next segment in sequence: show it (and any held ones it completes) and acknowledge.' },
          { guard: 'isGap', target: 'connected', reenter: true, actions: ['arrived', 'announceGap', 'hold', 'acknowledge'], description: 'A segment after a missing one: TCP holds it and acknowledges what it has, so the sender retransmits the missing one.' },
          { guard: 'isDuplicate', target: 'connected', reenter: true, actions: ['arrived', 'countDuplicate', 'announceDuplicate', 'acknowledge'], description: 'A segment seen before, identical: harmless (a retransmission, or Kemari re-issuing its pending event); acknowledged again.' },
          { target: 'reset', actions: ['arrived', 'countRollback', 'endNow', 'announceReset'], description: 'Rollback: the server no longer has what the client saw. The stream is broken: the session is reset.' },
        ],
        'tcp.rst': { target: 'lost', actions: ['lostToReset', 'announceLost'], description: "The guest's TCP gave up after 15 retransmissions and reset the connection: the session is lost." },
      },
      after: {
        stall: { target: 'stalled', actions: ['stallNow', 'announceStalled'], description: 'The next frame is overdue by a noticeable pause (0.1 s): the viewer is frozen, though the connection may recover.' },
        watchdog: { guard: 'watchdogOn', target: 'lost', actions: ['lostToWatchdog', 'announceLost'], description: 'The optional viewer watchdog: no new frame for clientTimeoutMs.' },
      },
    },
    stalled: {
      tags: ['session-up'],
      description: 'No update arriving: the viewer shows its last frame. A pause of any length that ends with the stream intact is a stall, never a loss.',
      on: {
        'vnc.frame': [
          { guard: 'isNext', target: 'connected', actions: ['arrived', 'take', 'announceShown', 'acknowledge', 'announceRecovered'], description: 'Frames arrive again, in order: the session recovers.' },
          { guard: 'isGap', target: 'stalled', reenter: true, actions: ['arrived', 'announceGap', 'hold', 'acknowledge'], description: 'A segment after a missing one: held until the missing one is retransmitted; still stalled.' },
          { guard: 'isDuplicate', target: 'stalled', reenter: true, actions: ['arrived', 'countDuplicate', 'announceDuplicate', 'acknowledge'], description: 'A segment seen before, identical (a retransmission): still stalled.' },
          { target: 'reset', actions: ['arrived', 'countRollback', 'endNow', 'announceReset'], description: 'Rollback: the stream is broken, the session is reset.' },
        ],
        'tcp.rst': { target: 'lost', actions: ['lostToReset', 'announceLost'], description: "The guest's TCP gave up and reset the connection: the session is lost." },
      },
      after: {
        watchdog: { guard: 'watchdogOn', target: 'lost', actions: ['lostToWatchdog', 'announceLost'], description: 'The optional viewer watchdog: no new frame for clientTimeoutMs.' },
      },
    },
    reset: { tags: ['session-down'], description: 'The stream is broken after a rollback (the restored guest is behind what the client acknowledged).' },
    lost: { tags: ['session-down'], description: 'The session is lost: a TCP gave up, or the viewer watchdog fired.' },
  },
});
