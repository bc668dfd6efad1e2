/**
 * Clark's Xen in the presets (issue 13): the suspend handshake counted in the downtime, the final round
 * at the link's speed, the skip of re-dirtied pages, and a writable working set of several tiers whose
 * rounds level off. Figures are literal values of seeded runs (seed 1), not recomputed by the code.
 * @see docs/fidelity.md ("The presets beside Clark's measured migrations")
 */
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import { runResult } from '../../src/world/result';
import { createWorld } from '../../src/world/world';

function migrate(params: Record<string, string | number>, preset?: string, until?: string) {
  const { spec, errors } = resolveRun({ scenario: 'migration', preset, until, params: Object.entries(params).map(([k, v]) => [k, String(v)] as [string, string]) });
  expect(errors).toEqual([]);
  const world = createWorld(spec);
  world.runUntil(spec.untilUs);
  const result = runResult(world, spec.untilUs);
  const m = result.metrics.migration!;
  const first = (type: string) => world.trace.events.find((e) => e.type === type)?.at ?? null;
  return { spec, result, m, first };
}

const refused = (params: [string, string][]) => resolveRun({ scenario: 'migration', params }).errors;

describe('the new parameters refuse what they cannot be, with the allowed range', () => {
  it('migrationSuspendMs: 0 to 10000 ms, decimals allowed; 30 by default', () => {
    expect(refused([['migrationSuspendMs', '-1']])).toEqual([{ field: 'migrationSuspendMs', message: 'migrationSuspendMs must be a number from 0 to 10000 (ms); got "-1"' }]);
    expect(refused([['migrationSuspendMs', '10001']])[0].field).toBe('migrationSuspendMs');
    expect(refused([['migrationSuspendMs', '37.5']])).toEqual([]);
    expect(resolveRun({ scenario: 'migration' }).spec.params.migrationSuspendMs).toBe(30);
  });

  it('the tiers: whole pages and pages/s, and each tier must fit in what the memory, framebuffer and tiers before it leave', () => {
    expect(refused([['warmSetPages', '2.5']])).toEqual([{ field: 'warmSetPages', message: 'warmSetPages must be a whole number from 0 to 1048576 (pages); got "2.5"' }]);
    expect(refused([['coolDirtyPagesPerSec', '-3']])[0].field).toBe('coolDirtyPagesPerSec');
    // 256 pages of memory, 8 of framebuffer, a hot set of 100: room for 148 warm pages, then none for cool.
    expect(refused([['memoryPages', '256'], ['hotSetPages', '100'], ['warmSetPages', '149']])).toEqual([
      { field: 'warmSetPages', message: 'warmSetPages must be a whole number from 0 to 148 (pages: memory less the framebuffer and the hot set); got "149"' },
    ]);
    expect(refused([['memoryPages', '256'], ['hotSetPages', '100'], ['warmSetPages', '148'], ['coolSetPages', '1']])).toEqual([
      { field: 'coolSetPages', message: 'coolSetPages must be a whole number from 0 to 0 (pages: memory less the framebuffer, the hot set and the warm set); got "1"' },
    ]);
    // A preset's tiers shrink quietly to a smaller memory.
    const { spec, errors } = resolveRun({ scenario: 'migration', preset: 'web-server', params: [['memoryMiB', '40']] });
    expect(errors).toEqual([]);
    expect([spec.params.hotSetPages, spec.params.warmSetPages, spec.params.coolSetPages]).toEqual([4096, 10_240 - 8 - 4096, 0]);
  });

  it('the tiers are parameters of the migration only', () => {
    expect(resolveRun({ scenario: 'remus', params: [['warmSetPages', '10']] }).errors[0].field).toBe('warmSetPages');
  });
});

