import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BackgroundWriter, GuestMemory, PAGE_BITS, PAGE_BYTES, pagesForMiB, type WriterMode } from '../../src/sim/memory';
import { createRandom } from '../../src/sim/random';

const noDraw = () => {
  throw new Error('round-robin must not draw');
};

describe('GuestMemory', () => {
  it('has 4 KiB pages', () => {
    expect(PAGE_BYTES).toBe(4096);
    expect(PAGE_BITS).toBe(32768);
    expect(pagesForMiB(64)).toBe(16384);
    expect(pagesForMiB(1)).toBe(256);
  });

  it('refuses a page count that is not a whole number >= 1', () => {
    expect(() => new GuestMemory(0)).toThrow(RangeError);
    expect(() => new GuestMemory(2.5)).toThrow(RangeError);
  });

  it('bumps the version and marks the page dirty on each write; counts every write', () => {
    const m = new GuestMemory(16);
    expect(m.dirtyCount).toBe(0);
    expect(m.stateVersion).toBe(0);
    m.write(3);
    m.write(3);
    m.write(9);
    expect(m.versions[3]).toBe(2);
    expect(m.versions[9]).toBe(1);
    expect(m.versions[0]).toBe(0);
    expect(m.isDirty(3) && m.isDirty(9)).toBe(true);
    expect(m.isDirty(4)).toBe(false);
    expect(m.dirtyCount).toBe(2);
    expect(m.stateVersion).toBe(3);
  });

  it('clean() returns the dirty pages in the order first dirtied and empties the dirty set, keeping versions', () => {
    const m = new GuestMemory(16);
    for (const p of [7, 2, 7, 11, 2, 0]) m.write(p);
    expect([...m.clean()]).toEqual([7, 2, 11, 0]);
    expect(m.dirtyCount).toBe(0);
    expect(m.isDirty(7)).toBe(false);
    expect(m.versions[7]).toBe(2);
    expect(m.stateVersion).toBe(6);
    expect([...m.clean()]).toEqual([]);
    m.write(2);
    expect([...m.clean()]).toEqual([2]);
  });

  it('digest() is the fingerprint of the versions however writes, laps, cleans, digests and restores interleave (property)', () => {
    let rewritten = 0;
    let cleanedDirty = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            { arbitrary: fc.record({ op: fc.constant('write' as const), page: fc.integer({ min: 0, max: 9 }) }), weight: 6 },
            fc.record({ op: fc.constant('bump' as const), first: fc.integer({ min: 0, max: 24 }), laps: fc.integer({ min: 1, max: 5 }) }),
            fc.record({ op: fc.constant('digest' as const) }),
            fc.record({ op: fc.constant('clean' as const) }),
            fc.record({ op: fc.constant('restore' as const), seed: fc.integer({ min: 0, max: 1000 }) }),
          ),
          { maxLength: 60 },
        ),
        (ops) => {
          const m = new GuestMemory(32);
          const since = new Set<number>();
          for (const o of ops) {
            if (o.op === 'write') {
              if (since.has(o.page)) rewritten++;
              since.add(o.page);
              m.write(o.page);
            } else if (o.op === 'bump') m.bumpRange(o.first, 8, o.laps);
            else if (o.op === 'restore') m.restore(Uint32Array.from({ length: 32 }, (_, i) => (i * o.seed) % 7));
            else if (o.op === 'clean' && m.clean().length > 0) cleanedDirty++;
            if (o.op === 'digest' || o.op === 'restore') since.clear();
            if (o.op === 'digest') {
              const fresh = new GuestMemory(32);
              fresh.restore(m.versions);
              expect(m.digest()).toBe(fresh.digest());
            }
          }
          const fresh = new GuestMemory(32);
          fresh.restore(m.versions);
          expect(m.digest()).toBe(fresh.digest());
        },
      ),
      { numRuns: 300 },
    );
    // A page written again before the digest was read (counted once for both writes) did happen, and so did a clean of dirty pages.
    expect(rewritten).toBeGreaterThan(20);
    expect(cleanedDirty).toBeGreaterThan(20);
  });

  it('writePicked is the same as one write per picked page: versions, digest, dirty order, cells, writes (property)', () => {
    let repeats = 0;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 80 }), fc.integer({ min: 0, max: 20 }), (picks, first) => {
        const one = new GuestMemory(40, 2);
        const all = new GuestMemory(40, 2);
        for (const p of picks) one.write(first + p);
        let k = 0;
        all.writePicked(first, 12, picks.length, (n) => {
          expect(n).toBe(12);
          return picks[k++];
        });
        expect(Array.from(all.versions)).toEqual(Array.from(one.versions));
        expect(all.digest()).toBe(one.digest());
        expect(all.stateVersion).toBe(one.stateVersion);
        expect(Array.from(all.dirtyPerCell)).toEqual(Array.from(one.dirtyPerCell));
        expect(Array.from(all.clean())).toEqual(Array.from(one.clean()));
        if (new Set(picks).size < picks.length) repeats++;
      }),
      { numRuns: 200 },
    );
    // Pages picked twice in one call (a version bumped past 1 inside the loop) did happen.
    expect(repeats).toBeGreaterThan(50);
  });

  it('counts dirty pages per grid cell as pages are dirtied, and clean() empties every cell', () => {
    const m = new GuestMemory(16, 2);
    for (const p of [0, 1, 1, 3, 9, 15]) m.write(p);
    expect([...m.dirtyPerCell]).toEqual([3, 0, 1, 1]);
    m.clean();
    expect([...m.dirtyPerCell]).toEqual([0, 0, 0, 0]);
    m.write(5);
    expect([...m.dirtyPerCell]).toEqual([0, 1, 0, 0]);
  });

  it('digest() fingerprints the page versions: same writes, same digest; any other write changes it', () => {
    const a = new GuestMemory(64);
    const b = new GuestMemory(64);
    expect(a.digest()).toMatch(/^[0-9a-f]{8}$/);
    expect(a.digest()).toBe(b.digest());
    for (const p of [1, 5, 5, 63]) {
      a.write(p);
      b.write(p);
    }
    b.clean(); // dirty bits are not memory contents
    expect(a.digest()).toBe(b.digest());
    const before = a.digest();
    a.write(5);
    expect(a.digest()).not.toBe(before);
    const c = new GuestMemory(64);
    for (const p of [1, 5, 6, 63]) c.write(p); // same number of writes, another page
    expect(c.digest()).not.toBe(before);
  });
});

