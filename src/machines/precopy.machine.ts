/**
 * Pre-copy live migration, the sending side on host A (Xen's save loop after Clark et al.): stage 1
 * reservation, stage 2 iterative pre-copy in rounds (round 1 sends every page, round k the pages
 * dirtied during round k-1) in batches of 1024 pages, stage 3 stop-and-copy (suspend, send what is
 * still dirty and the vCPU state), stage 4 commitment. Until commitment A is primary: any failure
 * aborts and the VM keeps running here. The world carries batches over the link and tells the
 * machine when a batch has left (`batch.sent`) and when B holds a complete image.
 * @see research/domain-facts.md §1.2 (the six stages), §1.4 (CLEAN, PEEK, skip), §1.5 (stop rules)
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { GuestMemory } from '../sim/memory';
import {
  ADAPTIVE_MAX_BPS,
  ADAPTIVE_START_BPS,
  BATCH_PAGES,
  nextAdaptiveRate,
  sendRate,
  stopReason,
  type RateLimit,
  type RoundRecord,
  type StopPolicy,
  type StopReason,
} from '../sim/precopy';
import type { Micros } from '../sim/time';

export interface PrecopyInput {
  readonly memory: GuestMemory;
  readonly policy: StopPolicy;
  readonly rateLimit: RateLimit;
  readonly skipRedirtied: boolean;
  readonly linkBitsPerSec: number;
  readonly downtimeLimitMs: number;
}

export interface PrecopyContext extends PrecopyInput {
  /** The round in progress (live rounds from 1; the final round follows the last live one). */
  readonly round: number;
  readonly final: boolean;
  /** Pages this round must consider, in send order, and how far it got. */
  readonly toSend: Int32Array;
  readonly cursor: number;
  readonly sentThisRound: number;
  readonly skippedThisRound: number;
  readonly sentLastRound: number;
  readonly totalSent: number;
  readonly rateBitsPerSec: number;
  readonly roundStartUs: Micros;
  readonly batchInFlight: boolean;
  /** The stop-and-copy round's last batch (with the vCPU state) has been sent. */
  readonly finalBatchSent: boolean;
  readonly rounds: readonly RoundRecord[];
  readonly stopReason: StopReason | null;
  readonly startedAtUs: Micros | null;
  readonly suspendedAtUs: Micros | null;
  readonly abortReason: string | null;
}

export type PrecopyEvent =
  | { type: 'migrate.start'; atUs: Micros }
  | { type: 'reserve.granted'; atUs: Micros }
  | { type: 'batch.sent'; atUs: Micros }
  | { type: 'guest.suspended'; atUs: Micros }
  | { type: 'image.complete'; atUs: Micros }
  | { type: 'migrate.abort'; atUs: Micros; reason: string };

/** One batch on its way to B: the pages and their versions at the moment they were read. */
export interface Batch {
  readonly round: number;
  readonly pages: Int32Array;
  readonly versions: Uint32Array;
  /** The last batch of the stop-and-copy round: it also carries the vCPU state (one page's worth). */
  readonly final: boolean;
  readonly rateBitsPerSec: number;
}

export type PrecopyEmitted =
  | { type: 'migration.reserve' }
  | { type: 'logdirty.enable' }
  | { type: 'round.start'; round: number; pages: number; final: boolean; rateBitsPerSec: number }
  | { type: 'batch.send'; round: number; pages: number; final: boolean; batch: Batch }
  | { type: 'round.end'; round: number; sent: number; skipped: number; dirtied: number; final: boolean }
  | { type: 'precopy.stop'; reason: StopReason }
  | { type: 'guest.suspend' }
  | { type: 'migration.commit' }
  | { type: 'migration.aborted'; reason: string; resumeGuest: boolean };

/** Every page, in order: round 1 and the stop-and-copy baseline. */
function allPages(n: number): Int32Array {
  const pages = new Int32Array(n);
  for (let i = 0; i < n; i++) pages[i] = i;
  return pages;
}

const atOf = (e: PrecopyEvent) => e.atUs;

