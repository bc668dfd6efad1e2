/**
 * The exactness criteria: with no latency, no resume time, no framebuffer, no packets, no
 * disk writes and a round-robin writer, the simulator reproduces the worked examples of
 * research/domain-facts.md §2.4 (Ex1–Ex5, published numbers, not today's output) and Clark's
 * stop-and-copy arithmetic (§1.8, Ex7).
 */
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import { runResult } from '../../src/world/result';
import { createWorld } from '../../src/world/world';

/** One page (and the vCPU state, sent as one page's worth) in µs at `mbps`. */
const pageUs = (mbps: number) => (4096 * 8) / mbps;

const EXACT: [string, string][] = [
  ['latencyUs', '0'],
  ['resumeMs', '0'],
  ['framebufferPages', '0'],
  ['packetsPerSec', '0'],
  ['diskWritesPerSec', '0'],
  ['writer', 'round-robin'],
  // No suspend handshake: the worked examples count page transfers only.
  ['migrationSuspendMs', '0'],
];

function migrate(params: Record<string, string | number>, until: string) {
  const { spec, errors } = resolveRun({
    scenario: 'migration',
    until,
    params: [...EXACT, ...Object.entries(params).map(([k, v]) => [k, String(v)] as [string, string])],
    faults: [],
  });
  expect(errors).toEqual([]);
  const world = createWorld(spec);
  world.runUntil(spec.untilUs);
  const result = runResult(world, spec.untilUs);
  const m = result.metrics.migration;
  if (!m) throw new Error('no migration metrics');
  return { result, m };
}

/** A published example: its rounds (the last is the stop-and-copy), stop reason and times (µs, without the vCPU page). */
interface Example {
  readonly params: Record<string, string | number>;
  readonly mbps: number;
  readonly rounds: readonly number[];
  readonly stopReason: string;
  readonly totalPages: number;
  readonly totalTimeUs: number;
  readonly downtimeUs: number;
}

/** Dirty rates of the examples in pages/s: D / 32,768 bits. */
const rate = (mbps: number) => (mbps * 1e6) / 32_768;

const geometric = (first: number, ratio: number, count: number) => Array.from({ length: count }, (_, k) => first * ratio ** k);

const EXAMPLES: Record<string, Example> = {
  // Ex1: N = 262,144, R = 1 Gbit/s, D = 250 Mbit/s. Rounds 262,144 ÷ 4 ... 16 (8 live), then 4.
  Ex1: {
    params: { memoryPages: 262_144, dirtyPagesPerSec: rate(250), hotSetPages: 262_144 },
    mbps: 1000,
    rounds: geometric(262_144, 1 / 4, 9),
    stopReason: 'few-pages',
    totalPages: 349_524,
    totalTimeUs: 11_453_202.432,
    downtimeUs: 131.072,
  },
  // Ex2: N = 131,072, D = 500 Mbit/s. 13 live rounds down to 32, then 16.
  Ex2: {
    params: { memoryPages: 131_072, dirtyPagesPerSec: rate(500), hotSetPages: 131_072 },
    mbps: 1000,
    rounds: geometric(131_072, 1 / 2, 14),
    stopReason: 'few-pages',
    totalPages: 262_128,
    totalTimeUs: 8_589_410.304,
    downtimeUs: 524.288,
  },
  // Ex3: λ = 0.9: 131,072 → 117,964 → 106,167 → 95,550, total 450,753 > 3N, then 85,995.
  Ex3: {
    params: { memoryPages: 131_072, dirtyPagesPerSec: rate(900), hotSetPages: 131_072 },
    mbps: 1000,
    rounds: [131_072, 117_964, 106_167, 95_550, 85_995],
    stopReason: 'max-factor',
    totalPages: 536_748,
    totalTimeUs: 17_588_158.464,
    downtimeUs: 2_817_884.16,
  },
  // Ex4: λ = 2 at 100 Mbit/s: every round sends all of memory; 3N exactly goes on, 4N stops; 5N in all.
  Ex4: {
    params: { memoryPages: 131_072, dirtyPagesPerSec: rate(200), hotSetPages: 131_072, bandwidthMbps: 100 },
    mbps: 100,
    rounds: [131_072, 131_072, 131_072, 131_072, 131_072],
    stopReason: 'max-factor',
    totalPages: 655_360,
    totalTimeUs: 214_748_364.8,
    downtimeUs: 42_949_672.96,
  },
  // Ex5: a hot set of 1,024 pages rewritten at 50,000 pages/s: 29 live rounds, then 1,024.
  Ex5: {
    params: { memoryPages: 262_144, dirtyPagesPerSec: 50_000, hotSetPages: 1024 },
    mbps: 1000,
    rounds: [262_144, ...Array<number>(29).fill(1024)],
    stopReason: 'max-rounds',
    totalPages: 291_840,
    totalTimeUs: 9_563_013.12,
    downtimeUs: 33_554.432,
  },
  // Ex2 under migration v2: 5 live rounds (last 8,192), then 4,096.
  'Ex2 (xen-v2)': {
    params: { memoryPages: 131_072, dirtyPagesPerSec: rate(500), hotSetPages: 131_072, stopPolicy: 'xen-v2' },
    mbps: 1000,
    rounds: [131_072, 65_536, 32_768, 16_384, 8192, 4096],
    stopReason: 'max-rounds',
    totalPages: 258_048,
    totalTimeUs: 8_455_716,
    downtimeUs: 134_217.728,
  },
  // Ex5 under migration v2: 5 live rounds, same downtime, 267,264 pages.
  'Ex5 (xen-v2)': {
    params: { memoryPages: 262_144, dirtyPagesPerSec: 50_000, hotSetPages: 1024, stopPolicy: 'xen-v2' },
    mbps: 1000,
    rounds: [262_144, 1024, 1024, 1024, 1024, 1024],
    stopReason: 'max-rounds',
    totalPages: 267_264,
    totalTimeUs: 8_757_707,
    downtimeUs: 33_554.432,
  },
};

