/**
 * The sweep panel, by roles and labels: its fields and their checks (a bad entry refused at the field
 * with its allowed range, results kept), techniques without the variable disabled, progress and
 * Cancel, and a given set of results drawn as one point per run and technique, with a table row each;
 * hovering reads a point out, clicking or Enter opens its run; hiding a technique leaves its rows.
 * The chart's own behaviours (toggles, symlog axis, cut marks, coincident points): ./sweep-chart.test.ts.
 */
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { TECHNIQUES } from '../../src/view/techniques/all';
import { checkForm, techniqueChoices, variableChoices } from '../../src/app/sweep-form';
import { resolveRun } from '../../src/scenarios/run-spec';
import SweepPanel from '../../src/view/SweepPanel.svelte';
import type { ChartSeries } from '../../src/view/sweep-chart';
import type { SweepFormText } from '../../src/view/sweep-panel';
import type { SweepRow } from '../../src/world/sweep-result';

const base = resolveRun({ scenario: 'remus', until: '20s' }).spec;

function row(scenario: string, valueUs: number, stallUs: number, held = true): SweepRow {
  return {
    value: valueUs,
    scenario,
    seed: 1,
    traceHash: '0123456789abcdef',
    maxStallUs: stallUs,
    framesReceived: 19,
    gaps: 0,
    duplicates: 0,
    rollbacks: held ? 0 : 1,
    sessionState: held ? 'connected' : 'reset',
    outputsLost: 0,
    outputsDuplicated: 0,
    outputsRolledBack: held ? 0 : 3,
    downtimeUs: null,
    failoverUs: 200_100,
    invariantsHeld: held,
    firstBroken: held ? null : 'client-never-rolls-back',
  };
}

const series: ChartSeries[] = [
  { id: 'remus', title: 'Remus checkpointing', glyph: TECHNIQUES.remus.glyph, rows: [1, 2, 3, 4].map((s) => row('remus', s * 1e6, 170_000 + s)) },
  { id: 'naive', title: 'Naive snapshots (broken)', glyph: TECHNIQUES.naive.glyph, rows: [1, 2, 3, 4].map((s) => row('naive', s * 1e6, 1_000_000 * s, s % 2 === 0)) },
];
const axis = { label: 'Crash time of host A', unit: 's', per: 1e6, from: 1e6, to: 4e6 };

function setup(props: Partial<Parameters<typeof render<typeof SweepPanel>>[1] & object> = {}) {
  const handlers = { onRun: vi.fn(), onCancel: vi.fn(), onExport: vi.fn(), onOpen: vi.fn() };
  render(SweepPanel, {
    variables: variableChoices(base),
    techniques: techniqueChoices(base),
    check: (form: SweepFormText) => checkForm(form, base).errors,
    status: 'idle',
    done: 0,
    total: 0,
    series: [],
    axis: null,
    ...handlers,
    ...props,
  });
  return handlers;
}

const spin = (name: string) => screen.getByRole('spinbutton', { name });