function writer(rate: number, hot: number, mode: WriterMode = 'round-robin', pages = 4096) {
  const memory = new GuestMemory(pages);
  return { memory, writer: new BackgroundWriter({ pagesPerSec: rate, hotSetPages: hot, mode }, memory) };
}

const expectedWrites = (rate: number, runUs: number) => Math.floor((rate * runUs) / 1e6);

describe('BackgroundWriter', () => {
  it('refuses a hot set larger than memory', () => {
    expect(() => writer(10, 5000, 'round-robin', 4096)).toThrow(RangeError);
  });

  it('makes floor(rate x t) writes by t, however often it is advanced (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 200_000 }), fc.double({ min: 0, max: 50_000, noNaN: true })),
        fc.integer({ min: 1, max: 4096 }),
        fc.constantFrom<WriterMode>('round-robin', 'random'),
        fc.array(fc.integer({ min: 0, max: 3_000_000 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 3_000_000 }),
        (rate, hot, mode, points, end) => {
          const rng = createRandom(1);
          const { memory, writer: w } = writer(rate, hot, mode);
          const times = [...points, end].sort((a, b) => a - b);
          for (const t of times) {
            w.advance(t, (n) => rng.int(n));
            expect(memory.stateVersion).toBe(expectedWrites(rate, t));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('round-robin leaves every page with the same version whether advanced once or in many steps (property)', () => {
    let steppedRuns = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 512 }),
        fc.array(fc.integer({ min: 0, max: 2_000_000 }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        (rate, hot, points, end) => {
          const once = writer(rate, hot, 'round-robin', 1024);
          const many = writer(rate, hot, 'round-robin', 1024);
          const steps = [...points.filter((p) => p <= end)].sort((a, b) => a - b);
          if (steps.length >= 2) steppedRuns++;
          for (const t of steps) many.writer.advance(t, noDraw);
          many.writer.advance(end, noDraw);
          once.writer.advance(end, noDraw);
          expect([...many.memory.versions]).toEqual([...once.memory.versions]);
          // Round-robin from page 0: page p has been written ceil((writes - p) / hot) times.
          const n = expectedWrites(rate, end);
          const want = Array.from({ length: 1024 }, (_, p) => (p < hot ? Math.max(0, Math.ceil((n - p) / hot)) : 0));
          expect([...once.memory.versions]).toEqual(want);
        },
      ),
      { numRuns: 150 },
    );
    // "Many steps" happened: points after the end are dropped, yet about 45% of the runs kept two or more.
    expect(steppedRuns).toBeGreaterThan(25);
  });

  it('round-robin dirties min(hotSet, writes) distinct pages in an interval (property)', () => {
    let wrote = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 1, max: 2048 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (rate, hot, start, length) => {
          const { memory, writer: w } = writer(rate, hot);
          w.advance(start, noDraw);
          memory.clean();
          w.advance(start + length, noDraw);
          const writes = expectedWrites(rate, start + length) - expectedWrites(rate, start);
          expect(memory.dirtyCount).toBe(Math.min(hot, writes));
          const dirty = [...memory.clean()];
          expect(dirty.every((p) => p >= 0 && p < hot)).toBe(true);
          // The walk continues where it stopped: the first page dirtied follows the last interval's.
          if (writes > 0) {
            wrote++;
            expect(dirty[0]).toBe(expectedWrites(rate, start) % hot);
          }
        },
      ),
      { numRuns: 200 },
    );
    // The walk's continuation was checked: the interval had writes in about 87% of the runs.
    expect(wrote).toBeGreaterThan(120);
  });

  it('makes no writes while paused and counts only run time', () => {
    const { memory, writer: w } = writer(1000, 100);
    w.advance(500_000, noDraw);
    expect(memory.stateVersion).toBe(500);
    w.setRunning(false);
    w.advance(900_000, noDraw);
    w.advance(1_700_000, noDraw);
    expect(memory.stateVersion).toBe(500);
    w.setRunning(true);
    w.advance(2_000_000, noDraw);
    expect(memory.stateVersion).toBe(800);
  });

  it('makes no writes with a zero rate or an empty hot set', () => {
    const a = writer(0, 100);
    a.writer.advance(10_000_000, noDraw);
    expect(a.memory.stateVersion).toBe(0);
    const b = writer(1000, 0);
    b.writer.advance(10_000_000, noDraw);
    expect(b.memory.stateVersion).toBe(0);
  });

  it('random mode writes only inside the hot set, with pages from the draw function', () => {
    const rng = createRandom(9);
    const asked: number[] = [];
    const { memory, writer: w } = writer(50_000, 300, 'random', 1024);
    w.advance(1_000_000, (n) => {
      asked.push(n);
      return rng.int(n);
    });
    expect(memory.stateVersion).toBe(50_000);
    expect(asked.length).toBe(50_000);
    expect(asked.every((n) => n === 300)).toBe(true);
    const dirty = [...memory.clean()];
    expect(dirty.every((p) => p >= 0 && p < 300)).toBe(true);
    expect(dirty.length).toBeGreaterThan(250);
    for (let p = 300; p < 1024; p++) expect(memory.versions[p]).toBe(0);
  });

  it('random mode is a function of the draws: two seeds dirty different pages', () => {
    const pages = (seed: number) => {
      const rng = createRandom(seed);
      const { memory, writer: w } = writer(100, 1000, 'random', 1024);
      w.advance(1_000_000, (n) => rng.int(n));
      return [...memory.clean()];
    };
    expect(pages(1)).toEqual(pages(1));
    expect(pages(1)).not.toEqual(pages(2));
  });
});

