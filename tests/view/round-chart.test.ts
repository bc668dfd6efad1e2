import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import RoundChart from '../../src/view/RoundChart.svelte';
import { CHART, chartModel, chartSummary, roundRows, trendText, type RoundRow } from '../../src/view/round-chart';
import type { MigrationFrame } from '../../src/world/frame';
import { createWorld } from '../../src/world/world';

function run(preset: string, until: string) {
  const { spec } = resolveRun({ scenario: 'migration', preset, until });
  const w = createWorld(spec);
  w.runUntil(spec.untilUs);
  return w;
}
// Game server (64 MiB, 16,384 pages): sixteen rounds, done by about 7.9 s. Rounds 1 to 3 at 100 Mbit/s
// (3,052 pages/s: round 1's 14,436 pages take 4.73 s), the later live rounds a little faster each, the
// final one at the link's 1 Gbit/s.
const game = run('game-server', '10s');
const gameEnd = game.frameAt(10_000_000);
const gameDone = gameEnd.protocol as MigrationFrame;
// Idle (512 MiB, 131,072 pages) at 1 Gbit/s (30,518 pages/s): round 1 from 1 s to about 5.3 s; the
// final round sends no page (only the vCPU). Pages count as sent when their batch of 1,024 goes on the
// wire, so a count in progress is a multiple of 1,024 a little ahead of the time it took.
const idle = run('idle', '8s');
const idleAt = (t: number) => idle.frameAt(t).protocol as MigrationFrame;

const chartAt = (m: MigrationFrame, pageCount: number) => render(RoundChart, { migration: m, pageCount });
const table = () => screen.getByRole('table', { name: 'Pre-copy rounds' });
const bodyRows = () => within(table()).getAllByRole('row').slice(1);
/** A round's row as read: its header (the round) and its cells. */
const rowText = (row: HTMLElement) => [within(row).queryByRole('rowheader'), ...within(row).getAllByRole('cell')].filter((c) => c !== null).map((c) => c.textContent?.trim());

