import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import RoundChart from '../../src/view/RoundChart.svelte';
import { formatSpanForPeople } from '../../src/sim/time';
import { formatCount, formatRate } from '../../src/view/migration-format';
import { CHART, chartModel, chartSummary, roundRows, trendText, type RoundRow } from '../../src/view/round-chart';
import type { MigrationFrame } from '../../src/world/frame';
import { createWorld } from '../../src/world/world';

function run(preset: string, until: string) {
  const { spec } = resolveRun({ scenario: 'migration', preset, until });
  const w = createWorld(spec);
  w.runUntil(spec.untilUs);
  return w;
}
// Game server (64 MiB, 16,384 pages): sixteen rounds, done by about 7.9 s.
const game = run('game-server', '10s');
const gameEnd = game.frameAt(10_000_000);
const gameDone = gameEnd.protocol as MigrationFrame;
// Idle (512 MiB): round 1 from 1 s to about 5.3 s; the final round sends no page (only the vCPU).
const idle = run('idle', '8s');
const idleAt = (t: number) => idle.frameAt(t).protocol as MigrationFrame;

const chartAt = (m: MigrationFrame, pageCount: number) => render(RoundChart, { migration: m, pageCount });
const table = () => screen.getByRole('table', { name: 'Pre-copy rounds' });
const bodyRows = () => within(table()).getAllByRole('row').slice(1);

describe('RoundChart', () => {
  it('lists every round in its table: index, pages, duration, rate, and marks the final one', () => {
    chartAt(gameDone, gameEnd.vm.pageCount);
    const rows = bodyRows();
    expect(gameDone.rounds.length).toBeGreaterThan(3);
    expect(rows).toHaveLength(gameDone.rounds.length);
    gameDone.rounds.forEach((r, i) => {
      const cells = within(rows[i]).getAllByRole('cell');
      expect(within(rows[i]).getByRole('rowheader')).toHaveTextContent(String(r.index));
      expect(cells[0]).toHaveTextContent(formatCount(r.pagesSent));
      expect(cells[1]).toHaveTextContent(formatSpanForPeople(r.endUs - r.startUs));
      expect(cells[2]).toHaveTextContent(formatRate(r.rateBitsPerSec));
      expect(cells[3]).toHaveTextContent(r.final ? 'stop-and-copy (final)' : 'live');
    });
    // Round 1 sends every page but those it skips (written again before the scan reached them); only the last round is the stop-and-copy.
    expect(within(rows[0]).getAllByRole('cell')[0]).toHaveTextContent('14,436');
    expect(rows.filter((r) => r.textContent!.includes('stop-and-copy (final)'))).toEqual([rows[rows.length - 1]]);
  });

  it('is an image named by its rounds, with one bar per round and the final bar labelled', () => {
    chartAt(gameDone, gameEnd.vm.pageCount);
    const last = gameDone.rounds[gameDone.rounds.length - 1];
    const img = screen.getByRole('img', { name: /^Pages sent per round: / });
    expect(img).toHaveAccessibleName(
      `Pages sent per round: ${gameDone.rounds.length} rounds done; round 1 sent 14,436 pages; round ${last.index} sent ${formatCount(last.pagesSent)} (final, stop-and-copy).`,
    );
    expect(img.querySelectorAll('rect.bar')).toHaveLength(gameDone.rounds.length);
    expect(within(img as unknown as HTMLElement).getByText('final')).toBeInTheDocument();
    expect(within(img as unknown as HTMLElement).getByText(new RegExp(`^Round ${last.index} \\(stop-and-copy \\(final\\)\\)`))).toBeInTheDocument();
  });

  it('shows the round in progress growing inside its planned outline', async () => {
    const { rerender } = chartAt(idleAt(2_000_000), 131_072);
    const svg = screen.getByRole('img', { name: /^Pages sent per round: / });
    const first = idleAt(2_000_000);
    expect(first.rounds).toHaveLength(0);
    expect(bodyRows()).toHaveLength(1);
    expect(bodyRows()[0]).toHaveTextContent(`${formatCount(first.roundPagesSent)} of 131,072`);
    expect(bodyRows()[0]).toHaveTextContent('in progress');
    expect(svg.querySelectorAll('rect.planned')).toHaveLength(1);
    const h1 = Number(svg.querySelector('rect.bar')!.getAttribute('height'));
    await rerender({ migration: idleAt(4_000_000) });
    const h2 = Number(svg.querySelector('rect.bar')!.getAttribute('height'));
    expect(h2).toBeGreaterThan(h1);
    expect(screen.getByRole('img', { name: /round 1 in progress: / })).toBeInTheDocument();
  });

  it('marks a final round that sent no page (only the vCPU state)', () => {
    const done = idleAt(8_000_000);
    const final = done.rounds[done.rounds.length - 1];
    expect(final).toMatchObject({ final: true, pagesSent: 0 });
    chartAt(done, 131_072);
    const last = bodyRows()[bodyRows().length - 1];
    expect(last).toHaveTextContent('stop-and-copy (final)');
    expect(within(last).getAllByRole('cell')[0]).toHaveTextContent(/^0$/);
    expect(screen.getByText('final')).toBeInTheDocument();
  });

  it('keeps the round a failure cut short, marked unfinished', () => {
    const { spec } = resolveRun({ scenario: 'migration', until: '5s', faults: ['cut:link@3s'] });
    const w = createWorld(spec);
    w.runUntil(spec.untilUs);
    const m = w.frameAt(5_000_000).protocol as MigrationFrame;
    expect(m.outcome).toBe('aborted');
    chartAt(m, 131_072);
    const rows = bodyRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent(`${formatCount(m.roundPagesSent)} of 131,072`);
    expect(rows[0]).toHaveTextContent('unfinished');
    expect(rows[0]).toHaveTextContent('cut short (migration stopped)');
    expect(screen.getByRole('img', { name: `Pages sent per round: 0 rounds done; round 1 cut short after ${formatCount(m.roundPagesSent)} of 131,072 pages.` })).toBeInTheDocument();
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
    expect(screen.getByText(/: the next round is 0\.\d\d × this one \(rounds shrink\)\.$/)).toBeInTheDocument();
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
    const m = idleAt(5_305_000);
    const rows = roundRows(m);
    expect(rows.map((r) => r.index)).toEqual([...m.rounds.map((r) => r.index), m.round]);
    expect(rows[rows.length - 1]).toMatchObject({ live: true, durationUs: null, pagesPlanned: m.roundPagesPlanned });
    expect(rows[0]).toMatchObject({ live: false, pagesSent: 131_072, pagesDirtied: m.rounds[0].pagesDirtied });
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
