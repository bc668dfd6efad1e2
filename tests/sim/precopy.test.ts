import { describe, expect, it } from 'vitest';
import { PAGE_BITS } from '../../src/sim/memory';
import {
  ADAPTIVE_INCREMENT_BPS,
  ADAPTIVE_MAX_BPS,
  ADAPTIVE_START_BPS,
  BATCH_PAGES,
  DIRTY_THRESHOLD_PAGES,
  nextAdaptiveRate,
  sendRate,
  stopReason,
  XEN3_MAX_FACTOR,
  XEN3_MAX_LIVE_ROUNDS,
  XEN_V2_MAX_LIVE_ROUNDS,
  type RoundOutcome,
} from '../../src/sim/precopy';

const N = 262_144;

/** A live round that triggers no rule of any policy: round 3 of 29, plenty sent, plenty dirty. */
function outcome(over: Partial<RoundOutcome> = {}): RoundOutcome {
  return {
    policy: 'xen3',
    rateLimit: 'none',
    round: 3,
    sentThisRound: 10_000,
    skippedThisRound: 0,
    sentLastRound: 20_000,
    totalSent: N + 30_000,
    pageCount: N,
    dirtyPages: 100_000,
    rateBitsPerSec: 1e9,
    downtimeLimitMs: 300,
    ...over,
  };
}

/** Pages dirtied in `roundUs` that make a dirty rate of `mbps` Mbit/s. */
const pagesAt = (mbps: number, roundUs: number) => (mbps * 1e6 * roundUs) / 1e6 / PAGE_BITS;

describe('the constants are those of the sources', () => {
  it('Xen: batches of 1024, 29 live rounds, factor 3, threshold 50; v2: 5 rounds; Clark: 100/+50/500 Mbit/s', () => {
    expect(BATCH_PAGES).toBe(1024);
    expect(XEN3_MAX_LIVE_ROUNDS).toBe(29);
    expect(XEN3_MAX_FACTOR).toBe(3);
    expect(DIRTY_THRESHOLD_PAGES).toBe(50);
    expect(XEN_V2_MAX_LIVE_ROUNDS).toBe(5);
    expect([ADAPTIVE_START_BPS, ADAPTIVE_INCREMENT_BPS, ADAPTIVE_MAX_BPS]).toEqual([100e6, 50e6, 500e6]);
  });
});

describe('stopReason: xen3', () => {
  it('goes on while no rule fires', () => {
    expect(stopReason(outcome())).toBeNull();
  });

  it('stops after a live round that sent 49 pages, not 50', () => {
    expect(stopReason(outcome({ sentThisRound: 49 }))).toBe('few-pages');
    expect(stopReason(outcome({ sentThisRound: 50 }))).toBeNull();
  });

  it('counts skipped pages with sent ones (sent + skipped < 50)', () => {
    expect(stopReason(outcome({ sentThisRound: 30, skippedThisRound: 19 }))).toBe('few-pages');
    expect(stopReason(outcome({ sentThisRound: 30, skippedThisRound: 20 }))).toBeNull();
    expect(stopReason(outcome({ sentThisRound: 0, skippedThisRound: 60 }))).toBeNull();
  });

  it('looks at what the round sent, not at what is dirty now', () => {
    expect(stopReason(outcome({ sentThisRound: 5_000, dirtyPages: 3 }))).toBeNull();
    expect(stopReason(outcome({ sentThisRound: 3, dirtyPages: 5_000 }))).toBe('few-pages');
  });

  it('stops after 29 live rounds, not after 28', () => {
    expect(stopReason(outcome({ round: 28 }))).toBeNull();
    expect(stopReason(outcome({ round: 29 }))).toBe('max-rounds');
  });

  it('stops once more than 3N pages were sent: 3N goes on, 3N + 1 stops (strict >)', () => {
    expect(stopReason(outcome({ totalSent: 3 * N }))).toBeNull();
    expect(stopReason(outcome({ totalSent: 3 * N + 1 }))).toBe('max-factor');
  });

  it('the 3N rule is relative to the memory size', () => {
    expect(stopReason(outcome({ pageCount: 1000, totalSent: 3001, sentThisRound: 500 }))).toBe('max-factor');
    expect(stopReason(outcome({ pageCount: 1000, totalSent: 3000, sentThisRound: 500 }))).toBeNull();
  });

  it('ignores the v2 and qemu rules', () => {
    // Round 5 and a remainder far below bandwidth x 300 ms: neither matters to xen3.
    expect(stopReason(outcome({ round: 5, dirtyPages: 60 }))).toBeNull();
  });

  describe('the adaptive rate-at-max clause (2005 code)', () => {
    const atMax = { rateLimit: 'adaptive' as const, rateBitsPerSec: ADAPTIVE_MAX_BPS };

    it('stops when a round at the maximum rate sent more than the one before', () => {
      expect(stopReason(outcome({ ...atMax, sentThisRound: 20_001, sentLastRound: 20_000 }))).toBe('rate-at-max');
    });

    it('goes on when the round sent as many as the one before, or fewer', () => {
      expect(stopReason(outcome({ ...atMax, sentThisRound: 20_000, sentLastRound: 20_000 }))).toBeNull();
      expect(stopReason(outcome({ ...atMax, sentThisRound: 19_999, sentLastRound: 20_000 }))).toBeNull();
    });

    it('goes on below the maximum rate', () => {
      expect(stopReason(outcome({ rateLimit: 'adaptive', rateBitsPerSec: 499e6, sentThisRound: 30_000, sentLastRound: 20_000 }))).toBeNull();
    });

    it('does not apply without the adaptive rate limit', () => {
      expect(stopReason(outcome({ rateLimit: 'none', rateBitsPerSec: 1e9, sentThisRound: 30_000, sentLastRound: 20_000 }))).toBeNull();
    });
  });
});

