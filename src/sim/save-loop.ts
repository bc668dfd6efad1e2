/**
 * Xen's save loop as plain data: which pages each pre-copy round sends, in batches of 1024, and when
 * a round ends and the stop rule fires. Round 1 sends every page; round k the pages dirtied during
 * round k-1 (CLEAN of the log-dirty bitmap); with `skipRedirtied` a live round PEEKs the bitmap before
 * each batch and skips pages dirtied again since the round began; the final round, with the guest
 * suspended, sends what is still dirty and the vCPU state. The world owns the loop and the memory and
 * runs these named steps; the pre-copy machine (src/machines/precopy.machine.ts) keeps the stages and
 * emits what each step did, in order. The steps mutate the loop and CLEAN the memory: nothing else.
 * @see research/domain-facts.md §1.4 (CLEAN, PEEK, skip), §1.5 (stop rules), §1.6 (rate limiting)
 */
import type { GuestMemory } from './memory';
import {
  ADAPTIVE_START_BPS,
  BATCH_PAGES,
  nextAdaptiveRate,
  sendRate,
  stopReason,
  type RateLimit,
  type RoundRecord,
  type StopPolicy,
  type StopReason,
} from './precopy';
import type { Micros } from './time';

export interface SaveLoopSettings {
  readonly policy: StopPolicy;
  readonly rateLimit: RateLimit;
  readonly skipRedirtied: boolean;
  readonly linkBitsPerSec: number;
  readonly downtimeLimitMs: number;
}

/** One batch on its way to B: the pages and their versions at the moment they were read. */
export interface Batch {
  readonly round: number;
  readonly pages: Int32Array;
  readonly versions: Uint32Array;
  /** The last batch of the stop-and-copy round: it also carries the vCPU state (one page's worth). */
  readonly final: boolean;
  readonly rateBitsPerSec: number;
}

/** What one step of the loop did, in order: a round began, a batch left, a round ended (maybe stopping pre-copy). */
export type SaveStep =
  | { readonly kind: 'round.start'; readonly round: number; readonly pages: number; readonly final: boolean; readonly rateBitsPerSec: number }
  | { readonly kind: 'batch'; readonly batch: Batch }
  | { readonly kind: 'round.end'; readonly round: number; readonly sent: number; readonly skipped: number; readonly dirtied: number; readonly final: boolean; readonly stop: StopReason | null };

/** What the loop waits for after its steps: a batch to leave, the guest to be suspended (stop-and-copy), or B's report of a complete image. */
export type SaveWait = 'batch' | 'suspend' | 'image';

export interface SaveProgress {
  readonly steps: readonly SaveStep[];
  readonly waits: SaveWait;
}

/** The loop's state: plain data, read by the frame and the metrics. */
export interface SaveLoop extends SaveLoopSettings {
  /** The round in progress (live rounds from 1; the final round follows the last live one). */
  round: number;
  final: boolean;
  /** Pages this round must consider, in send order, and how far it got. */
  toSend: Int32Array;
  cursor: number;
  sentThisRound: number;
  skippedThisRound: number;
  sentLastRound: number;
  totalSent: number;
  /** The adaptive limit (or the link's bandwidth without one). */
  rateBitsPerSec: number;
  roundStartUs: Micros;
  batchInFlight: boolean;
  /** The stop-and-copy round's last batch (with the vCPU state) has been sent. */
  finalBatchSent: boolean;
  /** Closed rounds, oldest first (a new array at each close: frames keep the one they saw). */
  rounds: readonly RoundRecord[];
  stopReason: StopReason | null;
  /** Bumped at every step, so that a view of the loop can be cached. */
  version: number;
}

export function createSaveLoop(settings: SaveLoopSettings, pageCount: number): SaveLoop {
  return {
    ...settings,
    round: 0,
    final: false,
    toSend: new Int32Array(0),
    cursor: 0,
    sentThisRound: 0,
    skippedThisRound: 0,
    sentLastRound: pageCount,
    totalSent: 0,
    rateBitsPerSec: settings.linkBitsPerSec,
    roundStartUs: 0,
    batchInFlight: false,
    finalBatchSent: false,
    rounds: [],
    stopReason: null,
    version: 0,
  };
}

/** Every page, in order: round 1 and the stop-and-copy baseline. */
function allPages(n: number): Int32Array {
  const pages = new Int32Array(n);
  for (let i = 0; i < n; i++) pages[i] = i;
  return pages;
}

