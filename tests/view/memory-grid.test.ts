import { render, screen } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import MemoryGrid from '../../src/view/MemoryGrid.svelte';
import MemoryLegend from '../../src/view/MemoryLegend.svelte';
import {
  cellSizeText,
  countCells,
  DIRTY,
  drawGrid,
  EMPTY,
  FALLBACK_PALETTE,
  gridLayout,
  gridSummary,
  IN_FLIGHT,
  paletteFrom,
  SENT,
  type GridContext,
} from '../../src/view/memory-grid';
import { CELL_DIRTY, CELL_EMPTY, CELL_IN_FLIGHT, CELL_SENT, type Frame, type MigrationFrame } from '../../src/world/frame';
import { createWorld } from '../../src/world/world';

// The idle preset (512 MiB: 2,048 cells of 64 pages): round 1 runs from 1 s to about 5.3 s.
const { spec } = resolveRun({ scenario: 'migration', until: '8s' });
const world = createWorld(spec);
world.runUntil(spec.untilUs);
const mig = (t: number) => world.frameAt(t).protocol as MigrationFrame;

/** A 2D context that records what was drawn. */
function recorder() {
  const calls: { op: string; style: string; args: number[] }[] = [];
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    fillRect(...args: number[]) {
      calls.push({ op: 'fillRect', style: String(ctx.fillStyle), args });
    },
    beginPath() {
      calls.push({ op: 'beginPath', style: '', args: [] });
    },
    moveTo(...args: number[]) {
      calls.push({ op: 'moveTo', style: '', args });
    },
    lineTo(...args: number[]) {
      calls.push({ op: 'lineTo', style: '', args });
    },
    stroke() {
      calls.push({ op: 'stroke', style: String(ctx.strokeStyle), args: [] });
    },
  };
  return { ctx: ctx as unknown as GridContext, calls };
}

/** A frame of round 1 in which some cells are in flight and some dirty. */
function busyFrame(): MigrationFrame {
  for (const f of world.frames) {
    const m = f.protocol.kind === 'migration' ? f.protocol : null;
    if (!m || m.round !== 1) continue;
    const [, , dirty, inFlight] = countCells(m.grid.A);
    if (dirty > 0 && inFlight > 0) return m;
  }
  throw new Error('no frame with dirty cells and cells in flight');
}

describe('memory-grid (pure)', () => {
  it('uses the Frame’s cell values', () => {
    expect([EMPTY, SENT, DIRTY, IN_FLIGHT]).toEqual([CELL_EMPTY, CELL_SENT, CELL_DIRTY, CELL_IN_FLIGHT]);
  });

  it('lays out 2,048 cells as 64 x 32, in whole device pixels, within the width and height given', () => {
    const l = gridLayout(2048, 448);
    expect(l).toMatchObject({ cols: 64, rows: 32, pitch: 7, gap: 1, widthPx: 447, heightPx: 223, cssWidth: 447 });
    const hi = gridLayout(2048, 448, 2);
    expect(hi.pitch).toBe(14);
    expect(hi.cssWidth).toBe(hi.widthPx / 2);
    expect(hi.cssWidth).toBeLessThanOrEqual(448);
    const capped = gridLayout(2048, 448, 1, 160);
    expect(capped.pitch).toBe(5);
    expect(capped.cssHeight).toBeLessThanOrEqual(160);
    // Never smaller than 3 px apart, however narrow; small memories get fewer columns.
    expect(gridLayout(2048, 10).pitch).toBe(3);
    expect(gridLayout(200, 400).cols).toBe(20);
    expect(gridLayout(1600, 448)).toMatchObject({ cols: 57, rows: 29 });
  });

  it('says what one cell stands for', () => {
    expect(cellSizeText(128)).toBe('1 cell = 128 pages (512 KiB)');
    expect(cellSizeText(512)).toBe('1 cell = 512 pages (2 MiB)');
    expect(cellSizeText(1)).toBe('1 cell = 1 page (4 KiB)');
  });

  it('sums a real grid up for a screen reader', () => {
    const m = busyFrame();
    const [empty, sent, dirty, inFlight] = countCells(m.grid.A);
    expect(empty + sent + dirty + inFlight).toBe(2048);
    const n = (x: number) => x.toLocaleString('en-US');
    expect(gridSummary('A', m.grid.A, m.grid.cellPages)).toBe(
      `Host A memory: ${n(dirty)} of 2,048 cells dirty, ${n(inFlight)} in flight, ${n(sent)} sent this round (64 pages per cell)`,
    );
    const b = countCells(m.grid.B);
    expect(gridSummary('B', m.grid.B, m.grid.cellPages)).toBe(
      `Host B memory: ${n(b[1])} of 2,048 cells hold a current copy, ${n(b[2])} stale, ${n(b[3])} in flight (64 pages per cell)`,
    );
  });

  it('after the migration, every cell of host B holds a current copy', () => {
    const [, sent] = countCells(mig(7_000_000).grid.B);
    expect(sent).toBe(2048);
  });

  it('draws one cell per cell, a hatch per dirty cell and a hollow centre per cell in flight', () => {
    const m = busyFrame();
    const cells = m.grid.A;
    const [empty, sent, dirty, inFlight] = countCells(cells);
    const layout = gridLayout(cells.length, 448);
    const { ctx, calls } = recorder();
    drawGrid(ctx, cells, layout, FALLBACK_PALETTE);
    const fills = (style: string) => calls.filter((c) => c.op === 'fillRect' && c.style === style).length;
    const [cEmpty, cSent, cDirty, cFlight] = FALLBACK_PALETTE.fills;
    expect(fills(cEmpty)).toBe(empty);
    expect(fills(cSent)).toBe(sent);
    expect(fills(cDirty)).toBe(dirty);
    expect(fills(cFlight)).toBe(inFlight);
    // The background plus one hollow centre per cell in flight, in the panel colour.
    expect(fills(FALLBACK_PALETTE.panel)).toBe(1 + inFlight);
    expect(calls.filter((c) => c.op === 'moveTo')).toHaveLength(dirty);
    // Cell i sits at column i % cols, row i / cols.
    const first = cells.findIndex((c) => c === DIRTY);
    const at = calls.find((c) => c.op === 'fillRect' && c.style === cDirty)!;
    expect(at.args.slice(0, 2)).toEqual([(first % layout.cols) * layout.pitch, Math.floor(first / layout.cols) * layout.pitch]);
  });

  it('reads its colours from CSS variables, falling back to Okabe–Ito defaults', () => {
    const p = paletteFrom((v) => (v === '--dirty' ? ' #ff0000 ' : ''));
    expect(p.fills[DIRTY]).toBe('#ff0000');
    expect(p.fills[SENT]).toBe(FALLBACK_PALETTE.fills[SENT]);
    expect(p.panel).toBe(FALLBACK_PALETTE.panel);
  });
});