describe('stopReason: xen-v2', () => {
  const v2 = (over: Partial<RoundOutcome>) => outcome({ policy: 'xen-v2', round: 2, ...over });

  it('stops when fewer than 50 pages are dirty (49 stops, 50 goes on)', () => {
    expect(stopReason(v2({ dirtyPages: 49 }))).toBe('few-pages');
    expect(stopReason(v2({ dirtyPages: 50 }))).toBeNull();
  });

  it('looks at the dirty count, not at what the round sent', () => {
    expect(stopReason(v2({ sentThisRound: 3, dirtyPages: 5_000 }))).toBeNull();
  });

  it('stops after 5 live rounds, not after 4', () => {
    expect(stopReason(v2({ round: 4 }))).toBeNull();
    expect(stopReason(v2({ round: 5 }))).toBe('max-rounds');
  });

  it('has no 3N rule', () => {
    expect(stopReason(v2({ totalSent: 4 * N }))).toBeNull();
  });
});

describe('stopReason: qemu', () => {
  // 1 Gbit/s x 300 ms = 3 x 10^8 bits = 9155.27 pages.
  const q = (over: Partial<RoundOutcome>) => outcome({ policy: 'qemu', round: 7, ...over });

  it('stops when the remaining bytes fit in bandwidth x downtime limit: 9155 pages stop, 9156 go on', () => {
    expect(stopReason(q({ dirtyPages: 9155 }))).toBe('below-downtime-limit');
    expect(stopReason(q({ dirtyPages: 9156 }))).toBeNull();
  });

  it('scales with the bandwidth and the downtime limit', () => {
    // 100 Mbit/s x 300 ms = 915.5 pages; 1 Gbit/s x 30 ms = 915.5 pages.
    expect(stopReason(q({ dirtyPages: 915, rateBitsPerSec: 100e6 }))).toBe('below-downtime-limit');
    expect(stopReason(q({ dirtyPages: 916, rateBitsPerSec: 100e6 }))).toBeNull();
    expect(stopReason(q({ dirtyPages: 916, downtimeLimitMs: 30 }))).toBeNull();
    expect(stopReason(q({ dirtyPages: 916, downtimeLimitMs: 31 }))).toBe('below-downtime-limit');
  });

  it('has neither a round limit nor a 3N rule', () => {
    expect(stopReason(q({ round: 100, totalSent: 10 * N }))).toBeNull();
  });

  it('is strict: a remainder exactly equal to the threshold goes on', () => {
    // 1000 pages = 32,768,000 bits = 32.768 Mbit/s x 1000 ms.
    expect(stopReason(q({ dirtyPages: 1000, rateBitsPerSec: 32.768e6, downtimeLimitMs: 1000 }))).toBeNull();
    expect(stopReason(q({ dirtyPages: 999, rateBitsPerSec: 32.768e6, downtimeLimitMs: 1000 }))).toBe('below-downtime-limit');
  });
});