export const precopyMachine = setup({
  types: {
    context: {} as PrecopyContext,
    input: {} as PrecopyInput,
    events: {} as PrecopyEvent,
    emitted: {} as PrecopyEmitted,
  },
  guards: {
    isStopAndCopyOnly: ({ context }) => context.policy === 'stop-and-copy',
    isRoundComplete: ({ context }) =>
      !context.batchInFlight && context.cursor >= context.toSend.length && (!context.final || context.finalBatchSent),
    shouldStop: ({ context }) => context.stopReason !== null,
  },
  actions: {
    requestReservation: emit({ type: 'migration.reserve' as const }),
    noteStart: assign({ startedAtUs: ({ event }) => atOf(event) }),
    enableLogDirty: emit({ type: 'logdirty.enable' as const }),
    /** Round 1: CLEAN the bitmap (writes from now on are logged) and plan every page. */
    startFirstRound: enqueueActions(({ context, event, enqueue }) => {
      context.memory.clean();
      const rate = context.rateLimit === 'adaptive' ? ADAPTIVE_START_BPS : context.linkBitsPerSec;
      const toSend = allPages(context.memory.pageCount);
      enqueue.assign({ round: 1, final: false, toSend, cursor: 0, sentThisRound: 0, skippedThisRound: 0, rateBitsPerSec: rate, roundStartUs: atOf(event) });
      enqueue.emit({ type: 'round.start', round: 1, pages: toSend.length, final: false, rateBitsPerSec: sendRate(context.linkBitsPerSec, context.rateLimit, rate) });
    }),
    /**
     * Sends the next batch of up to 1024 pages. With skipRedirtied, a live round PEEKs the bitmap
     * and skips pages dirtied again since the round began: they will go in the next round anyway.
     */
    sendBatch: enqueueActions(({ context, enqueue }) => {
      const { toSend, memory } = context;
      if (context.batchInFlight) return;
      // A round is done when every planned page went; the final round also owes the vCPU state.
      if (context.cursor >= toSend.length && (!context.final || context.finalBatchSent)) return;
      const pages: number[] = [];
      let cursor = context.cursor;
      let skipped = 0;
      while (cursor < toSend.length && pages.length < BATCH_PAGES) {
        const page = toSend[cursor++];
        if (context.skipRedirtied && !context.final && memory.isDirty(page)) skipped++;
        else pages.push(page);
      }
      const batchPages = Int32Array.from(pages);
      const versions = new Uint32Array(batchPages.length);
      for (let i = 0; i < batchPages.length; i++) versions[i] = memory.versions[batchPages[i]];
      const last = cursor >= toSend.length;
      const isFinal = context.final && last;
      const rate = sendRate(context.linkBitsPerSec, context.rateLimit, context.final && context.rateLimit === 'adaptive' ? ADAPTIVE_MAX_BPS : context.rateBitsPerSec);
      const sending = batchPages.length > 0 || isFinal;
      enqueue.assign({
        cursor,
        skippedThisRound: context.skippedThisRound + skipped,
        sentThisRound: context.sentThisRound + batchPages.length,
        batchInFlight: sending,
        finalBatchSent: context.finalBatchSent || isFinal,
      });
      if (sending) {
        const batch: Batch = { round: context.round, pages: batchPages, versions, final: isFinal, rateBitsPerSec: rate };
        enqueue.emit({ type: 'batch.send', round: context.round, pages: batchPages.length, final: batch.final, batch });
      }
    }),
    batchLeft: assign({ batchInFlight: false }),
    /** Closes a live round: CLEAN gives the pages dirtied during it; the stop rule decides. */
    closeLiveRound: enqueueActions(({ context, event, enqueue }) => {
      const now = atOf(event);
      const dirtied = context.memory.clean();
      const totalSent = context.totalSent + context.sentThisRound;
      const record: RoundRecord = {
        index: context.round,
        pagesSent: context.sentThisRound,
        pagesSkipped: context.skippedThisRound,
        startUs: context.roundStartUs,
        endUs: now,
        rateBitsPerSec: sendRate(context.linkBitsPerSec, context.rateLimit, context.rateBitsPerSec),
        pagesDirtied: dirtied.length,
        final: false,
      };
      const reason = stopReason({
        policy: context.policy,
        rateLimit: context.rateLimit,
        round: context.round,
        sentThisRound: context.sentThisRound,
        skippedThisRound: context.skippedThisRound,
        sentLastRound: context.sentLastRound,
        totalSent,
        pageCount: context.memory.pageCount,
        dirtyPages: dirtied.length,
        rateBitsPerSec: record.rateBitsPerSec,
        limitBitsPerSec: context.rateBitsPerSec,
        downtimeLimitMs: context.downtimeLimitMs,
      });
      const rate = context.rateLimit === 'adaptive' ? nextAdaptiveRate(context.rateBitsPerSec, dirtied.length, now - context.roundStartUs) : context.rateBitsPerSec;
      enqueue.emit({ type: 'round.end', round: context.round, sent: context.sentThisRound, skipped: context.skippedThisRound, dirtied: dirtied.length, final: false });
      enqueue.assign({
        rounds: [...context.rounds, record],
        totalSent,
        sentLastRound: context.sentThisRound,
        stopReason: reason,
        rateBitsPerSec: rate,
        // The pages dirtied during this round are the next round's work (or the stop-and-copy's).
        toSend: dirtied,
      });
      if (reason) enqueue.emit({ type: 'precopy.stop', reason });
    }),
    startNextRound: enqueueActions(({ context, event, enqueue }) => {
      // The bitmap was cleaned when the last round closed: the pages to send are already planned.
      const round = context.round + 1;
      enqueue.assign({ round, cursor: 0, sentThisRound: 0, skippedThisRound: 0, roundStartUs: atOf(event) });
      enqueue.emit({ type: 'round.start', round, pages: context.toSend.length, final: false, rateBitsPerSec: sendRate(context.linkBitsPerSec, context.rateLimit, context.rateBitsPerSec) });
    }),
    /**
     * Stage 3, once the guest is suspended: send what is still dirty (and, for the stop-and-copy
     * baseline, every page) plus the vCPU state in the final round, at the cap under a rate limit.
     */
    suspendGuest: enqueueActions(({ event, enqueue }) => {
      enqueue.assign({ suspendedAtUs: atOf(event) });
      enqueue.emit({ type: 'guest.suspend' });
    }),
    startFinalRound: enqueueActions(({ context, event, enqueue }) => {
      // Only now, with the guest confirmed paused, is the bitmap read: nothing can write behind it.
      const now = atOf(event);
      let toSend: Int32Array;
      if (context.policy === 'stop-and-copy') {
        context.memory.clean();
        toSend = allPages(context.memory.pageCount);
      } else {
        // Pages dirtied since the last CLEAN (the last live round's dirt is already planned).
        const since = context.memory.clean();
        if (since.length === 0) toSend = context.toSend;
        else {
          const merged = new Set<number>(context.toSend);
          for (const p of since) merged.add(p);
          toSend = Int32Array.from(merged);
        }
      }
      const round = context.round + 1;
      const rate = context.rateLimit === 'adaptive' ? ADAPTIVE_MAX_BPS : context.rateBitsPerSec;
      enqueue.assign({
        round,
        final: true,
        toSend,
        cursor: 0,
        sentThisRound: 0,
        skippedThisRound: 0,
        roundStartUs: now,
        stopReason: context.stopReason ?? 'stop-and-copy',
      });
      enqueue.emit({ type: 'round.start', round, pages: toSend.length, final: true, rateBitsPerSec: sendRate(context.linkBitsPerSec, context.rateLimit, rate) });
    }),
    closeFinalRound: enqueueActions(({ context, event, enqueue }) => {
      const record: RoundRecord = {
        index: context.round,
        pagesSent: context.sentThisRound,
        pagesSkipped: 0,
        startUs: context.roundStartUs,
        endUs: atOf(event),
        rateBitsPerSec: sendRate(context.linkBitsPerSec, context.rateLimit, context.rateLimit === 'adaptive' ? ADAPTIVE_MAX_BPS : context.rateBitsPerSec),
        pagesDirtied: 0,
        final: true,
      };
      enqueue.emit({ type: 'round.end', round: context.round, sent: context.sentThisRound, skipped: 0, dirtied: 0, final: true });
      enqueue.assign({ rounds: [...context.rounds, record], totalSent: context.totalSent + context.sentThisRound });
    }),
    commit: emit({ type: 'migration.commit' as const }),
    abort: enqueueActions(({ context, event, enqueue }) => {
      const reason = event.type === 'migrate.abort' ? event.reason : 'aborted';
      enqueue.assign({ abortReason: reason });
      enqueue.emit({ type: 'migration.aborted', reason, resumeGuest: context.suspendedAtUs !== null });
    }),
  },
}).createMachine({
  id: 'precopy',
  description: 'Pre-copy live migration, the sending side on host A (Clark et al. 2005, §3.3: stages 0-5).',
  context: ({ input }) => ({
    ...input,
    round: 0,
    final: false,
    toSend: new Int32Array(0),
    cursor: 0,
    sentThisRound: 0,
    skippedThisRound: 0,
    sentLastRound: input.memory.pageCount,
    totalSent: 0,
    rateBitsPerSec: input.linkBitsPerSec,
    roundStartUs: 0,
    batchInFlight: false,
    finalBatchSent: false,
    rounds: [],
    stopReason: null,
    startedAtUs: null,
    suspendedAtUs: null,
    abortReason: null,
  }),
  initial: 'idle',
  states: {
    idle: {
      description: 'Stage 0: the VM runs on host A; nothing is being migrated.',
      on: { 'migrate.start': { target: 'reserving', actions: ['noteStart', 'requestReservation'], description: 'Migrate A to B: stage 1 starts (Clark §3.3).' } },
    },
    reserving: {
      description: 'Stage 1: ask host B to reserve a VM container of the same size. If that fails, the VM simply runs on.',
      on: {
        'reserve.granted': [
          { guard: 'isStopAndCopyOnly', target: 'stopAndCopy', actions: 'enableLogDirty', description: 'B reserved a container; the stop-and-copy baseline skips the live rounds (Clark §3.1).' },
          { target: 'precopy', actions: ['enableLogDirty', 'startFirstRound'], description: 'B reserved a container: log-dirty on, round 1 sends every page (Clark §3.3, stage 2).' },
        ],
        'migrate.abort': { target: 'aborted', actions: 'abort', description: 'Reservation failed: the VM simply runs on at A (Clark §3.3, stage 1).' },
      },
    },
    precopy: {
      description: 'Stage 2: iterative pre-copy. Round 1 sends every page; each later round sends the pages dirtied during the one before, while the VM runs on.',
      initial: 'sending',
      on: { 'migrate.abort': { target: 'aborted', actions: 'abort', description: 'B or the link failed before commitment: abort; the VM runs on at A (Clark §3.3).' } },
      states: {
        sending: {
          entry: 'sendBatch',
          description: "Sending this round's pages in batches of 1024 (4 MiB) while the VM runs (Xen's save loop).",
          always: { guard: 'isRoundComplete', target: 'roundEnd', description: "The round's pages are all sent: close the round." },
          on: { 'batch.sent': { target: 'sending', reenter: true, actions: 'batchLeft', description: 'A batch left: send the next one.' } },
        },
        roundEnd: {
          entry: 'closeLiveRound',
          description: 'A round ended: apply the stop rule (Xen 3: under 50 pages, 29 rounds, or 3N pages sent; domain facts §1.5).',
          always: [
            { guard: 'shouldStop', target: '#precopy.stopAndCopy', description: 'The stop rule fired: go to stop-and-copy.' },
            { target: 'sending', actions: 'startNextRound', description: 'Send the pages dirtied during the round that just ended.' },
          ],
        },
      },
    },
    stopAndCopy: {
      description: 'Stage 3: suspend the VM on A and send the pages still dirty plus the vCPU state. Downtime starts here.',
      entry: 'suspendGuest',
      initial: 'suspending',
      on: { 'migrate.abort': { target: 'aborted', actions: 'abort', description: 'A failure before commitment: abort; A resumes its suspended VM (Clark §3.3, stage 3).' } },
      states: {
        suspending: {
          description: 'Waiting for the guest to stop on A (Clark §3.3, stage 3).',
          on: { 'guest.suspended': { target: 'sending', actions: 'startFinalRound', description: 'The guest is paused: read what is still dirty.' } },
        },
        sending: {
          entry: 'sendBatch',
          description: 'Sending the pages still dirty, then the vCPU state: the VM is down (Clark §3.3, stage 3).',
          always: { guard: 'isRoundComplete', target: 'imageSent', description: 'The last pages and the vCPU state are on their way: wait for B.' },
          on: { 'batch.sent': { target: 'sending', reenter: true, actions: 'batchLeft', description: 'A batch left: send the next one.' } },
        },
        imageSent: {
          entry: 'closeFinalRound',
          description: 'All sent: waiting for B to report a consistent image (Clark §3.3, stage 4).',
          on: { 'image.complete': { target: '#precopy.committed', actions: 'commit', description: 'Stage 4: B holds a consistent image; A commits and may discard its copy.' } },
        },
      },
    },
    committed: {
      type: 'final',
      description: 'Stage 4 done: B is now the primary. A failure of A no longer matters.',
    },
    aborted: {
      type: 'final',
      description: 'Something failed before commitment: the migration is abandoned and the VM runs on A (if A is alive).',
    },
  },
});
