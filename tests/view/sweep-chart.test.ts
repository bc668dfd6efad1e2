/**
 * The sweep chart with several techniques, by roles and labels: the key's checkboxes hide a line and
 * rescale the value axis, the Scale select's symlog axis keeps 0 and reads in decades, a client stall
 * cut short by the run's end is an open mark with an arrow and says so, and points of two techniques
 * at the same place are each reached by keyboard (← → along a line, ↑ ↓ across) and by pointer (the
 * readout lists both, each with its Open button). Expected words are literal; rows are the figures of
 * a seeded 20 s sweep of the four techniques (crash of host A at 17 s … 19.9 s).
 */
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import SweepChart from '../../src/view/SweepChart.svelte';
import { pointsAt, stepAcross, SWEEP_METRICS, sweepChartModel, type ChartSeries } from '../../src/view/sweep-chart';
import { runEnd, stallCut } from '../../src/view/sweep-cut';
import { niceTop, symlogTicks, valueAxis } from '../../src/view/sweep-y-scale';
import { TECHNIQUES } from '../../src/view/techniques/all';
import type { SweepRow } from '../../src/world/sweep-result';

type Figures = Partial<SweepRow> & Pick<SweepRow, 'value' | 'maxStallUs'>;

function row(scenario: string, f: Figures): SweepRow {
  return {
    scenario,
    seed: 1,
    traceHash: '0123456789abcdef',
    framesReceived: 19,
    gaps: 0,
    duplicates: 0,
    rollbacks: 0,
    sessionState: 'connected',
    outputsLost: 0,
    outputsDuplicated: 0,
    outputsRolledBack: 0,
    downtimeUs: null,
    failoverUs: 200_100,
    invariantsHeld: true,
    firstBroken: null,
    ...f,
  };
}

/** The run behind each row: 20 s long, the clock at 1 Hz, host A crashing at the row's value. */
const runsOf = (rows: readonly SweepRow[]) => rows.map((r) => ({ spec: { untilUs: 20_000_000, params: { clockHz: 1 }, faults: [{ kind: 'crash' as const, target: 'A' as const, atUs: r.value }] } }));

function seriesOf(id: 'kemari' | 'remus' | 'naive' | 'unprotected', title: string, rows: SweepRow[]): ChartSeries {
  return { id, title, glyph: TECHNIQUES[id].glyph, rows, runs: runsOf(rows) };
}

// The unprotected VM died with host A: its client's session is stalled for good (no viewer watchdog), its frame overdue to the end.
const stalled = (value: number, maxStallUs: number) => ({ value, maxStallUs, sessionState: 'stalled' as const, failoverUs: null, invariantsHeld: false, firstBroken: 'vm-survives-host-failure' });
const kemari = seriesOf('kemari', 'Kemari takeover', [
  row('kemari', { value: 17_000_000, maxStallUs: 197_933 }),
  row('kemari', { value: 18_000_000, maxStallUs: 198_458 }),
  row('kemari', { value: 19_000_000, maxStallUs: 193_018 }),
  // No takeover yet when the run ends: the stall of this crash is still running.
  row('kemari', { value: 19_900_000, maxStallUs: 25_363, failoverUs: null }),
]);
const unprotected = seriesOf('unprotected', 'Unprotected VM', [
  row('unprotected', stalled(17_000_000, 2_999_800)),
  row('unprotected', stalled(18_000_000, 1_999_800)),
  row('unprotected', stalled(19_000_000, 999_800)),
  // Still connected at the end: the frame after the crash was due only at 20.0002 s.
  row('unprotected', { ...stalled(19_900_000, 0), sessionState: 'connected' }),
]);
const axis = { label: 'Crash time of host A', unit: 's', per: 1e6, from: 17_000_000, to: 19_900_000 };

function setup(series: ChartSeries[]) {
  const onOpen = vi.fn();
  render(SweepChart, { series, axis, onOpen });
  return { onOpen, user: userEvent.setup() };
}

const chart = () => screen.getByRole('group', { name: /against crash time of host A$/ });
const yTicks = () => [...chart().querySelectorAll('.y-tick')].map((t) => t.textContent);
const points = (title: string) => within(chart()).queryAllByRole('button', { name: new RegExp(`^${title.replace(/[()]/g, '\\$&')}, `) });