describe('BackgroundWriter tiers', () => {
  it('writes each tier only inside its own range, floor(rate × run time) writes per tier', () => {
    const memory = new GuestMemory(1000);
    const w = new BackgroundWriter({ pagesPerSec: 100, hotSetPages: 10, mode: 'round-robin', tiers: [{ pages: 20, pagesPerSec: 50 }, { pages: 100, pagesPerSec: 7 }] }, memory);
    const made = w.advance(1_000_000, () => 0);
    expect(made).toBe(100 + 50 + 7);
    const written = (from: number, to: number) => Array.from(memory.versions.slice(from, to)).reduce((a, b) => a + b, 0);
    expect(written(0, 10)).toBe(100);
    expect(written(10, 30)).toBe(50);
    expect(written(30, 130)).toBe(7);
    expect(written(130, 1000)).toBe(0);
    // Round-robin inside the cool tier: its first 7 pages, once each.
    expect(Array.from(memory.versions.slice(30, 38))).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
  });

  it('random tiers draw in their own range; tiers that do not fit are refused', () => {
    const memory = new GuestMemory(100);
    const w = new BackgroundWriter({ pagesPerSec: 0, hotSetPages: 10, mode: 'random', tiers: [{ pages: 5, pagesPerSec: 1000 }] }, memory);
    w.advance(10_000, (n) => n - 1); // 10 writes, each to the tier's last page
    expect(memory.versions[14]).toBe(10);
    expect(() => new BackgroundWriter({ pagesPerSec: 1, hotSetPages: 90, mode: 'random', tiers: [{ pages: 11, pagesPerSec: 1 }] }, new GuestMemory(100))).toThrow(RangeError);
  });
});
