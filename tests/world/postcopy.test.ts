/**
 * Post-copy live migration (issue 15): the vCPU state first, the pages after (pushed, or pulled on
 * network faults), every page once; its win over pre-copy on a write-heavy guest, its cost on a guest
 * that touches most of its memory; and its failure semantics over random crash instants: a crash of A
 * before its last page left, or of B after it granted the reservation, loses the VM; nothing else does.
 * Runs through the public API (resolveRun, createWorld, runResult), read from the trace and frames.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MigrationFrame } from '../../src/world/frame';
import { CELL_EMPTY, CELL_PULLED, CELL_SENT } from '../../src/world/frame';
import { faultAt, runScenario, us } from '../support/replication';

const migrationOf = (run: ReturnType<typeof runScenario>, t: number) => run.world.frameAt(t).protocol as MigrationFrame;
const postcopyMetrics = (run: ReturnType<typeof runScenario>) => run.result.metrics.postcopy as Record<string, number | null>;

describe('post-copy migration', () => {
  it('moves an idle VM: 50 ms down, every page once, the framebuffer pulled on the first faults', () => {
    const run = runScenario('postcopy', { untilUs: us(12) });
    expect(run.result.metrics.migration).toMatchObject({ outcome: 'completed', downtimeUs: 50_133, totalTimeUs: 4_325_302, totalPagesSent: 131_072, rounds: [] });
    expect(postcopyMetrics(run)).toEqual({ networkFaults: 8, pagesPushed: 131_064, pagesPulled: 8, degradedTimeUs: 4_274_969, stalledUs: 1864, pagesOnB: 131_072 });
    expect(run.result.vm).toMatchObject({ host: 'B', state: 'running' });
    expect(run.result.client.sessionState).toBe('connected');
    expect(run.result.invariants.filter((v) => !v.holds)).toEqual([]);
    expect(run.holds('no-page-twice')).toBe(true);
    // The stages in the trace: suspend, handover, resume on B, the first fault, the last page.
    expect(['guest.suspend', 'state.send', 'push.done'].map((t) => run.first(t, 'hostA.postcopy')?.at)).toEqual([1_000_200, 1_030_200, 5_325_202]);
    expect(run.first('vm.resumed', 'hostB.postcopy')?.at).toBe(1_050_333);
    expect(run.first('network.fault', 'hostB.postcopy')?.data).toEqual({ n: 1, pages: 8, page: 131_064 });
  });

  it('wins on a write-heavy guest: pre-copy resends the hot set for 30 rounds, post-copy sends each page once', () => {
    const values = { memoryMiB: 1024, writer: 'random', dirtyPagesPerSec: 40_960, hotSetPages: 32_768 };
    const pre = runScenario('migration', { untilUs: us(40), params: values });
    const post = runScenario('postcopy', { untilUs: us(20), preset: 'write-heavy' });
    expect(pre.result.metrics.migration).toMatchObject({ outcome: 'completed', stopReason: 'max-rounds', totalPagesSent: 744_708, totalTimeUs: 24_453_125, downtimeUs: 549_455 });
    expect(post.result.metrics.migration).toMatchObject({ outcome: 'completed', totalPagesSent: 262_144, totalTimeUs: 8_620_406, downtimeUs: 50_133 });
    expect(postcopyMetrics(post)).toMatchObject({ networkFaults: 3069, pagesPulled: 3005, stalledUs: 856_462 });
  });

  it('costs a guest that touches most of its memory: stalled most of the time, and bubbling pulls fewer pages than a push in order', () => {
    const bubbling = runScenario('postcopy', { untilUs: us(20), preset: 'touch-all' });
    const pushOnly = runScenario('postcopy', { untilUs: us(20), preset: 'push-only' });
    expect(postcopyMetrics(bubbling)).toMatchObject({ networkFaults: 11_628, pagesPulled: 168, stalledUs: 2_753_032, degradedTimeUs: 4_274_971 });
    expect(postcopyMetrics(pushOnly)).toMatchObject({ networkFaults: 15_988, pagesPulled: 15_508, stalledUs: 3_728_091, degradedTimeUs: 4_275_072 });
    // The frames show it: a stalled guest, pulled pages on B's grid, and at the end every page on B.
    const during = migrationOf(pushOnly, us(2));
    expect(during.postcopy).toMatchObject({ stalled: true, prepaging: 'none' });
    expect(during.grid.B.some((c) => c === CELL_PULLED)).toBe(true);
    expect(during.grid.B.some((c) => c === CELL_EMPTY)).toBe(true);
    const after = migrationOf(pushOnly, us(6));
    expect(after.outcome).toBe('completed');
    expect(after.grid.A.every((c) => c === CELL_EMPTY)).toBe(true);
    expect(after.grid.B.every((c) => c === CELL_SENT || c === CELL_PULLED)).toBe(true);
  });

  it('loses the VM when host B fails after it resumed the VM, and says why', () => {
    const run = runScenario('postcopy', { untilUs: us(6), faults: ['crash:B@3s'] });
    expect(run.result.metrics.migration).toMatchObject({ outcome: 'vm-lost' });
    expect(run.result.vm).toMatchObject({ state: 'destroyed', lostAtUs: 3_000_000 });
    expect(run.world.frameAt(us(6)).notes.join('\n')).toMatch(/host A's copy of the VM is out of date \(the VM ran on host B\), so it cannot take over/);
  });

  it('loses the VM when host A fails with pages B lacks: B gives up when its detector fires', () => {
    const run = runScenario('postcopy', { untilUs: us(6), faults: ['crash:A@3s'] });
    expect(run.result.vm).toMatchObject({ state: 'destroyed', lostAtUs: 3_200_100 });
    expect(run.world.frameAt(us(6)).notes.join('\n')).toMatch(/host B cannot reach host A, which holds [\d,]+ pages of the VM that B does not have: neither host holds the whole VM, so it is lost/);
  });
});

describe('post-copy: phases and a second attempt', () => {
  it('faults at its named phases: B at the handover loses the VM; A at the last page costs nothing; A at fault 3 loses it', () => {
    const atHandover = runScenario('postcopy', { untilUs: us(6), faults: ['crash:B@handover'] });
    expect(atHandover.first('fault.crash', 'lab')?.at).toBe(1_030_200);
    expect(atHandover.result.vm.state).toBe('destroyed');
    const atComplete = runScenario('postcopy', { untilUs: us(8), faults: ['crash:A@complete'] });
    expect(atComplete.first('fault.crash', 'lab')?.at).toBe(5_325_302);
    expect(atComplete.result.vm).toMatchObject({ host: 'B', state: 'running' });
    expect(atComplete.result.metrics.migration).toMatchObject({ outcome: 'completed' });
    const atFault = runScenario('postcopy', { untilUs: us(4), preset: 'touch-all', faults: ['crash:A@fault:3'] });
    expect(atFault.first('fault.crash', 'lab')?.at).toBe(atFault.find('network.fault', 'hostB.postcopy')[2].at);
    expect(atFault.result.vm.state).toBe('destroyed');
  });

  it('tries again toward a restarted host after an abort (B failed before it granted the reservation)', () => {
    const run = runScenario('postcopy', { untilUs: us(14), faults: ['crash:B@1000050us', 'restart:B@2s'] });
    expect(run.first('migration.aborted', 'hostA.postcopy')?.at).toBe(1_300_100);
    expect(run.first('host.up', 'hostB')?.at).toBe(5_000_000);
    expect(run.first('vm.resumed', 'hostB.postcopy.2')?.at).toBe(5_150_433);
    expect(run.first('migration.complete', 'hostB.postcopy.2')?.at).toBe(9_425_401);
    expect(run.result.vm).toMatchObject({ host: 'B', state: 'running' });
    expect(run.result.client.sessionState).toBe('connected');
    expect(run.result.invariants.filter((v) => !v.holds)).toEqual([]);
  });
});

interface Case {
  memoryPages: number;
  bandwidthMbps: number;
  latencyUs: number;
  dirtyPagesPerSec: number;
  writer: 'round-robin' | 'random';
  prepaging: 'bubbling' | 'none';
  seed: number;
  host: 'A' | 'B';
  /** Where in [0, 1] of the span from 0.5 s to the end of the migration the crash falls. */
  at: number;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  memoryPages: fc.integer({ min: 256, max: 4096 }),
  bandwidthMbps: fc.constantFrom(100, 1000),
  latencyUs: fc.integer({ min: 0, max: 500 }),
  dirtyPagesPerSec: fc.integer({ min: 0, max: 20_000 }),
  writer: fc.constantFrom('round-robin', 'random'),
  prepaging: fc.constantFrom('bubbling', 'none'),
  seed: fc.integer({ min: 1, max: 1000 }),
  host: fc.constantFrom('A', 'B'),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('post-copy failure semantics (property)', () => {
  it('a crash of A before its last page left, or of B after it granted the reservation, loses the VM; no other crash does; a page never crosses twice', () => {
    const seen = { lostA: 0, survivedA: 0, lostB: 0, survivedB: 0 };
    fc.assert(
      fc.property(caseArb, (c) => {
        const params = { memoryPages: c.memoryPages, bandwidthMbps: c.bandwidthMbps, latencyUs: c.latencyUs, dirtyPagesPerSec: c.dirtyPagesPerSec, hotSetPages: Math.min(512, c.memoryPages - 16), writer: c.writer, prepaging: c.prepaging };
        const untilUs = us(4);
        const reference = runScenario('postcopy', { untilUs, seed: c.seed, params });
        const granted = reference.first('reserve.granted', 'hostB.postcopy')!.at;
        const lastSent = reference.first('push.done', 'hostA.postcopy')!.at;
        const complete = reference.first('migration.complete', 'hostB.postcopy')!.at;
        expect(complete).toBeLessThan(untilUs - us(0.5));
        const t = Math.round(us(0.5) + c.at * (complete + 1000 - us(0.5)));
        const run = runScenario('postcopy', { untilUs, seed: c.seed, params, faults: [faultAt(`crash:${c.host}`, t)] });
        const lost = run.result.vm.state === 'destroyed';
        const expected = c.host === 'A' ? t < lastSent : t > granted;
        expect({ t, lost }).toEqual({ t, lost: expected });
        expect(run.holds('no-page-twice')).toBe(true);
        expect(run.holds('single-active-instance')).toBe(true);
        expect(run.holds('client-never-rolls-back')).toBe(true);
        seen[`${lost ? 'lost' : 'survived'}${c.host}`]++;
      }),
      { numRuns: 60, seed: 15 },
    );
    // Every branch ran: losses and survivals after crashes of either host.
    expect(Object.values(seen).every((n) => n > 0)).toBe(true);
  });
});
