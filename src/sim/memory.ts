/**
 * The guest's memory as log-dirty tracking sees it: N pages of 4 KiB, each with a version (bumped on
 * every write) and a dirty bit since the last CLEAN. Typed arrays, never one object or event per page.
 * Mutable by design (it is the hot path); owned by the world, referenced by the VM machine.
 * @see research/domain-facts.md §1.4 (log-dirty shadow page tables, CLEAN and PEEK)
 */

/** Bytes in one page. */
export const PAGE_BYTES = 4096;
/** Bits in one page, as sent on a link. */
export const PAGE_BITS = PAGE_BYTES * 8;

/** Most cells a memory grid draws; bigger memories put several pages in a cell. */
export const MAX_GRID_CELLS = 2048;

/** log2 of pages per grid cell, so that a memory of `pageCount` pages fits in MAX_GRID_CELLS cells. */
export function gridCellShift(pageCount: number): number {
  let shift = 0;
  while (Math.ceil(pageCount / (1 << shift)) > MAX_GRID_CELLS) shift++;
  return shift;
}

/** Pages in `mib` MiB of memory. */
export function pagesForMiB(mib: number): number {
  return Math.round((mib * 1024 * 1024) / PAGE_BYTES);
}

/** Mixes a page number and one of its versions into 32 bits (0 for a page never written). */
function mix(page: number, version: number): number {
  if (version === 0) return 0;
  let h = Math.imul(page ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(version, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2f);
  return (h ^ (h >>> 13)) | 0;
}

/** Guest memory with per-page versions and a dirty set. */
export class GuestMemory {
  readonly versions: Uint32Array;
  private readonly dirtyBits: Uint8Array;
  private readonly dirtyList: Int32Array;
  /** For each entry of dirtyList, the page's version that `fingerprint` counts (its version when dirtied, or at the last count). */
  private readonly dirtyCounted: Uint32Array;
  private dirtyLength = 0;
  private writes = 0;
  /**
   * A running sum (mod 2^32) of a mix of every (page, version): the digest. A clean page is counted at
   * its version, a dirty one at the version it had when dirtied (or at the last count), and brought up
   * to date when the digest is read or the set cleaned: the same sum, and a page written a thousand
   * times between two reads is mixed twice, not two thousand times.
   */
  private fingerprint = 0;
  /** Dirty pages per cell of `1 << cellShift` pages, for memory grids (kept as pages are dirtied). */
  readonly dirtyPerCell: Uint32Array;

  constructor(readonly pageCount: number, readonly cellShift = 0) {
    if (!Number.isInteger(pageCount) || pageCount < 1) throw new RangeError(`page count must be a whole number >= 1, got ${pageCount}`);
    this.versions = new Uint32Array(pageCount);
    this.dirtyBits = new Uint8Array(pageCount);
    this.dirtyList = new Int32Array(pageCount);
    this.dirtyCounted = new Uint32Array(pageCount);
    this.dirtyPerCell = new Uint32Array(Math.ceil(pageCount / (1 << cellShift)));
  }

  /** Total writes so far: the guest's state version (monotonic while it runs). */
  get stateVersion(): number {
    return this.writes;
  }

  /** Pages dirtied since the last `clean()`. */
  get dirtyCount(): number {
    return this.dirtyLength;
  }

  /** Whether page `page` is dirty (PEEK). */
  isDirty(page: number): boolean {
    return this.dirtyBits[page] === 1;
  }

  /** One write to `page`: bumps its version and marks it dirty. */
  write(page: number): void {
    const before = this.versions[page]++;
    this.writes++;
    if (this.dirtyBits[page] === 0) {
      this.dirtyBits[page] = 1;
      this.dirtyCounted[this.dirtyLength] = before;
      this.dirtyList[this.dirtyLength++] = page;
      this.dirtyPerCell[page >> this.cellShift]++;
    }
  }

  /**
   * `count` writes to pages `first + pick(span)` (each a whole number in [0, span)), in order: the same
   * as that many `write`s, in one loop over locals (the background writer's random mode writes tens of
   * thousands of pages a simulated second).
   */
  writePicked(first: number, span: number, count: number, pick: (n: number) => number): void {
    const { versions, dirtyBits, dirtyList, dirtyCounted, dirtyPerCell, cellShift } = this;
    let dirty = this.dirtyLength;
    for (let i = 0; i < count; i++) {
      const page = first + pick(span);
      const before = versions[page];
      versions[page] = before + 1;
      if (dirtyBits[page] === 0) {
        dirtyBits[page] = 1;
        dirtyCounted[dirty] = before;
        dirtyList[dirty++] = page;
        dirtyPerCell[page >> cellShift]++;
      }
    }
    this.dirtyLength = dirty;
    this.writes += count;
  }

  /** `count` writes to consecutive pages from `start`, wrapping inside [first, first + span). */
  writeRange(first: number, span: number, start: number, count: number): void {
    for (let i = 0; i < count; i++) this.write(first + ((start - first + i) % span));
  }

  /** Adds `laps` extra writes to each page in [first, first + span) (already dirty): whole laps of a writer. */
  bumpRange(first: number, span: number, laps: number): void {
    for (let p = first; p < first + span; p++) {
      const before = this.versions[p];
      this.versions[p] += laps;
      // (A dirty page is brought up to date in the fingerprint when it is next counted; a clean one now.)
      if (this.dirtyBits[p] === 0) this.fingerprint = (this.fingerprint - mix(p, before) + mix(p, this.versions[p])) | 0;
    }
    this.writes += laps * span;
  }

  /**
   * A 32-bit fingerprint of every page's version (8 hex digits): two memories with the same digest
   * almost surely hold the same writes. Reading it counts the pages written since it was last read
   * (O(dirty pages)); the trace records it at each xclock redraw so that a run's hash covers the
   * guest's memory.
   */
  digest(): string {
    this.countDirty();
    return (this.fingerprint >>> 0).toString(16).padStart(8, '0');
  }

  /** Brings the fingerprint up to date with the dirty pages' versions now. */
  private countDirty(): void {
    const { versions, dirtyList, dirtyCounted } = this;
    let fingerprint = this.fingerprint;
    for (let i = 0; i < this.dirtyLength; i++) {
      const page = dirtyList[i];
      const counted = dirtyCounted[i];
      const now = versions[page];
      if (now === counted) continue;
      fingerprint = (fingerprint - mix(page, counted) + mix(page, now)) | 0;
      dirtyCounted[i] = now;
    }
    this.fingerprint = fingerprint;
  }

  /**
   * Rolls the memory back (or forward) to `versions`, a copy held elsewhere: what a backup does when
   * it resumes the guest from its last synchronized state. Clears the dirty set.
   */
  restore(versions: Uint32Array): void {
    let fingerprint = 0;
    for (let p = 0; p < this.pageCount; p++) {
      this.versions[p] = versions[p];
      fingerprint = (fingerprint + mix(p, versions[p])) | 0;
    }
    this.fingerprint = fingerprint;
    // The fingerprint counts every page as it is now: the dirty set goes without being counted.
    this.forgetDirty();
  }

  /** Log-dirty CLEAN: returns the dirty pages in the order first dirtied and clears the set. */
  clean(): Int32Array {
    this.countDirty();
    return this.forgetDirty();
  }

  /** Clears the dirty set (its pages counted in the fingerprint already); returns its pages in the order first dirtied. */
  private forgetDirty(): Int32Array {
    const pages = this.dirtyList.slice(0, this.dirtyLength);
    // Only cells holding a dirty page count any: clearing theirs is clearing all (a few pages an epoch, 2,048 cells).
    for (let i = 0; i < pages.length; i++) {
      const p = pages[i];
      this.dirtyBits[p] = 0;
      this.dirtyPerCell[p >> this.cellShift] = 0;
    }
    this.dirtyLength = 0;
    return pages;
  }
}

/** How the background writer picks pages inside its hot set. */
export type WriterMode = 'round-robin' | 'random';

/** A further tier of the writable working set: `pages` pages after the tiers before it, written at its own rate. */
export interface WriterTier {
  readonly pages: number;
  /** Page writes per second of guest run time into this tier. */
  readonly pagesPerSec: number;
}

/** Settings of the background memory writer. */
export interface WriterSettings {
  /** Page writes per second of guest run time. */
  readonly pagesPerSec: number;
  /** Pages in the hot set (the first `hotSetPages` pages of memory). */
  readonly hotSetPages: number;
  readonly mode: WriterMode;
  /**
   * Cooler tiers after the hot set (warm, cool), each written at its own rate with the same mode: a
   * writable working set whose pages are rewritten at several rates, as Clark measured (§4), so that
   * later pre-copy rounds level off at the tiers a round cannot outrun. None by default.
   */
  readonly tiers?: readonly WriterTier[];
}

/** One tier's state: its range of pages, its rate, and the writes made so far. */
interface TierState {
  readonly first: number;
  readonly pages: number;
  readonly pagesPerSec: number;
  written: number;
  cursor: number;
}

/**
 * The background memory writer: writes `pagesPerSec` pages per second of *guest run time* into a hot
 * set, round-robin or at seeded random pages, and each further tier at its own rate into its own
 * range. Advanced lazily to an instant; the cumulative count floor(rate x runTime) per tier makes the
 * result independent of how often it is advanced, so runs stay exact and deterministic. Random pages
 * come from a draw function the world passes in (tiers draw in order: hot, then warm, then cool).
 */
export class BackgroundWriter {
  private runUs = 0;
  private lastUs = 0;
  private running = true;
  private readonly tiers: TierState[];

  constructor(private readonly settings: WriterSettings, private readonly memory: GuestMemory) {
    const tiers: TierState[] = [{ first: 0, pages: settings.hotSetPages, pagesPerSec: settings.pagesPerSec, written: 0, cursor: 0 }];
    let first = settings.hotSetPages;
    for (const t of settings.tiers ?? []) {
      tiers.push({ first, pages: t.pages, pagesPerSec: t.pagesPerSec, written: 0, cursor: first });
      first += t.pages;
    }
    if (first > memory.pageCount) throw new RangeError(settings.tiers?.length ? 'hot set and tiers larger than memory' : 'hot set larger than memory');
    this.tiers = tiers;
  }

  /** Applies the writes due up to `nowUs`; `draw(n)` returns a whole number in [0, n). Returns the writes made. */
  advance(nowUs: number, draw: (n: number) => number): number {
    if (this.running) this.runUs += nowUs - this.lastUs;
    this.lastUs = nowUs;
    let made = 0;
    for (const tier of this.tiers) made += this.advanceTier(tier, draw);
    return made;
  }

  private advanceTier(tier: TierState, draw: (n: number) => number): number {
    const { first, pages, pagesPerSec } = tier;
    if (pages === 0 || pagesPerSec === 0) return 0;
    const target = Math.floor((pagesPerSec * this.runUs) / 1e6);
    const due = target - tier.written;
    if (due <= 0) return 0;
    if (this.settings.mode === 'round-robin') {
      // Writing the tier more than once in one advance dirties the same pages: skip whole laps.
      const laps = Math.floor(due / pages);
      const rest = due % pages;
      if (laps > 0) {
        this.memory.writeRange(first, pages, tier.cursor, pages);
        if (laps > 1) this.memory.bumpRange(first, pages, laps - 1);
      }
      this.memory.writeRange(first, pages, tier.cursor, rest);
      tier.cursor = first + ((tier.cursor - first + rest) % pages);
    } else {
      this.memory.writePicked(first, pages, due, draw);
    }
    tier.written = target;
    return due;
  }

  /** Stops or restarts the writer (the vCPU is paused or runs); call after `advance` to the instant. */
  setRunning(running: boolean): void {
    this.running = running;
  }
}