describe('the suspend handshake is part of the downtime', () => {
  const SMALL = { memoryPages: 8192, bandwidthMbps: 100 };
  it('30 ms of handshake: the final round starts 30 ms after the suspend, and the downtime is 30 ms longer than with none', () => {
    const none = migrate({ ...SMALL, migrationSuspendMs: 0 });
    const thirty = migrate({ ...SMALL, migrationSuspendMs: 30 });
    for (const r of [none, thirty]) expect(r.m.outcome).toBe('completed');
    const suspendAt = thirty.first('guest.suspend')!;
    expect(suspendAt).toBe(none.first('guest.suspend'));
    const final = thirty.m.rounds[thirty.m.rounds.length - 1];
    expect(final.startUs - suspendAt).toBe(30_000);
    // 30 ms more, give or take the final transfer's rounding up to a whole µs (DESIGN §5).
    expect(Math.abs(thirty.m.downtimeUs! - none.m.downtimeUs! - 30_000)).toBeLessThanOrEqual(1);
    expect(Math.abs(thirty.m.totalTimeUs! - none.m.totalTimeUs! - 30_000)).toBeLessThanOrEqual(1);
    // The guest writes nothing while it is being suspended: the final round carries the same pages.
    expect(final.pagesSent).toBe(none.m.rounds[none.m.rounds.length - 1].pagesSent);
    for (const inv of thirty.result.invariants) expect(inv.holds, `${inv.name}: ${inv.detail}`).toBe(true);
  });
});

describe('the stop-and-copy round goes at the link speed, not the adaptive cap', () => {
  it('live rounds at most 500 Mbit/s; the final round at the 1 Gbit/s link (and at a 2 Gbit/s one)', () => {
    for (const mbps of [1000, 2000]) {
      const { m } = migrate({ bandwidthMbps: mbps }, 'game-server');
      const live = m.rounds.slice(0, -1);
      expect(live.every((r) => r.rateBitsPerSec <= 500e6)).toBe(true);
      expect(m.rounds[m.rounds.length - 1].rateBitsPerSec).toBe(mbps * 1e6);
    }
  });
});

describe('the presets stand for Clark\'s runs (seed 1, literal figures)', () => {
  it('web-server (SPECweb99): round 1 skips what the tiers rewrite first, the rounds level off near 2,600 pages, and the rate clause stops it', () => {
    const { m, spec } = migrate({}, 'web-server');
    expect(spec.params).toMatchObject({ skipRedirtied: true, rateLimit: 'adaptive', migrationSuspendMs: 30, warmSetPages: 6144, coolSetPages: 24_576 });
    expect(m.rounds.map((r) => r.pagesSent)).toEqual([181_291, 22_742, 9867, 6921, 5107, 4032, 3371, 2860, 2702, 2611, 2571, 2594, 3980]);
    expect(m.stopReason).toBe('rate-at-max');
    expect(m.totalPagesSent).toBe(250_649);
    expect(m.downtimeUs).toBe(180_750);
    expect(m.totalTimeUs).toBe(73_140_123);
    // The plateau of the writable working set: the last four live rounds within 6 % of one another.
    const tail = m.rounds.slice(-5, -1).map((r) => r.pagesSent);
    expect(tail).toEqual([2702, 2611, 2571, 2594]);
    expect(Math.max(...tail) / Math.min(...tail)).toBeLessThan(1.06);
    // Round 1 skipped 23,509 pages (96 MB) written again before the scan reached them.
    expect(204_800 - m.rounds[0].pagesSent).toBe(23_509);
  }, 20_000);

  it('game-server (Quake 3): 16 iterations, 21,526 pages, 61.578 ms of downtime (20 ms suspend + final round + 40 ms resume)', () => {
    const { m } = migrate({}, 'game-server');
    expect(m.rounds.map((r) => r.pagesSent)).toEqual([14_436, 3165, 1251, 692, 483, 342, 267, 202, 161, 123, 103, 88, 72, 58, 45, 38]);
    expect(m.stopReason).toBe('few-pages');
    expect(m.totalPagesSent).toBe(21_526);
    expect(m.downtimeUs).toBe(61_578);
    expect(m.totalTimeUs).toBe(6_861_166);
  }, 20_000);

  it('diabolical (MMuncher): round 1 sends half the memory, round 3 at the cap sends more than round 2, 4 iterations', () => {
    const { m } = migrate({}, 'diabolical');
    expect(m.rounds.map((r) => r.pagesSent)).toEqual([66_040, 1032, 2048, 65_544]);
    expect(m.rounds.map((r) => r.rateBitsPerSec / 1e6).map(Math.round)).toEqual([100, 149, 500, 1000]);
    expect(m.stopReason).toBe('rate-at-max');
    expect(m.totalPagesSent).toBe(134_664);
    expect(m.downtimeUs).toBe(2_198_079);
    expect(m.totalTimeUs).toBe(24_199_064);
  }, 30_000);
});