describe('RoundChart', () => {
  it('lists every round in its table: index, pages, duration, rate, and marks the final one', () => {
    chartAt(gameDone, gameEnd.vm.pageCount);
    // Round 1 sends every page but those it skips (written again before the scan reached them); each
    // later round sends what the one before dirtied; below 50 pages pre-copy stops, and the last round is
    // the stop-and-copy (38 pages at 1 Gbit/s, plus the vCPU state).
    expect(bodyRows().map(rowText)).toEqual([
      ['1', '14,436', '4.73 s', '100 Mbit/s', 'live'],
      ['2', '3,165', '1.04 s', '100 Mbit/s', 'live'],
      ['3', '1,251', '410 ms', '100 Mbit/s', 'live'],
      ['4', '692', '215 ms', '105.3 Mbit/s', 'live'],
      ['5', '483', '128 ms', '123.5 Mbit/s', 'live'],
      ['6', '342', '81.5 ms', '137.5 Mbit/s', 'live'],
      ['7', '267', '55.6 ms', '157.3 Mbit/s', 'live'],
      ['8', '202', '39.2 ms', '169.0 Mbit/s', 'live'],
      ['9', '161', '28.6 ms', '184.7 Mbit/s', 'live'],
      ['10', '123', '21.1 ms', '191.1 Mbit/s', 'live'],
      ['11', '103', '16.1 ms', '210.0 Mbit/s', 'live'],
      ['12', '88', '12.6 ms', '229.4 Mbit/s', 'live'],
      ['13', '72', '9.93 ms', '237.7 Mbit/s', 'live'],
      ['14', '58', '7.87 ms', '241.5 Mbit/s', 'live'],
      ['15', '45', '6.11 ms', '241.5 Mbit/s', 'live'],
      ['16', '38', '1.28 ms', '1 Gbit/s', 'stop-and-copy (final)'],
    ]);
  });

  it('is an image named by its rounds, with one bar per round and the final bar labelled', () => {
    chartAt(gameDone, gameEnd.vm.pageCount);
    const img = screen.getByRole('img', { name: /^Pages sent per round: / });
    expect(img).toHaveAccessibleName('Pages sent per round: 16 rounds done; round 1 sent 14,436 pages; round 16 sent 38 (final, stop-and-copy).');
    expect(img.querySelectorAll('rect.bar')).toHaveLength(16);
    expect(within(img as unknown as HTMLElement).getByText('final')).toBeInTheDocument();
    expect(within(img as unknown as HTMLElement).getByText('Round 16 (stop-and-copy (final)): 38 pages in 1.28 ms at 1 Gbit/s')).toBeInTheDocument();
    expect(within(img as unknown as HTMLElement).getByText('Round 1 (live): 14,436 pages in 4.73 s at 100 Mbit/s')).toBeInTheDocument();
  });

  it('shows the round in progress growing inside its planned outline', async () => {
    const { rerender } = chartAt(idleAt(2_000_000), 131_072);
    const svg = screen.getByRole('img', { name: /^Pages sent per round: / });
    expect(svg).toHaveAccessibleName('Pages sent per round: 0 rounds done; round 1 in progress: 30,720 of 131,072 pages sent.');
    // One second into round 1: 30 batches of 1,024 pages.
    expect(bodyRows().map(rowText)).toEqual([['1', '30,720 of 131,072', 'in progress', '1 Gbit/s', 'live, in progress']]);
    expect(svg.querySelectorAll('rect.planned')).toHaveLength(1);
    const h1 = Number(svg.querySelector('rect.bar')!.getAttribute('height'));
    await rerender({ migration: idleAt(4_000_000) });
    const h2 = Number(svg.querySelector('rect.bar')!.getAttribute('height'));
    expect(h2).toBeGreaterThan(h1);
    expect(svg).toHaveAccessibleName('Pages sent per round: 0 rounds done; round 1 in progress: 92,160 of 131,072 pages sent.');
  });

  it('marks a final round that sent no page (only the vCPU state)', () => {
    chartAt(idleAt(8_000_000), 131_072);
    // An idle guest dirties 520 pages during round 1, 3 during round 2, none during round 3: the final
    // round sends no page, only the vCPU state (33 µs, about one page at 1 Gbit/s).
    expect(bodyRows().map(rowText)).toEqual([
      ['1', '131,072', '4.29 s', '1 Gbit/s', 'live'],
      ['2', '520', '17 ms', '1 Gbit/s', 'live'],
      ['3', '3', '98 µs', '1 Gbit/s', 'live'],
      ['4', '0', '33 µs', '1 Gbit/s', 'stop-and-copy (final)'],
    ]);
    expect(screen.getByRole('img', { name: 'Pages sent per round: 4 rounds done; round 1 sent 131,072 pages; round 4 sent 0 (final, stop-and-copy).' })).toBeInTheDocument();
    expect(screen.getByText('final')).toBeInTheDocument();
  });

  it('keeps the round a failure cut short, marked unfinished', () => {
    const { spec } = resolveRun({ scenario: 'migration', until: '5s', faults: ['cut:link@3s'] });
    const w = createWorld(spec);
    w.runUntil(spec.untilUs);
    chartAt(w.frameAt(5_000_000).protocol as MigrationFrame, 131_072);
    // Two seconds of round 1 at 30,518 pages/s, counted in batches of 1,024: 60 batches.
    expect(bodyRows().map(rowText)).toEqual([['1', '61,440 of 131,072', 'unfinished', '1 Gbit/s', 'cut short (migration stopped)']]);
    expect(screen.getByRole('img', { name: 'Pages sent per round: 0 rounds done; round 1 cut short after 61,440 of 131,072 pages.' })).toBeInTheDocument();
    expect(screen.getByText(/^The migration stopped in round 1, before host A committed/)).toBeInTheDocument();
  });

  it('says no rounds yet before the migration starts', () => {
    chartAt(idleAt(500_000), 131_072);
    expect(screen.getByRole('img', { name: 'Pages sent per round: no rounds yet.' })).toBeInTheDocument();
    expect(screen.getByText('No rounds yet.')).toBeInTheDocument();
  });

  it('switches between a log and a linear scale', async () => {
    const user = userEvent.setup();
    chartAt(gameDone, gameEnd.vm.pageCount);
    const log = screen.getByRole('checkbox', { name: 'log scale' });
    expect(log).toBeChecked();
    expect(screen.getByText('pages (log)')).toBeInTheDocument();
    await user.click(log);
    expect(log).not.toBeChecked();
    expect(screen.getByText('pages')).toBeInTheDocument();
  });

  it('explains why the rounds shrink', () => {
    chartAt(gameDone, gameEnd.vm.pageCount);
    // Round 15: 45 pages in 6.106 ms at 241.5 Mbit/s (7,370 pages/s); 38 pages dirtied meanwhile (6,223 pages/s).
    expect(screen.getByText('Round 15 sent 7,370 pages/s while the guest dirtied 6,223 pages/s: the next round is 0.84 × this one (rounds shrink).')).toBeInTheDocument();
  });
});