describe('MemoryGrid', () => {
  let getContext: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    // jsdom has no 2D canvas: the component must cope with a null context.
    getContext = vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
  });
  afterEach(() => getContext.mockRestore());

  it('is an image named by its counts, with a caption and the cell size', () => {
    const m = busyFrame();
    render(MemoryGrid, { host: 'A', cells: m.grid.A, cellPages: m.grid.cellPages });
    const img = screen.getByRole('img', { name: /^Host A memory: / });
    expect(img).toHaveAccessibleName(gridSummary('A', m.grid.A, 64));
    expect(screen.getByText('Host A memory (source)')).toBeInTheDocument();
    expect(screen.getByText('1 cell = 64 pages (256 KiB)')).toBeInTheDocument();
  });

  it('follows the frames: host B fills up as round 1 goes on', async () => {
    const early = mig(1_500_000);
    const late = mig(7_000_000);
    const { rerender } = render(MemoryGrid, { host: 'B', cells: early.grid.B, cellPages: 64 });
    const img = screen.getByRole('img', { name: /^Host B memory: / });
    expect(img.getAttribute('aria-label')).not.toContain('2,048 of 2,048 cells hold a current copy');
    await rerender({ cells: late.grid.B });
    expect(img).toHaveAccessibleName(/^Host B memory: 2,048 of 2,048 cells hold a current copy, 0 stale, 0 in flight/);
  });

  it('redraws when the cells change, and not when the same cells come again', async () => {
    const { ctx, calls } = recorder();
    getContext.mockReturnValue(ctx as unknown as CanvasRenderingContext2D);
    const draws = () => calls.filter((c) => c.op === 'fillRect' && c.args[0] === 0 && c.args[1] === 0 && c.style === FALLBACK_PALETTE.panel).length;
    // Two different frames that share host A's cells (the world shares unchanged grids), then a change.
    const migrationOf = (f: Frame) => f.protocol as MigrationFrame;
    const frames = world.frames.filter((f) => f.protocol.kind === 'migration' && f.protocol.round === 1);
    const i = frames.findIndex((f, k) => k > 0 && migrationOf(f).grid.A === migrationOf(frames[k - 1]).grid.A && f !== frames[k - 1]);
    expect(i).toBeGreaterThan(0);
    const a = migrationOf(frames[i - 1]);
    const b = migrationOf(frames[i]);
    const changed = migrationOf(frames.slice(i).find((f) => migrationOf(f).grid.A !== b.grid.A)!);
    const { rerender } = render(MemoryGrid, { host: 'A', cells: a.grid.A, cellPages: 64 });
    expect(draws()).toBe(1);
    await rerender({ cells: b.grid.A });
    expect(draws()).toBe(1);
    await rerender({ cells: changed.grid.A });
    expect(draws()).toBe(2);
  });
});

describe('MemoryLegend', () => {
  it('names every state, the same words for both hosts', () => {
    render(MemoryLegend);
    const key = screen.getByRole('list', { name: 'Key to the memory grids' });
    expect(key).toHaveTextContent('not sent / no copy');
    expect(key).toHaveTextContent('sent / current copy');
    expect(key).toHaveTextContent('dirty / stale copy');
    expect(key).toHaveTextContent('in flight');
    expect(screen.getAllByRole('listitem')).toHaveLength(4);
  });
});
