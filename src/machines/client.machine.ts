/**
 * The outside client: a VNC viewer watching the guest's xclock. It shows the last frame it received
 * and judges every frame by its sequence number and content: the next one, a gap (frames lost), a
 * harmless duplicate, or a rollback (it saw state the serving copy does not have), which resets the
 * session as TCP would. No frame for `clientTimeoutMs` and the session is lost.
 * @see ../../shared/DESIGN.md §5 (Client)
 */
import { assign, emit, setup } from 'xstate';
import { classifyFrame, frameContent, type VncFrame } from '../sim/client-rules';
import type { Micros } from '../sim/time';

/** How many recent frames the viewer remembers, to tell a duplicate from a rollback. */
export const CLIENT_HISTORY = 64;

export interface ClientInput {
  readonly clientTimeoutMs: number;
  /** The nominal interval between frames (1 / clockHz), µs. */
  readonly nominalIntervalUs: Micros;
}

export interface ClientContext extends ClientInput {
  readonly lastSeq: number;
  /** What the client shows: the content of the highest frame seen. */
  readonly shows: string | null;
  /** The guest time that frame draws (µs), or null before the first. */
  readonly showsUs: Micros | null;
  /** Recent frames `[seq, shows, content]`, oldest first (content: see frameContent). */
  readonly history: readonly (readonly [number, string, string])[];
  readonly framesReceived: number;
  /** Frames skipped by gaps (sum of seq - last - 1). */
  readonly gaps: number;
  readonly duplicates: number;
  readonly rollbacks: number;
  readonly lastFrameAtUs: Micros | null;
  /** When the last new frame (next or gap) arrived; the session start counts as one. */
  readonly lastNewFrameAtUs: Micros;
  /** The largest interval between consecutive new frames so far. */
  readonly maxIntervalUs: Micros;
}

export type ClientEvent = { type: 'vnc.frame'; atUs: Micros; frame: VncFrame };

export type ClientEmitted =
  | { type: 'frame.shown'; seq: number; shows: string }
  | { type: 'frame.gap'; seq: number; missing: number }
  | { type: 'frame.duplicate'; seq: number }
  | { type: 'session.reset'; seq: number; sawShows: string; gotShows: string }
  | { type: 'session.lost'; lastSeq: number };

function seenShows(context: ClientContext, seq: number): string | undefined {
  return context.history.find(([s]) => s === seq)?.[1];
}

function seenContent(context: ClientContext, seq: number): string | undefined {
  return context.history.find(([s]) => s === seq)?.[2];
}

function verdict(context: ClientContext, event: ClientEvent) {
  return classifyFrame(context.lastSeq, (s) => seenContent(context, s), event.frame);
}

export const clientMachine = setup({
  types: {
    context: {} as ClientContext,
    input: {} as ClientInput,
    events: {} as ClientEvent,
    emitted: {} as ClientEmitted,
  },
  guards: {
    isNext: ({ context, event }) => verdict(context, event) === 'next',
    isGap: ({ context, event }) => verdict(context, event) === 'gap',
    isDuplicate: ({ context, event }) => verdict(context, event) === 'duplicate',
  },
  actions: {
    showFrame: assign(({ context, event }) => ({
      gaps: context.gaps + Math.max(0, event.frame.seq - context.lastSeq - 1),
      lastSeq: event.frame.seq,
      shows: event.frame.shows,
      showsUs: event.frame.drawnUs ?? null,
      history: [...context.history, [event.frame.seq, event.frame.shows, frameContent(event.frame)] as const].slice(-CLIENT_HISTORY),
      framesReceived: context.framesReceived + 1,
      lastFrameAtUs: event.atUs,
      lastNewFrameAtUs: event.atUs,
      maxIntervalUs: Math.max(context.maxIntervalUs, event.atUs - context.lastNewFrameAtUs),
    })),
    announceShown: emit(({ event }) => ({ type: 'frame.shown' as const, seq: event.frame.seq, shows: event.frame.shows })),
    announceGap: emit(({ context, event }) => ({ type: 'frame.gap' as const, seq: event.frame.seq, missing: event.frame.seq - context.lastSeq - 1 })),
    countDuplicate: assign(({ context, event }) => ({ duplicates: context.duplicates + 1, framesReceived: context.framesReceived + 1, lastFrameAtUs: event.atUs })),
    announceDuplicate: emit(({ event }) => ({ type: 'frame.duplicate' as const, seq: event.frame.seq })),
    countRollback: assign(({ context, event }) => ({ rollbacks: context.rollbacks + 1, framesReceived: context.framesReceived + 1, lastFrameAtUs: event.atUs })),
    announceReset: emit(({ context, event }) => ({
      type: 'session.reset' as const,
      seq: event.frame.seq,
      sawShows: seenShows(context, event.frame.seq) ?? context.shows ?? '',
      gotShows: event.frame.shows,
    })),
    announceLost: emit(({ context }) => ({ type: 'session.lost' as const, lastSeq: context.lastSeq })),
  },
  delays: {
    clientTimeout: ({ context }) => context.clientTimeoutMs,
  },
}).createMachine({
  id: 'client',
  description: 'The VNC viewer outside: it keeps the last frame and its sequence number to notice gaps, duplicates and rollbacks (DESIGN §5).',
  context: ({ input }) => ({
    ...input,
    lastSeq: 0,
    shows: null,
    showsUs: null,
    history: [],
    framesReceived: 0,
    gaps: 0,
    duplicates: 0,
    rollbacks: 0,
    lastFrameAtUs: null,
    lastNewFrameAtUs: 0,
    maxIntervalUs: 0,
  }),
  initial: 'connected',
  states: {
    connected: {
      tags: ['session-up'],
      description: 'The VNC session is up: each frame is judged by its sequence number and content.',
      on: {
        'vnc.frame': [
          { guard: 'isNext', target: 'connected', reenter: true, actions: ['showFrame', 'announceShown'], description: 'The next frame in sequence: show it (and wait clientTimeoutMs again).' },
          { guard: 'isGap', target: 'connected', reenter: true, actions: ['announceGap', 'showFrame', 'announceShown'], description: 'Frames are missing: outputs were lost on the way.' },
          { guard: 'isDuplicate', target: 'connected', reenter: true, actions: ['countDuplicate', 'announceDuplicate'], description: 'A frame seen before, identical: harmless (Kemari re-issues its pending event).' },
          { target: 'reset', actions: ['countRollback', 'announceReset'], description: 'Rollback: the server no longer knows what the client saw. TCP resets the connection.' },
        ],
      },
      after: {
        clientTimeout: { target: 'lost', actions: 'announceLost', description: 'No frame for clientTimeoutMs: the viewer gives up on the session.' },
      },
    },
    reset: { tags: ['session-down'], description: 'Connection reset after a rollback: the session is broken.' },
    lost: { tags: ['session-down'], description: 'Connection lost: nothing came for clientTimeoutMs.' },
  },
});