const batches = (pages: number) => Math.max(1, Math.ceil(pages / 1024));
/** The tolerance: 0.1% or 1 µs per batch, whichever is larger. */
const tolerance = (expectedUs: number, batchCount: number) => Math.max(0.001 * expectedUs, batchCount);

describe('pre-copy reproduces the worked examples of domain-facts §2.4', () => {
  for (const [name, ex] of Object.entries(EXAMPLES)) {
    it(`${name}: ${ex.rounds.length} iterations, stop "${ex.stopReason}", rounds, total time and downtime as published`, () => {
      // Run to a second past the published end, so the heartbeats of an idle tail cost nothing.
      const { result, m } = migrate({ bandwidthMbps: ex.mbps, ...ex.params }, `${Math.ceil(ex.totalTimeUs / 1e6) + 2}s`);
      expect(m.outcome).toBe('completed');
      expect(m.stopReason).toBe(ex.stopReason);
      expect(m.rounds.map((r) => r.index)).toEqual(ex.rounds.map((_, i) => i + 1));

      // Within 2 pages per round of the published figures.
      const sent = m.rounds.map((r) => r.pagesSent);
      sent.forEach((pages, i) => expect(Math.abs(pages - ex.rounds[i]), `round ${i + 1}: ${pages} vs ${ex.rounds[i]}`).toBeLessThanOrEqual(2));
      expect(Math.abs(m.totalPagesSent - ex.totalPages)).toBeLessThanOrEqual(2 * ex.rounds.length);
      expect(m.totalPagesSent).toBe(sent.reduce((a, b) => a + b, 0));

      // Times: the published figure plus the vCPU state (one page) in the final round.
      const vcpu = pageUs(ex.mbps);
      const allBatches = ex.rounds.reduce((a, p) => a + batches(p), 0);
      const finalBatches = batches(ex.rounds[ex.rounds.length - 1]);
      expect(m.totalTimeUs).not.toBeNull();
      expect(m.downtimeUs).not.toBeNull();
      expect(Math.abs(m.totalTimeUs! - (ex.totalTimeUs + vcpu))).toBeLessThanOrEqual(tolerance(ex.totalTimeUs + vcpu, allBatches));
      expect(Math.abs(m.downtimeUs! - (ex.downtimeUs + vcpu))).toBeLessThanOrEqual(tolerance(ex.downtimeUs + vcpu, finalBatches));

      // Each round lasts its pages x 32,768 bits / bandwidth (the final one a page more), back to back from 1 s.
      expect(m.rounds[0].startUs).toBe(1_000_000);
      m.rounds.forEach((r, i) => {
        const last = i === m.rounds.length - 1;
        const expected = (r.pagesSent + (last ? 1 : 0)) * pageUs(ex.mbps);
        expect(Math.abs(r.endUs - r.startUs - expected), `round ${r.index} lasts ${r.endUs - r.startUs} µs`).toBeLessThanOrEqual(batches(r.pagesSent) + 1);
        expect(r.rateBitsPerSec).toBe(ex.mbps * 1e6);
        if (i > 0) expect(r.startUs).toBe(m.rounds[i - 1].endUs);
      });
      // Downtime is the final round's transfer; the migration ends when that round does.
      const final = m.rounds[m.rounds.length - 1];
      expect(m.downtimeUs).toBe(final.endUs - final.startUs);
      expect(m.totalTimeUs).toBe(final.endUs - 1_000_000);

      for (const inv of result.invariants) expect(inv.holds, `${inv.name}: ${inv.detail}`).toBe(true);
    }, 20_000);
  }
});

describe("Clark's stop-and-copy arithmetic (§1.8, Ex7): 512 x 10^6 bytes", () => {
  for (const [mbps, seconds] of [
    [128, 32],
    [256, 16],
    [512, 8],
  ] as const) {
    it(`at ${mbps} Mbit/s takes ${seconds} s of downtime and of total time (plus the vCPU page)`, () => {
      const { result, m } = migrate({ memoryPages: 125_000, dirtyPagesPerSec: 2000, hotSetPages: 1024, stopPolicy: 'stop-and-copy', bandwidthMbps: mbps }, '40s');
      const expected = seconds * 1e6 + pageUs(mbps);
      expect(m.outcome).toBe('completed');
      expect(m.stopReason).toBe('stop-and-copy');
      expect(m.rounds).toHaveLength(1);
      expect(m.rounds[0].pagesSent).toBe(125_000);
      expect(m.totalPagesSent).toBe(125_000);
      expect(Math.abs(m.downtimeUs! - expected)).toBeLessThanOrEqual(0.001 * expected);
      expect(Math.abs(m.totalTimeUs! - expected)).toBeLessThanOrEqual(0.001 * expected);
      for (const inv of result.invariants) expect(inv.holds, `${inv.name}: ${inv.detail}`).toBe(true);
    }, 20_000);
  }

  it('the downtime halves as the bandwidth doubles (to the microsecond)', () => {
    const down = [128, 256, 512].map((mbps) => migrate({ memoryPages: 125_000, dirtyPagesPerSec: 0, stopPolicy: 'stop-and-copy', bandwidthMbps: mbps }, '40s').m.downtimeUs!);
    expect(Math.abs(down[0] - 2 * down[1])).toBeLessThanOrEqual(1);
    expect(Math.abs(down[1] - 2 * down[2])).toBeLessThanOrEqual(1);
  }, 20_000);
});
