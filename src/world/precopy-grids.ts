/**
 * Pre-copy's memory grids as plain data: per grid cell, the pages on the wire, the pages sent this
 * round and the pages B holds; drawn as one state per cell for host A (the source) and host B (the
 * copy). Batches and rounds redraw the grids at once; newly dirtied pages at most every 100 ms of
 * simulated time, which keeps recorded frames small without hiding anything a person could see.
 */
import type { GuestMemory } from '../sim/memory';
import type { Micros } from '../sim/time';
import { CELL_DIRTY, CELL_EMPTY, CELL_IN_FLIGHT, CELL_SENT } from './migration-frame';

/** How often newly dirtied pages show in the grids (simulated µs). */
const GRID_DIRT_REFRESH_US = 100_000;

export interface GridBook {
  readonly shift: number;
  readonly cells: number;
  readonly inFlight: Uint32Array;
  readonly sentThisRound: Uint32Array;
  readonly received: Uint32Array;
  /** Bumped whenever a batch leaves or arrives, or a round starts. */
  version: number;
  last: { version: number; tick: number; activated: boolean; aborted: boolean; A: Uint8Array; B: Uint8Array } | null;
}

export function createGridBook(memory: GuestMemory): GridBook {
  const cells = memory.dirtyPerCell.length;
  return { shift: memory.cellShift, cells, inFlight: new Uint32Array(cells), sentThisRound: new Uint32Array(cells), received: new Uint32Array(cells), version: 0, last: null };
}

/** A batch of `pages` leaves host A. */
export function batchLeaves(g: GridBook, pages: Int32Array): void {
  for (const page of pages) {
    g.inFlight[page >> g.shift]++;
    g.sentThisRound[page >> g.shift]++;
  }
  g.version++;
}

/** Page `page` arrives at B; `first` when B did not hold it before. */
export function pageArrives(g: GridBook, page: number, first: boolean): void {
  g.inFlight[page >> g.shift]--;
  if (first) g.received[page >> g.shift]++;
}

/**
 * The cells' states at `now`: A shows its pages in flight, dirty, sent this round (empty after
 * activation, when A has discarded its copy); B what it holds (empty after an abort, or once B
 * `discarded` its partial copy: read when the grids are redrawn).
 */
export function gridCells(g: GridBook, memory: GuestMemory, now: Micros, activated: boolean, aborted: boolean, discarded: () => boolean): { A: Uint8Array; B: Uint8Array } {
  const tick = Math.floor(now / GRID_DIRT_REFRESH_US);
  const last = g.last;
  if (last && last.version === g.version && last.tick === tick && last.activated === activated && last.aborted === aborted) return last;
  const empty = aborted || discarded();
  const a = new Uint8Array(g.cells);
  const b = new Uint8Array(g.cells);
  const dirty = memory.dirtyPerCell;
  const { inFlight, sentThisRound, received } = g;
  for (let c = 0; c < g.cells; c++) {
    a[c] = activated ? CELL_EMPTY : inFlight[c] > 0 ? CELL_IN_FLIGHT : dirty[c] > 0 ? CELL_DIRTY : sentThisRound[c] > 0 ? CELL_SENT : CELL_EMPTY;
    b[c] = empty ? CELL_EMPTY : inFlight[c] > 0 ? CELL_IN_FLIGHT : received[c] === 0 ? CELL_EMPTY : dirty[c] > 0 && !activated ? CELL_DIRTY : CELL_SENT;
  }
  g.last = { version: g.version, tick, activated, aborted, A: a, B: b };
  return g.last;
}
