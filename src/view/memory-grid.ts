/**
 * Memory grids, headless: the layout of a host's grid (cells in device pixels), the look of each cell
 * state (colour from the page's Okabe–Ito variables, plus a hatch or an outline so states differ without
 * colour), the counts a screen reader hears, and the drawing itself on any 2D context. Pure, except
 * `drawGrid`, which paints on the context it is given.
 * @see ../../shared/DESIGN.md §7 (Memory grids)
 */
import { formatCount } from './count-format';
import type { CELL_DIRTY, CELL_EMPTY, CELL_IN_FLIGHT, CELL_PULLED, CELL_SENT, HostId } from '../world/frame';

// The Frame's cell values (typed against world/frame, so a change there fails the build here).
export const EMPTY: typeof CELL_EMPTY = 0;
export const SENT: typeof CELL_SENT = 1;
export const DIRTY: typeof CELL_DIRTY = 2;
export const IN_FLIGHT: typeof CELL_IN_FLIGHT = 3;
export const PULLED: typeof CELL_PULLED = 4;
export type CellState = typeof EMPTY | typeof SENT | typeof DIRTY | typeof IN_FLIGHT | typeof PULLED;
/** How many cell states there are (the states are 0 to STATES - 1). */
const STATES = 5;

/** How a cell state looks and what it means on each host. */
export interface CellLook {
  readonly state: CellState;
  /** CSS custom property holding the fill colour, and its light-theme value when it cannot be read. */
  readonly cssVar: string;
  readonly fallback: string;
  /** Drawn with a diagonal hatch (dirty, stale), hollow, as an outline (in flight), or with a dot (pulled), so colour is not needed. */
  readonly mark: 'none' | 'hatch' | 'hollow' | 'dot';
  /** Legend text, and the meaning on the source (A) and on the copy (B). */
  readonly legend: string;
  readonly onA: string;
  readonly onB: string;
}

export const CELL_LOOKS: readonly CellLook[] = [
  { state: EMPTY, cssVar: '--hv', fallback: '#ecebe8', mark: 'none', legend: 'not sent / no copy', onA: 'not sent this round', onB: 'no copy yet' },
  { state: SENT, cssVar: '--ok', fallback: '#007a56', mark: 'none', legend: 'sent / current copy', onA: 'sent this round', onB: 'current copy' },
  { state: DIRTY, cssVar: '--dirty', fallback: '#d55e00', mark: 'hatch', legend: 'dirty / stale copy', onA: 'dirtied since the round began', onB: 'stale copy' },
  { state: IN_FLIGHT, cssVar: '--accent', fallback: '#0072b2', mark: 'hollow', legend: 'in flight', onA: 'in flight', onB: 'in flight' },
  { state: PULLED, cssVar: '--held', fallback: '#cc79a7', mark: 'dot', legend: 'pulled on a network fault', onA: 'sent on demand', onB: 'pulled after a network fault (post-copy)' },
];

/** The states a technique's grids show: pre-copy's dirt, or post-copy's pulled pages. */
export function looksFor(postcopy: boolean): readonly CellLook[] {
  return CELL_LOOKS.filter((l) => (postcopy ? l.state !== DIRTY : l.state !== PULLED));
}

/** Colours a grid is drawn with: one fill per state, and the panel colour (gaps, hatches, hollows). */
export interface GridPalette {
  readonly fills: readonly [string, string, string, string, string];
  readonly panel: string;
}

export const FALLBACK_PALETTE: GridPalette = {
  fills: CELL_LOOKS.map((l) => l.fallback) as unknown as GridPalette['fills'],
  panel: '#ffffff',
};

/** The palette from computed CSS custom properties (`read('--dirty')`), with fallbacks for missing ones. */
export function paletteFrom(read: (cssVar: string) => string): GridPalette {
  const pick = (v: string, fallback: string) => read(v).trim() || fallback;
  return {
    fills: CELL_LOOKS.map((l) => pick(l.cssVar, l.fallback)) as unknown as GridPalette['fills'],
    panel: pick('--panel', FALLBACK_PALETTE.panel),
  };
}

/** Where cells go, in device pixels: `cols` x `rows` cells, each `pitch` apart with `gap` between. */
export interface GridLayout {
  readonly cols: number;
  readonly rows: number;
  readonly pitch: number;
  readonly gap: number;
  /** The canvas backing store (device pixels) and its CSS size (CSS pixels). */
  readonly widthPx: number;
  readonly heightPx: number;
  readonly cssWidth: number;
  readonly cssHeight: number;
}

/** Columns for `cells` cells: 64 for the usual 2048 (a 2:1 block), fewer for small memories. */
export function gridColumns(cells: number): number {
  return Math.max(1, Math.min(64, Math.ceil(Math.sqrt(cells * 2))));
}

/**
 * The layout of `cells` cells in at most `widthCss` x `maxHeightCss` CSS pixels at device pixel ratio
 * `dpr`: whole device pixels per cell (crisp), between 3 and 16 CSS pixels apart. Pure.
 */
