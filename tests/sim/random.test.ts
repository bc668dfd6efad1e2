import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/sim/random';

const draws = (r: { next(): number }, n: number) => Array.from({ length: n }, () => r.next());

describe('createRandom', () => {
  it("draws d3-random's numbers: its LCG (randomLcg) seeded from the path, and its randomExponential", () => {
    // Printed by d3-random 3.0.2's randomLcg(fnv1a32('root#42') / 2 ** 32) and randomExponential.source(it)(0.5).
    const r = createRandom(42);
    expect([r.next(), r.next(), r.next(), r.exponential(0.5), r.exponential(0.5)]).toEqual([
      0.500978767639026, 0.9192723226733506, 0.9989658317063004, 3.6291012819218897, 2.051485844029658,
    ]);
    const f = createRandom(42).fork('packets');
    expect([f.next(), f.int(1000), f.exponential(100)]).toEqual([0.7116561972070485, 767, 0.0008985756579164446]);
  });

  it('gives the same numbers for the same seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        expect(draws(createRandom(seed), 20)).toEqual(draws(createRandom(seed), 20));
      }),
      { numRuns: 50 },
    );
  });

  it('gives numbers in [0, 1), and whole numbers in [0, n) from int(n)', () => {
    const r = createRandom(7);
    for (let i = 0; i < 2000; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      const k = r.int(10);
      expect(Number.isInteger(k) && k >= 0 && k < 10).toBe(true);
    }
  });

  it('gives different numbers for different seeds', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (a, b) => {
        fc.pre(a !== b);
        compared++;
        expect(draws(createRandom(a), 4)).not.toEqual(draws(createRandom(b), 4));
      }),
      { numRuns: 100 },
    );
    // fast-check counts only the runs past fc.pre (equal seeds drawn are skipped): all 100 compared two seeds.
    expect(compared).toBe(100);
    expect(draws(createRandom(1), 4)).not.toEqual(draws(createRandom(2), 4));
  });

  it('gives positive exponential delays whose mean is near 1/rate', () => {
    const r = createRandom(3);
    let sum = 0;
    const n = 5000;
    for (let i = 0; i < n; i++) {
      const x = r.exponential(2);
      expect(x).toBeGreaterThanOrEqual(0);
      sum += x;
    }
    expect(sum / n).toBeGreaterThan(0.45);
    expect(sum / n).toBeLessThan(0.55);
  });

  describe('fork', () => {
    it('is independent of draws made on the parent before or after forking', () => {
      const fresh = draws(createRandom(42).fork('workload'), 10);
      const parent = createRandom(42);
      draws(parent, 17);
      const forked = parent.fork('workload');
      draws(parent, 5);
      expect(draws(forked, 10)).toEqual(fresh);
    });

    it('is independent of draws made on another fork', () => {
      const alone = draws(createRandom(42).fork('network'), 10);
      const root = createRandom(42);
      const workload = root.fork('workload');
      const network = root.fork('network');
      const mixed: number[] = [];
      for (let i = 0; i < 10; i++) {
        draws(workload, 3);
        mixed.push(network.next());
      }
      expect(mixed).toEqual(alone);
    });

    it('gives different streams for different names, for the parent, and for different seeds', () => {
      const root = draws(createRandom(5), 5);
      const a = draws(createRandom(5).fork('a'), 5);
      const b = draws(createRandom(5).fork('b'), 5);
      const a6 = draws(createRandom(6).fork('a'), 5);
      expect(a).not.toEqual(b);
      expect(a).not.toEqual(root);
      expect(a).not.toEqual(a6);
      expect(draws(createRandom(5).fork('a').fork('x'), 5)).not.toEqual(a);
    });
  });
});
