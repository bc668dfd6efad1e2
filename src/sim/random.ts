/**
 * The seeded random source. One run has one integer seed; each purpose draws from its own named fork
 * (`workload`, `network`), so adding draws for one purpose never shifts another's sequence. The
 * generator is d3-random's linear congruential one (`randomLcg`) and the exponential its
 * `randomExponential`, written out here: d3-random ships as one module whose every distribution is
 * built when it loads, 3.4 KB of the page's first load for these two. The numbers are the same
 * (tests/sim/random.test.ts pins them). Only the world draws; machines get values in events.
 */
import { fnv1a32 } from './hash';

/** d3-random's LCG constants (Numerical Recipes'), and 2^-32. */
const LCG_MUL = 0x19660d;
const LCG_INC = 0x3c6ef35f;
const LCG_EPS = 1 / 0x100000000;

/**
 * d3-random's `randomLcg(seed)`: a seed in [0, 1) is a fraction of the state space, anything else an integer state.
 * The state lives in a one-cell typed array, not in a variable of the closure: a 32-bit integer does not
 * fit V8's small integers (31 bits), so a draw stored in a variable could make a heap number.
 */
function lcg(seed: number): () => number {
  const state = new Int32Array(1);
  state[0] = (0 <= seed && seed < 1 ? seed / LCG_EPS : Math.abs(seed)) | 0;
  return () => {
    // The cell keeps the low 32 bits (as `| 0` did).
    state[0] = Math.imul(LCG_MUL, state[0]) + LCG_INC;
    return LCG_EPS * (state[0] >>> 0);
  };
}

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
  const next = lcg(fnv1a32(`${path}#${seed}`) / 2 ** 32);
  return {
    next,
    int: (n) => Math.floor(next() * n),
    // d3-random's randomExponential: -ln(1 - u) / rate.
    exponential: (rate) => -Math.log1p(-next()) / rate,
    fork: (name) => createRandom(seed, `${path}/${name}`),
  };
}