/**
 * Every page in the pseudo-random order of Xen 2005's `permute()` (xc_linux_save.c): the page number's
 * bits rotated by 10 within the next power of two, retried while out of range. Clark §5.4 scans this
 * way "because dirtying is physically clustered"; with the skip on, the order decides which pages of a
 * working set round 1 reaches before they are written again. Memories of 1024 pages or fewer stay in
 * order (the rotation needs more than 10 bits). Pure.
 */
export function permutedPages(n: number): Int32Array {
  let order = 0;
  for (let i = n - 1; i > 0; i >>= 1) order++;
  if (order <= 10) return allPages(n);
  const mask = (1 << order) - 1;
  const pages = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    let i = k;
    do i = ((i >> (order - 10)) | (i << 10)) & mask;
    while (i >= n);
    pages[k] = i;
  }
  return pages;
}

/**
 * The rate of this round's batches: the link's, or the adaptive limit. The stop-and-copy round goes at
 * the link's full speed: Clark §5.3 sends it "at the maximum allowable rate", and his SPECweb final
 * round moved 18.2 MB in 201 ms (724 Mbit/s), above the 500 Mbit/s cap of the live rounds.
 */
function batchRate(loop: SaveLoop): number {
  return loop.final ? loop.linkBitsPerSec : sendRate(loop.linkBitsPerSec, loop.rateLimit, loop.rateBitsPerSec);
}

function roundStart(loop: SaveLoop): SaveStep {
  return { kind: 'round.start', round: loop.round, pages: loop.toSend.length, final: loop.final, rateBitsPerSec: batchRate(loop) };
}

/**
 * Makes the next batch of up to 1024 pages (null when the round has nothing left to send). A live
 * round with skipRedirtied PEEKs the bitmap and skips pages dirtied again since the round began.
 */
export function nextBatch(loop: SaveLoop, memory: GuestMemory): Batch | null {
  if (loop.batchInFlight) return null;
  if (loop.cursor >= loop.toSend.length && (!loop.final || loop.finalBatchSent)) return null;
  // Straight into a typed array of the most the batch can hold (cut to what it got): no list of numbers first.
  const room = new Int32Array(Math.min(BATCH_PAGES, loop.toSend.length - loop.cursor));
  const skipping = loop.skipRedirtied && !loop.final;
  let cursor = loop.cursor;
  let skipped = 0;
  let n = 0;
  while (cursor < loop.toSend.length && n < BATCH_PAGES) {
    const page = loop.toSend[cursor++];
    if (skipping && memory.isDirty(page)) skipped++;
    else room[n++] = page;
  }
  const batchPages = n === room.length ? room : room.slice(0, n);
  const versions = new Uint32Array(n);
  for (let i = 0; i < n; i++) versions[i] = memory.versions[batchPages[i]];
  const isFinal = loop.final && cursor >= loop.toSend.length;
  const sending = batchPages.length > 0 || isFinal;
  loop.cursor = cursor;
  loop.skippedThisRound += skipped;
  loop.sentThisRound += batchPages.length;
  loop.batchInFlight = sending;
  loop.finalBatchSent ||= isFinal;
  loop.version++;
  return sending ? { round: loop.round, pages: batchPages, versions, final: isFinal, rateBitsPerSec: batchRate(loop) } : null;
}

/** Closes a live round: CLEAN gives the pages dirtied during it (the next round's work); the stop rule decides. */
function closeLiveRound(loop: SaveLoop, memory: GuestMemory, now: Micros): SaveStep {
  const dirtied = memory.clean();
  const totalSent = loop.totalSent + loop.sentThisRound;
  const record: RoundRecord = {
    index: loop.round,
    pagesSent: loop.sentThisRound,
    pagesSkipped: loop.skippedThisRound,
    startUs: loop.roundStartUs,
    endUs: now,
    rateBitsPerSec: sendRate(loop.linkBitsPerSec, loop.rateLimit, loop.rateBitsPerSec),
    pagesDirtied: dirtied.length,
    final: false,
  };
  const reason = stopReason({
    policy: loop.policy,
    rateLimit: loop.rateLimit,
    round: loop.round,
    sentThisRound: loop.sentThisRound,
    skippedThisRound: loop.skippedThisRound,
    sentLastRound: loop.sentLastRound,
    totalSent,
    pageCount: memory.pageCount,
    dirtyPages: dirtied.length,
    rateBitsPerSec: record.rateBitsPerSec,
    limitBitsPerSec: loop.rateBitsPerSec,
    downtimeLimitMs: loop.downtimeLimitMs,
  });
  const step: SaveStep = { kind: 'round.end', round: loop.round, sent: loop.sentThisRound, skipped: loop.skippedThisRound, dirtied: dirtied.length, final: false, stop: reason };
  if (loop.rateLimit === 'adaptive') loop.rateBitsPerSec = nextAdaptiveRate(loop.rateBitsPerSec, dirtied.length, now - loop.roundStartUs);
  loop.rounds = [...loop.rounds, record];
  loop.totalSent = totalSent;
  loop.sentLastRound = loop.sentThisRound;
  loop.stopReason = reason;
  loop.toSend = dirtied;
  loop.version++;
  return step;
}