describe('SweepPanel', () => {
  it('offers crash time first, over the run, 20 runs, with the lab technique checked', async () => {
    const { onRun } = setup();
    expect(screen.getByRole('combobox', { name: 'Variable' })).toHaveValue('crashAt');
    expect(spin('From (s)')).toHaveValue(1);
    expect(spin('To (s)')).toHaveValue(19);
    expect(spin('Runs')).toHaveValue(20);
    expect(screen.getByRole('checkbox', { name: /^Remus checkpointing \(this lab\)/ })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /^Kemari takeover/ })).not.toBeChecked();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeDisabled();
    await fireEvent.change(spin('Runs'), { target: { value: '6' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Run sweep' }));
    expect(onRun).toHaveBeenCalledWith({ variable: 'crashAt', from: '1', to: '19', runs: '6', techniques: ['remus'] });
  });

  it('refuses a bad entry at its field with the allowed range, and runs nothing', async () => {
    const { onRun } = setup({ series, axis, status: 'done', done: 8, total: 8 });
    await fireEvent.change(spin('To (s)'), { target: { value: '25' } });
    expect(spin('To (s)')).toHaveAttribute('aria-invalid', 'true');
    expect(spin('To (s)')).toHaveAccessibleDescription(`to must be a time in seconds from 0 to 20 (the run's length); got "25"`);
    await fireEvent.change(spin('Runs'), { target: { value: '1001' } });
    expect(spin('Runs')).toHaveAccessibleDescription('runs must be a whole number from 1 to 1000; got "1001"');
    await fireEvent.click(screen.getByRole('button', { name: 'Run sweep' }));
    expect(onRun).not.toHaveBeenCalled();
    // The last results stay.
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(9);
    await fireEvent.change(spin('To (s)'), { target: { value: '5' } });
    expect(spin('To (s)')).not.toHaveAttribute('aria-invalid');
  });

  it('follows another variable: its unit and first range; techniques without it are disabled', async () => {
    setup();
    await fireEvent.change(screen.getByRole('combobox', { name: 'Variable' }), { target: { value: 'epochMs' } });
    expect(spin('From (ms)')).toHaveValue(12.5);
    expect(spin('To (ms)')).toHaveValue(50);
    expect(screen.getByRole('checkbox', { name: /^Kemari takeover — no epochMs/ })).toBeDisabled();
    expect(screen.getByRole('checkbox', { name: /^Naive snapshots/ })).toBeEnabled();
    await fireEvent.change(spin('From (ms)'), { target: { value: '0' } });
    expect(spin('From (ms)')).toHaveAccessibleDescription(/from must be a number from 1 to 10000 \(ms\); got "0"/);
  });

  it('shows progress while running, and Cancel', async () => {
    const { onCancel } = setup({ status: 'running', done: 37, total: 200 });
    expect(screen.getByRole('progressbar', { name: 'Sweep progress' })).toHaveAttribute('aria-valuetext', '37 of 200 runs');
    expect(screen.getByText('37 of 200 runs')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run sweep' })).toBeDisabled();
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalled();
  });

  it('while running, draws the points that came back but keeps the table for the end (its layout grew with every row)', () => {
    setup({ series, axis, status: 'running', done: 8, total: 20 });
    const chart = screen.getByRole('group', { name: 'Client stall against crash time of host A' });
    expect(within(chart).getAllByRole('button', { name: /^Remus checkpointing, crash time of host A/ })).toHaveLength(4);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.getByText('The results table fills in when the sweep ends; the chart shows each run as it comes back.')).toBeInTheDocument();
  });

  it('draws a point per run and technique, a table row each; hover reads a point, click and Enter open its run', async () => {
    const { onOpen, onExport } = setup({ series, axis, status: 'done', done: 8, total: 8 });
    const chart = screen.getByRole('group', { name: 'Client stall against crash time of host A' });
    const remus = within(chart).getAllByRole('button', { name: /^Remus checkpointing, crash time of host A \d s: client stall/ });
    const naive = within(chart).getAllByRole('button', { name: /^Naive snapshots \(broken\), crash time of host A \d s: client stall/ });
    expect(remus).toHaveLength(4);
    expect(naive).toHaveLength(4);
    // Distinct shapes per technique.
    expect(remus[0].getAttribute('d')).not.toBe(naive[0].getAttribute('d'));
    // One tab stop per line.
    expect(naive.map((p) => p.getAttribute('tabindex'))).toEqual(['0', '-1', '-1', '-1']);
    const rows = within(screen.getByRole('table', { name: /^Sweep results: 8 runs/ })).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(8);
    expect(within(rows[4]).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1', '1000.0', '0', '0', '3', '200.1', 'reset', 'client-never-rolls-back broke']);

    await fireEvent.mouseEnter(naive[2]);
    // A reset session stopped counting its stall when it broke: not a lower bound.
    expect(screen.getByText('Naive snapshots (broken), crash time of host A 3 s: client stall 3 s; session reset; client-never-rolls-back broke')).toBeInTheDocument();
    expect(naive[2]).not.toHaveClass('cut');
    expect(remus[2]).toHaveAccessibleName('Remus checkpointing, crash time of host A 3 s: client stall 170 ms; session connected; every invariant held');
    await fireEvent.click(naive[2]);
    expect(onOpen).toHaveBeenLastCalledWith('naive', 2);
    await fireEvent.keyDown(remus[1], { key: 'Enter' });
    expect(onOpen).toHaveBeenLastCalledWith('remus', 1);

    await fireEvent.change(screen.getByRole('combobox', { name: 'Metric' }), { target: { value: 'rolledBack' } });
    expect(screen.getByRole('group', { name: 'Outputs rolled back against crash time of host A' })).toBeInTheDocument();
    expect(naive[1]).toHaveAccessibleName('Naive snapshots (broken), crash time of host A 2 s: outputs rolled back 0 outputs; session connected; every invariant held');
    // The key doubles as toggles; hiding a technique leaves the table (and the export) whole.
    await fireEvent.click(within(screen.getByRole('group', { name: 'Techniques shown' })).getByRole('checkbox', { name: 'Show Naive snapshots (broken)' }));
    expect(within(chart).queryAllByRole('button', { name: /^Naive snapshots/ })).toHaveLength(0);
    expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(9);
    await fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(onExport).toHaveBeenCalledWith('csv');
  });
});