describe('stopReason: stop-and-copy', () => {
  it('always stops: there are no live rounds', () => {
    expect(stopReason(outcome({ policy: 'stop-and-copy' }))).toBe('stop-and-copy');
    expect(stopReason(outcome({ policy: 'stop-and-copy', round: 1, totalSent: 0, dirtyPages: 1_000_000 }))).toBe('stop-and-copy');
  });
});

describe('nextAdaptiveRate', () => {
  const round = 1_000_000; // one second

  it('keeps the start limit of 100 Mbit/s while dirty rate + 50 is not higher', () => {
    expect(nextAdaptiveRate(ADAPTIVE_START_BPS, 0, round)).toBe(100e6);
    expect(nextAdaptiveRate(ADAPTIVE_START_BPS, pagesAt(6.25, round), round)).toBe(100e6);
    expect(nextAdaptiveRate(ADAPTIVE_START_BPS, pagesAt(50, round), round)).toBe(100e6);
  });

  it('raises the limit to the measured dirty rate + 50 Mbit/s when that is higher', () => {
    expect(nextAdaptiveRate(100e6, pagesAt(65.536, round), round)).toBeCloseTo(115.536e6, 0);
    expect(nextAdaptiveRate(100e6, pagesAt(200, round), round)).toBeCloseTo(250e6, 0);
    // The dirty rate is per the round's own duration: the same pages in half the time is twice the rate.
    expect(nextAdaptiveRate(100e6, pagesAt(100, round), round / 2)).toBeCloseTo(250e6, 0);
  });

  it('measures in 10^6 bits per Mbit and 32,768 bits per page', () => {
    // 3051.7578125 pages in 1 s = exactly 100 x 10^6 bit/s.
    expect(nextAdaptiveRate(100e6, 3051.7578125, round)).toBe(150e6);
  });

  it('never falls', () => {
    expect(nextAdaptiveRate(300e6, pagesAt(10, round), round)).toBe(300e6);
    expect(nextAdaptiveRate(300e6, 0, round)).toBe(300e6);
  });

  it('is capped at 500 Mbit/s', () => {
    expect(nextAdaptiveRate(100e6, pagesAt(460, round), round)).toBe(500e6);
    expect(nextAdaptiveRate(100e6, pagesAt(10_000, round), round)).toBe(500e6);
    expect(nextAdaptiveRate(500e6, pagesAt(10_000, round), round)).toBe(500e6);
  });

  it('a round of no duration leaves the limit alone', () => {
    expect(nextAdaptiveRate(200e6, 1000, 0)).toBe(200e6);
  });

  it('iterated from the start it is non-decreasing and stays within [100, 500] Mbit/s', () => {
    let rate = ADAPTIVE_START_BPS;
    for (const mbps of [5, 80, 30, 300, 120, 700, 0, 1000]) {
      const next = nextAdaptiveRate(rate, pagesAt(mbps, round), round);
      expect(next).toBeGreaterThanOrEqual(rate);
      expect(next).toBeLessThanOrEqual(ADAPTIVE_MAX_BPS);
      rate = next;
    }
    expect(rate).toBe(500e6);
  });
});

describe('sendRate', () => {
  it('is the link bandwidth without a rate limit, whatever the limit says', () => {
    expect(sendRate(1e9, 'none', 100e6)).toBe(1e9);
    expect(sendRate(100e6, 'none', 500e6)).toBe(100e6);
  });

  it('is the limit under the adaptive rate, but never more than the link', () => {
    expect(sendRate(1e9, 'adaptive', 100e6)).toBe(100e6);
    expect(sendRate(1e9, 'adaptive', 500e6)).toBe(500e6);
    expect(sendRate(128e6, 'adaptive', 500e6)).toBe(128e6);
  });
});