function closeFinalRound(loop: SaveLoop, now: Micros): SaveStep {
  const record: RoundRecord = {
    index: loop.round,
    pagesSent: loop.sentThisRound,
    pagesSkipped: 0,
    startUs: loop.roundStartUs,
    endUs: now,
    rateBitsPerSec: batchRate(loop),
    pagesDirtied: 0,
    final: true,
  };
  loop.rounds = [...loop.rounds, record];
  loop.totalSent += loop.sentThisRound;
  loop.version++;
  return { kind: 'round.end', round: loop.round, sent: loop.sentThisRound, skipped: 0, dirtied: 0, final: true, stop: null };
}

function beginRound(loop: SaveLoop, round: number, toSend: Int32Array, now: Micros): void {
  loop.round = round;
  loop.toSend = toSend;
  loop.cursor = 0;
  loop.sentThisRound = 0;
  loop.skippedThisRound = 0;
  loop.roundStartUs = now;
  loop.version++;
}

/**
 * Sends batches and closes rounds until the loop must wait: a batch on the wire, the guest to be
 * suspended (the stop rule fired), or B's complete image (the final round is all sent).
 */
function advance(loop: SaveLoop, memory: GuestMemory, now: Micros, steps: SaveStep[]): SaveProgress {
  for (;;) {
    const batch = nextBatch(loop, memory);
    if (batch) {
      steps.push({ kind: 'batch', batch });
      return { steps, waits: 'batch' };
    }
    if (loop.final) {
      steps.push(closeFinalRound(loop, now));
      return { steps, waits: 'image' };
    }
    const end = closeLiveRound(loop, memory, now);
    steps.push(end);
    if (loop.stopReason !== null) return { steps, waits: 'suspend' };
    beginRound(loop, loop.round + 1, loop.toSend, now);
    steps.push(roundStart(loop));
  }
}

/**
 * B granted the reservation: log-dirty starts from a CLEAN bitmap and round 1 plans every page
 * (the stop-and-copy baseline has no live round: it goes straight to suspending the guest).
 */
export function afterGrant(loop: SaveLoop, memory: GuestMemory, now: Micros): SaveProgress {
  if (loop.policy === 'stop-and-copy') return { steps: [], waits: 'suspend' };
  memory.clean();
  if (loop.rateLimit === 'adaptive') loop.rateBitsPerSec = ADAPTIVE_START_BPS;
  loop.final = false;
  // With the skip, round 1 scans in Xen 2005's pseudo-random order, as Clark's measured migrations did.
  beginRound(loop, 1, loop.skipRedirtied ? permutedPages(memory.pageCount) : allPages(memory.pageCount), now);
  return advance(loop, memory, now, [roundStart(loop)]);
}

/** A batch has left host A: send the next, or close the round (and maybe start the next). */
export function afterBatchSent(loop: SaveLoop, memory: GuestMemory, now: Micros): SaveProgress {
  loop.batchInFlight = false;
  return advance(loop, memory, now, []);
}

/**
 * The guest is suspended (stage 3): only now is the bitmap read, so nothing can write behind it. The
 * final round sends what is still dirty (every page, for the stop-and-copy baseline) and the vCPU state.
 */
export function afterSuspend(loop: SaveLoop, memory: GuestMemory, now: Micros): SaveProgress {
  let toSend: Int32Array;
  if (loop.policy === 'stop-and-copy') {
    memory.clean();
    toSend = allPages(memory.pageCount);
  } else {
    // Pages dirtied since the last CLEAN (the last live round's dirt is already planned).
    const since = memory.clean();
    if (since.length === 0) toSend = loop.toSend;
    else {
      const merged = new Set<number>(loop.toSend);
      for (const p of since) merged.add(p);
      toSend = Int32Array.from(merged);
    }
  }
  loop.final = true;
  loop.stopReason ??= 'stop-and-copy';
  beginRound(loop, loop.round + 1, toSend, now);
  return advance(loop, memory, now, [roundStart(loop)]);
}