describe('SweepChart', () => {
  it("hides a technique from the key's checkbox: its points go and the value axis rescales to the rest", async () => {
    setup([kemari, unprotected]);
    const key = screen.getByRole('group', { name: 'Techniques shown' });
    expect(within(key).getAllByRole('checkbox').map((c) => c.getAttribute('aria-label'))).toEqual(['Show Kemari takeover', 'Show Unprotected VM']);
    expect(points('Unprotected VM')).toHaveLength(4);
    expect(yTicks()).toEqual(['0', '500', '1,000', '1,500', '2,000', '2,500', '3,000']);

    await fireEvent.click(within(key).getByRole('checkbox', { name: 'Show Unprotected VM' }));
    expect(within(key).getByRole('checkbox', { name: 'Show Unprotected VM' })).not.toBeChecked();
    expect(points('Unprotected VM')).toHaveLength(0);
    expect(points('Kemari takeover')).toHaveLength(4);
    expect(yTicks()).toEqual(['0', '50', '100', '150', '200']);

    await fireEvent.click(within(key).getByRole('checkbox', { name: 'Show Kemari takeover' }));
    expect(within(chart()).queryAllByRole('button')).toHaveLength(0);
    expect(within(chart()).getByText('every technique is hidden')).toBeInTheDocument();
    await fireEvent.click(within(key).getByRole('checkbox', { name: 'Show Unprotected VM' }));
    expect(points('Unprotected VM')).toHaveLength(4);
  });

  it('offers a symlog value axis that keeps 0 and reads in decades', async () => {
    setup([kemari, unprotected]);
    const scale = screen.getByRole('combobox', { name: 'Scale' });
    expect(within(scale).getAllByRole('option').map((o) => o.textContent)).toEqual(['Linear', 'Log (symlog, keeps 0)']);
    await fireEvent.change(scale, { target: { value: 'symlog' } });
    expect(yTicks()).toEqual(['0', '1', '10', '100', '1,000']);
    expect(within(chart()).getByText('Client stall (ms, symlog)')).toBeInTheDocument();
    // The 0 ms stall sits on the axis's 0, as on the linear axis.
    const zero = points('Unprotected VM')[3];
    expect(zero.getAttribute('transform')).toBe('translate(624,254)');

    await fireEvent.change(screen.getByRole('combobox', { name: 'Metric' }), { target: { value: 'takeover' } });
    expect(yTicks()).toEqual(['0', '1', '10', '100']);
    await fireEvent.change(scale, { target: { value: 'linear' } });
    expect(yTicks()).toEqual(['0', '50', '100', '150', '200']);
  });

  it("marks a stall cut short by the run's end with an open mark and an arrow, and says so", async () => {
    setup([kemari, unprotected]);
    const cut = within(chart()).getAllByRole('button', { name: /\(cut by the run's end\)/ });
    expect(cut.map((p) => p.getAttribute('aria-label'))).toEqual([
      "Kemari takeover, crash time of host A 19.9 s: client stall at least 25.4 ms (cut by the run's end); session connected; every invariant held",
      "Unprotected VM, crash time of host A 17 s: client stall at least 3 s (cut by the run's end); session stalled; vm-survives-host-failure broke",
      "Unprotected VM, crash time of host A 18 s: client stall at least 2 s (cut by the run's end); session stalled; vm-survives-host-failure broke",
      "Unprotected VM, crash time of host A 19 s: client stall at least 1 s (cut by the run's end); session stalled; vm-survives-host-failure broke",
      "Unprotected VM, crash time of host A 19.9 s: client stall at least 0 s (cut by the run's end); session connected; vm-survives-host-failure broke",
    ]);
    for (const p of cut) expect(p).toHaveClass('cut');
    expect(chart().querySelectorAll('.cut-arrow')).toHaveLength(5);
    // Kemari recovered from its crash at 19 s: a whole stall, a filled mark.
    const whole = points('Kemari takeover')[2];
    expect(whole).toHaveAccessibleName('Kemari takeover, crash time of host A 19 s: client stall 193 ms; session connected; every invariant held');
    expect(whole).not.toHaveClass('cut');
    expect(screen.getByText(/^Open mark, arrow up: cut by the run's end/)).toBeInTheDocument();

    await fireEvent.mouseEnter(cut[1]);
    expect(screen.getByText("Unprotected VM, crash time of host A 17 s: client stall at least 3 s (cut by the run's end); session stalled; vm-survives-host-failure broke")).toBeInTheDocument();
    // Outputs are counts, never cut by the run's end.
    await fireEvent.change(screen.getByRole('combobox', { name: 'Metric' }), { target: { value: 'lost' } });
    expect(within(chart()).queryAllByRole('button', { name: /cut by the run's end/ })).toHaveLength(0);
    expect(screen.queryByText(/^Open mark, arrow up/)).toBeNull();
  });

  it('reaches each of two coincident points by keyboard and by pointer', async () => {
    const same = (id: 'kemari' | 'remus', title: string) => seriesOf(id, title, [17_000_000, 18_000_000].map((value) => row(id, { value, maxStallUs: 200_100 })));
    const { onOpen, user } = setup([same('kemari', 'Kemari takeover'), same('remus', 'Remus checkpointing')]);
    const [k0, k1] = points('Kemari takeover');
    const [r0, r1] = points('Remus checkpointing');
    expect(k0.getAttribute('transform')).toBe(r0.getAttribute('transform'));

    // Tab: Metric, Scale, the key's two checkboxes, then one stop per line.
    for (let i = 0; i < 5; i++) await user.tab();
    expect(document.activeElement).toBe(k0);
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(k1);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(r1);
    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(r0);
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(k0);
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(k0);
    await user.tab();
    expect(document.activeElement).toBe(r0);
    await user.keyboard('{Enter}');
    expect(onOpen).toHaveBeenLastCalledWith('remus', 0);

    // The pointer lands on the top mark; the readout names both, each with its own Open button.
    await fireEvent.mouseEnter(r1);
    expect(screen.getByText('2 points at this place:')).toBeInTheDocument();
    expect(screen.getByText('Kemari takeover, crash time of host A 18 s: client stall 200 ms; session connected; every invariant held')).toBeInTheDocument();
    expect(screen.getByText('Remus checkpointing, crash time of host A 18 s: client stall 200 ms; session connected; every invariant held')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Open run: Kemari takeover' }));
    expect(onOpen).toHaveBeenLastCalledWith('kemari', 1);
    await user.click(screen.getByRole('button', { name: 'Open run: Remus checkpointing' }));
    expect(onOpen).toHaveBeenLastCalledWith('remus', 1);
  });
});

describe('the chart model', () => {
  it('draws the symlog axis from 0 to 1, 2 or 5 × a power of ten, with decade ticks', () => {
    expect([0.3, 3, 16_000, 1000, 1001].map(niceTop)).toEqual([0.5, 5, 20_000, 1000, 2000]);
    expect(symlogTicks(5)).toEqual([0, 1, 2, 5]);
    expect(symlogTicks(50)).toEqual([0, 1, 2, 5, 10, 20, 50]);
    expect(symlogTicks(20_000)).toEqual([0, 1, 10, 100, 1000, 10_000]);
    expect(symlogTicks(0.5)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    const y = valueAxis('symlog', 16_000, [254, 26]);
    expect([0, 25, 16_000].map((v) => Math.round(y.y(v)))).toEqual([254, 179, 31]);
    expect(valueAxis('symlog', undefined, [254, 26]).ticks.map((t) => t.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8', '1']);
  });

  it("tells a stall cut by the run's end from the session and the run's end", () => {
    const end = runEnd({ untilUs: 20_000_000, params: { clockHz: 4 }, faults: [{ kind: 'crash', target: 'A', atUs: 19_000_000 }] });
    expect(end).toEqual({ untilUs: 20_000_000, frameUs: 250_000, crashAtUs: 19_000_000 });
    // A session down (reset, lost) stopped counting when it went down; a stalled one counts to the end.
    expect(stallCut(row('naive', { value: 1, maxStallUs: 0, sessionState: 'reset' }), null)).toBe(false);
    expect(stallCut(row('unprotected', { value: 1, maxStallUs: 1_500_000, sessionState: 'lost' }), null)).toBe(false);
    expect(stallCut(row('unprotected', { value: 1, maxStallUs: 760_000, sessionState: 'stalled' }), null)).toBe(true);
    expect(stallCut(row('kemari', { value: 1, maxStallUs: 900_000, failoverUs: null }), null)).toBe(false);
    expect(stallCut(row('unprotected', { value: 1, maxStallUs: 760_000, failoverUs: null }), end)).toBe(true);
    expect(stallCut(row('unprotected', { value: 1, maxStallUs: 740_000, failoverUs: null }), end)).toBe(false);
    expect(stallCut(row('kemari', { value: 1, maxStallUs: 900_000, failoverUs: 200_000 }), end)).toBe(false);
  });

  it('lists the points at the same place and steps across lines at one value', () => {
    const model = sweepChartModel([kemari, unprotected], SWEEP_METRICS.find((m) => m.id === 'lost')!, axis);
    expect(pointsAt(model, 'kemari:0').map((p) => p.key)).toEqual(['kemari:0', 'unprotected:0']);
    expect(stepAcross(model, 'kemari:3', 1)?.key).toBe('unprotected:3');
    expect(stepAcross(model, 'unprotected:3', 1)).toBeNull();
    const stall = sweepChartModel([kemari, unprotected], SWEEP_METRICS[0], axis, { hidden: ['kemari'] });
    expect(stall.lines.map((l) => l.id)).toEqual(['unprotected']);
    expect(stall.key.map((k) => [k.id, k.shown])).toEqual([['kemari', false], ['unprotected', true]]);
    expect(pointsAt(stall, 'kemari:0')).toEqual([]);
  });
});
