/**
 * Pre-copy live migration arithmetic, as Xen's save loop does it: stop policies, Clark's adaptive
 * rate limit, batches of 1024 pages, and the per-round record the metrics print. Pure functions.
 * @see research/domain-facts.md §1.4–1.6 (CLEAN/PEEK, stop conditions, dynamic rate limiting), §2.4
 */
import { PAGE_BITS } from './memory';
import type { Micros } from './time';

/** Pages per batch: `BATCH_SIZE 1024 /* 1024 pages (4MB) at a time *\/` in xc_linux_save.c. */
export const BATCH_PAGES = 1024;
/** Xen 3.x: at most 29 live rounds (30 iterations with the final one). */
export const XEN3_MAX_LIVE_ROUNDS = 29;
/** Xen 3.x: never send more than 3 x N pages in live rounds. */
export const XEN3_MAX_FACTOR = 3;
/** Xen: a live round that sent (+ skipped) fewer than this many pages ends pre-copy. */
export const DIRTY_THRESHOLD_PAGES = 50;
/** Xen migration v2: at most 5 live rounds. */
export const XEN_V2_MAX_LIVE_ROUNDS = 5;
/** Clark's adaptive rate: start, increment and cap, Mbit/s (10^6 bits). */
export const ADAPTIVE_START_BPS = 100e6;
export const ADAPTIVE_INCREMENT_BPS = 50e6;
export const ADAPTIVE_MAX_BPS = 500e6;

export type StopPolicy = 'xen3' | 'xen-v2' | 'qemu' | 'stop-and-copy';
export type RateLimit = 'none' | 'adaptive';
export type StopReason =
  | 'few-pages'
  | 'max-rounds'
  | 'max-factor'
  | 'rate-at-max'
  | 'below-downtime-limit'
  | 'stop-and-copy';

/** One round of the migration, as the runner prints it (rounds include the final one). */
export interface RoundRecord {
  readonly index: number;
  readonly pagesSent: number;
  /** Pages skipped because they were dirtied again before being sent (skipRedirtied). */
  readonly pagesSkipped: number;
  readonly startUs: Micros;
  readonly endUs: Micros;
  readonly rateBitsPerSec: number;
  /** Pages dirtied while the round ran (what the next round must send). */
  readonly pagesDirtied: number;
  readonly final: boolean;
}

/** What a stop rule looks at after a live round. */
export interface RoundOutcome {
  readonly policy: StopPolicy;
  readonly rateLimit: RateLimit;
  /** Live rounds done so far, this one included (from 1). */
  readonly round: number;
  readonly sentThisRound: number;
  readonly skippedThisRound: number;
  readonly sentLastRound: number;
  readonly totalSent: number;
  readonly pageCount: number;
  /** Pages dirty now: what the next round (or the stop-and-copy) would send. */
  readonly dirtyPages: number;
  /** The rate the round's batches went at (the link's, or less under a limit). */
  readonly rateBitsPerSec: number;
  /** The adaptive limit itself (defaults to `rateBitsPerSec`): "at the maximum rate" compares this. */
  readonly limitBitsPerSec?: number;
  readonly downtimeLimitMs: number;
}

/**
 * Whether pre-copy stops after this live round, and why (null: go on).
 * - xen3: sent + skipped < 50, or 29 live rounds, or total > 3N (strict); with the adaptive rate
 *   also "sent more than last round while at the maximum rate" (the 2005 code's clause).
 * - xen-v2: fewer than 50 dirty, or 5 live rounds.
 * - qemu: the remaining bytes fit in bandwidth x downtime limit.
 */
export function stopReason(o: RoundOutcome): StopReason | null {
  switch (o.policy) {
    case 'stop-and-copy':
      return 'stop-and-copy';
    case 'xen3':
      if (o.rateLimit === 'adaptive' && o.sentThisRound > o.sentLastRound && (o.limitBitsPerSec ?? o.rateBitsPerSec) >= ADAPTIVE_MAX_BPS) return 'rate-at-max';
      if (o.sentThisRound + o.skippedThisRound < DIRTY_THRESHOLD_PAGES) return 'few-pages';
      if (o.round >= XEN3_MAX_LIVE_ROUNDS) return 'max-rounds';
      if (o.totalSent > XEN3_MAX_FACTOR * o.pageCount) return 'max-factor';
      return null;
    case 'xen-v2':
      if (o.dirtyPages < DIRTY_THRESHOLD_PAGES) return 'few-pages';
      if (o.round >= XEN_V2_MAX_LIVE_ROUNDS) return 'max-rounds';
      return null;
    case 'qemu': {
      const remainingBits = o.dirtyPages * PAGE_BITS;
      return remainingBits < o.rateBitsPerSec * (o.downtimeLimitMs / 1000) ? 'below-downtime-limit' : null;
    }
  }
}

/**
 * Clark's adaptive rate after a round: the measured dirty rate plus 50 Mbit/s when that is higher
 * than the current limit (the limit never falls), capped at 500 Mbit/s.
 */
export function nextAdaptiveRate(currentBps: number, pagesDirtied: number, roundUs: Micros): number {
  if (roundUs <= 0) return currentBps;
  const dirtyBps = (pagesDirtied * PAGE_BITS * 1e6) / roundUs;
  return Math.max(currentBps, Math.min(dirtyBps + ADAPTIVE_INCREMENT_BPS, ADAPTIVE_MAX_BPS));
}

/** The rate a batch goes at: the link's bandwidth, or less under a rate limit. */
export function sendRate(linkBps: number, rateLimit: RateLimit, limitBps: number): number {
  return rateLimit === 'adaptive' ? Math.min(linkBps, limitBps) : linkBps;
}