describe('round-chart (pure)', () => {
  const row = (index: number, pagesSent: number, extra: Partial<RoundRow> = {}): RoundRow => ({
    index,
    pagesSent,
    pagesPlanned: pagesSent,
    durationUs: 1_000_000,
    rateBitsPerSec: 100e6,
    final: false,
    live: false,
    cutShort: false,
    dirtiedPerSec: 1000,
    pagesDirtied: 1000,
    ...extra,
  });

  it('turns a frame into closed rounds plus the round in progress', () => {
    // Idle at 5.305 s: round 1 closed at 5.295168 s; round 2 has put its 520 pages on the wire.
    const rows = roundRows(idleAt(5_305_000));
    expect(rows.map((r) => r.index)).toEqual([1, 2]);
    expect(rows[0]).toMatchObject({ live: false, pagesSent: 131_072, durationUs: 4_294_968, pagesDirtied: 520 });
    expect(rows[1]).toMatchObject({ live: true, durationUs: null, pagesSent: 520, pagesPlanned: 520 });
  });

  it('scales bars by pages: taller for more pages, on a log scale from 1 page', () => {
    const model = chartModel([row(1, 16_384), row(2, 4_000), row(3, 40, { final: true })], 16_384);
    const [a, b, c] = model.bars;
    expect(a.height).toBeGreaterThan(b.height);
    expect(b.height).toBeGreaterThan(c.height);
    expect(a.y).toBeCloseTo(CHART.barsTop);
    expect(a.y + a.height).toBe(CHART.barsBottom);
    expect(model.barTicks.map((t) => t.label)).toEqual(['1', '10', '100', '1k', '10k']);
    // At least ten slots, so the first rounds do not fill the chart.
    expect(a.width).toBeLessThan((CHART.width - CHART.left - CHART.right) / 10);
  });

  it('plots pages sent per second (the rate) and pages dirtied per second (not for the final round)', () => {
    const model = chartModel([row(1, 16_384), row(2, 4_000), row(3, 40, { final: true, dirtiedPerSec: null })], 16_384);
    expect(model.sendPoints.map((p) => Math.round(p.value))).toEqual([3052, 3052, 3052]);
    expect(model.dirtyPoints.map((p) => p.index)).toEqual([1, 2]);
    expect(model.sendPath).toMatch(/^M/);
  });

  it('says when rounds do not shrink', () => {
    const text = trendText([row(1, 65_536, { pagesDirtied: 65_536, dirtiedPerSec: 3052 })]);
    expect(text).toBe('Round 1 sent 3,052 pages/s while the guest dirtied 3,052 pages/s: the next round is 1.00 × this one (rounds do not shrink, so a stop rule must end pre-copy).');
  });

  it('names a lone final round (stop-and-copy)', () => {
    expect(chartSummary([row(1, 131_072, { final: true })])).toBe('Pages sent per round: 1 round done; round 1 sent 131,072 pages (final, stop-and-copy).');
  });
});
