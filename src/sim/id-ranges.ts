/**
 * A set of positive whole ids kept as merged ranges: ids that arrive nearly in order (outputs leaving a
 * host) cost one range however many there are, and a hole (an output that never left) one more. Pure.
 */
export class IdRanges {
  /** Disjoint, ascending, non-adjacent [lo, hi] ranges, flattened: lo0, hi0, lo1, hi1... */
  private readonly bounds: number[] = [];
  private count = 0;

  /** How many distinct ids were added. */
  get size(): number {
    return this.count;
  }

  /** Adds `id`; returns whether it was new. */
  add(id: number): boolean {
    const b = this.bounds;
    const n = b.length;
    // The usual case: one past the last range.
    if (n > 0 && id === b[n - 1] + 1) {
      b[n - 1] = id;
      this.count++;
      return true;
    }
    // The first range whose hi is at least id - 1 (binary search over the his).
    let lo = 0;
    let hi = n / 2;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b[2 * mid + 1] < id - 1) lo = mid + 1;
      else hi = mid;
    }
    const i = 2 * lo;
    if (i < n && b[i] <= id && id <= b[i + 1]) return false;
    this.count++;
    if (i < n && b[i + 1] === id - 1) {
      b[i + 1] = id;
      if (i + 2 < n && b[i + 2] === id + 1) b.splice(i + 1, 2); // joins the next range
    } else if (i < n && b[i] === id + 1) b[i] = id;
    else b.splice(i, 0, id, id);
    return true;
  }

  has(id: number): boolean {
    const b = this.bounds;
    let lo = 0;
    let hi = b.length / 2;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b[2 * mid + 1] < id) lo = mid + 1;
      else hi = mid;
    }
    return 2 * lo < b.length && b[2 * lo] <= id;
  }

  /** How many of the ids were at most `max`. */
  countUpTo(max: number): number {
    const b = this.bounds;
    let n = 0;
    for (let i = 0; i < b.length && b[i] <= max; i += 2) n += Math.min(b[i + 1], max) - b[i] + 1;
    return n;
  }

  /** The number of ranges (memory in use is proportional to it). */
  get ranges(): number {
    return this.bounds.length / 2;
  }
}
