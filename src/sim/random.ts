/**
 * The seeded random source. One run has one integer seed; each purpose draws from its own named fork
 * (`workload`, `network`), so adding draws for one purpose never shifts another's sequence. Built on
 * d3-random's linear congruential generator. Only the world draws; machines get values in events.
 */
import { randomExponential, randomLcg } from 'd3-random';
import { fnv1a32 } from './hash';

/** A seeded stream of numbers in [0, 1), with helpers. */
export interface RandomSource {
  /** The next number in [0, 1). */
  next(): number;
  /** A whole number in [0, n). */
  int(n: number): number;
  /** An exponentially distributed delay with the given rate (per unit of the result). */
  exponential(rate: number): number;
  /** An independent stream named `name`, derived from this one's seed (not from its position). */
  fork(name: string): RandomSource;
}

/** Creates the random source for `seed` (any integer; the same seed gives the same numbers). */
export function createRandom(seed: number, path = 'root'): RandomSource {
  // randomLcg treats [0, 1) as a fraction and anything else as an integer state.
  const lcg = randomLcg(fnv1a32(`${path}#${seed}`) / 2 ** 32);
  return {
    next: lcg,
    int: (n) => Math.floor(lcg() * n),
    exponential: (rate) => randomExponential.source(lcg)(rate)(),
    fork: (name) => createRandom(seed, `${path}/${name}`),
  };
}