export function gridLayout(cells: number, widthCss: number, dpr = 1, maxHeightCss = Infinity): GridLayout {
  const cols = gridColumns(cells);
  const rows = Math.max(1, Math.ceil(cells / cols));
  const ratio = dpr > 0 && Number.isFinite(dpr) ? dpr : 1;
  const fit = Math.min(Math.floor((Math.max(0, widthCss) * ratio) / cols), Math.floor((maxHeightCss * ratio) / rows));
  const pitch = Math.max(3, Math.min(Math.round(16 * ratio), fit));
  const gap = Math.max(1, Math.round(pitch / 7));
  const widthPx = cols * pitch - gap;
  const heightPx = rows * pitch - gap;
  return { cols, rows, pitch, gap, widthPx, heightPx, cssWidth: widthPx / ratio, cssHeight: heightPx / ratio };
}

const n = formatCount;

/** What one cell stands for: "1 cell = 128 pages (512 KiB)". */
export function cellSizeText(cellPages: number): string {
  const kib = cellPages * 4;
  const size = kib >= 1024 ? `${n(kib / 1024)} MiB` : `${n(kib)} KiB`;
  return `1 cell = ${cellPages === 1 ? '1 page' : `${n(cellPages)} pages`} (${size})`;
}

/** Cells per state: `[empty, sent, dirty, inFlight, pulled]`. */
export function countCells(cells: Uint8Array): [number, number, number, number, number] {
  const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (let i = 0; i < cells.length; i++) counts[cells[i] % STATES]++;
  return counts;
}

/** What a screen reader hears for a host's grid ("Host A memory: 512 of 2,048 cells dirty, 64 in flight, …"). */
export function gridSummary(host: HostId, cells: Uint8Array, cellPages: number): string {
  const [, sent, dirty, inFlight, pulled] = countCells(cells);
  const unit = cellPages === 1 ? 'one page per cell' : `${n(cellPages)} pages per cell`;
  if (host === 'A') {
    return `Host A memory: ${n(dirty)} of ${n(cells.length)} cells dirty, ${n(inFlight)} in flight, ${n(sent)} sent this round (${unit})`;
  }
  const tail = pulled > 0 ? `, ${n(pulled)} with pages pulled on network faults` : '';
  return `Host B memory: ${n(sent)} of ${n(cells.length)} cells hold a current copy, ${n(dirty)} stale, ${n(inFlight)} in flight${tail} (${unit})`;
}

/** The part of CanvasRenderingContext2D the grid uses (tests pass a recorder). */
export type GridContext = Pick<CanvasRenderingContext2D, 'fillStyle' | 'strokeStyle' | 'lineWidth' | 'fillRect' | 'beginPath' | 'moveTo' | 'lineTo' | 'stroke'>;

/**
 * Paints `cells` with `layout` and `palette`: the panel colour behind, one pass of fills per state,
 * then one path of hatches over dirty cells, then the hollow centres of cells in flight.
 */
export function drawGrid(ctx: GridContext, cells: Uint8Array, layout: GridLayout, palette: GridPalette): void {
  const { cols, pitch, gap, widthPx, heightPx } = layout;
  const size = pitch - gap;
  ctx.fillStyle = palette.panel;
  ctx.fillRect(0, 0, widthPx, heightPx);
  for (let s = 0; s < STATES; s++) {
    ctx.fillStyle = palette.fills[s];
    for (let i = 0; i < cells.length; i++) {
      if (cells[i] === s) ctx.fillRect((i % cols) * pitch, Math.floor(i / cols) * pitch, size, size);
    }
  }
  const line = Math.max(1, Math.round(size / 5));
  ctx.beginPath();
  for (let i = 0; i < cells.length; i++) {
    if (cells[i] !== DIRTY) continue;
    const x = (i % cols) * pitch;
    const y = Math.floor(i / cols) * pitch;
    ctx.moveTo(x, y + size);
    ctx.lineTo(x + size, y);
  }
  ctx.strokeStyle = palette.panel;
  ctx.lineWidth = line;
  ctx.stroke();
  // In flight: hollow (a ring of the fill colour around a panel-coloured centre): not there yet.
  const inner = size - 2 * line;
  if (inner > 0) {
    ctx.fillStyle = palette.panel;
    for (let i = 0; i < cells.length; i++) {
      if (cells[i] === IN_FLIGHT) ctx.fillRect((i % cols) * pitch + line, Math.floor(i / cols) * pitch + line, inner, inner);
    }
  }
  // Pulled: a dot of the panel colour in the middle (fetched on demand, after a network fault).
  const dot = Math.max(1, Math.round(size / 3));
  const at = Math.floor((size - dot) / 2);
  ctx.fillStyle = palette.panel;
  for (let i = 0; i < cells.length; i++) {
    if (cells[i] === PULLED) ctx.fillRect((i % cols) * pitch + at, Math.floor(i / cols) * pitch + at, dot, dot);
  }
}
