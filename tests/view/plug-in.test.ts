/**
 * A technique of the caller's in the view: its descriptor's rules in the rules panel, its run as a row
 * of the compare table, its sweep's rows in the sweep table and its glyph in the sweep chart — the
 * same components the built-in techniques use, given the technique's own descriptor.
 */
import { render, screen, within } from '@testing-library/svelte';
import { symbol, symbolCircle, symbolStar } from 'd3-shape';
import { describe, expect, it } from 'vitest';
import { compareRow, compareRun, defaultCompare } from '../../src/app/compare';
import { defaultRunOf } from '../../src/scenarios/run-spec';
import CompareTable from '../../src/view/CompareTable.svelte';
import InvariantPanel from '../../src/view/InvariantPanel.svelte';
import SweepTable from '../../src/view/SweepTable.svelte';
import { sweepChartModel, SWEEP_METRICS, type ChartSeries } from '../../src/view/sweep-chart';
import { techniqueLine } from '../../src/app/compare';
import { runSweepRun, runToEnd } from '../../src/world/sweep-result';
import { planSweep } from '../../src/world/sweep';
import { heartbeatDescriptor, heartbeatScenario, heartbeatTechnique } from '../support/heartbeat/index';

describe('a technique of the caller\'s, in the view', () => {
  it('the rules panel lists its rules with their meanings', () => {
    render(InvariantPanel, { rules: heartbeatDescriptor.rules, violations: [] });
    const panel = screen.getByRole('region', { name: 'Rules' });
    expect(within(panel).getAllByRole('listitem').map((li) => li.querySelector('code')!.textContent)).toEqual(['alarm-raised', 'client-never-rolls-back']);
    expect(within(panel).getByText(/when host A falls silent, host B raises the alarm/)).toBeInTheDocument();
    expect(screen.getByText('All 2 rules hold so far.')).toBeInTheDocument();
  });

  it('its run is a row of the compare table, with its line from the descriptor', () => {
    const c = defaultCompare();
    const spec = compareRun(heartbeatScenario, c);
    expect(techniqueLine(spec, heartbeatDescriptor)).toBe('host B raises an alarm after 300 ms of silence');
    const row = compareRow('heartbeat', heartbeatDescriptor.name, runToEnd(spec, heartbeatTechnique));
    render(CompareTable, { rows: [row], untilUs: c.untilUs, crashAtUs: c.crashAtUs });
    const tr = screen.getByRole('rowheader', { name: 'Heartbeats only' }).closest('tr')!;
    expect([...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())).toEqual(['stalled', '16.00 s', '0', '0', '0', '0 B', '0.00%']);
  });

  it('its sweep comes back as rows of the sweep table and marks of its own glyph in the chart', () => {
    const base = defaultRunOf(heartbeatScenario);
    const runs = planSweep(base, { variable: 'crashAt', from: 1_000_000, to: 3_000_000, runs: 3 });
    const series: ChartSeries[] = [{ id: 'heartbeat', title: heartbeatDescriptor.name, glyph: heartbeatDescriptor.glyph, rows: runs.map((r) => runSweepRun(r, heartbeatTechnique)) }];
    const axis = { label: 'Crash time of host A', unit: 's', per: 1e6, from: 1e6, to: 3e6 };
    render(SweepTable, { series, axis });
    const rows = within(screen.getByRole('region', { name: 'Sweep results table' })).getAllByRole('rowheader', { name: 'Heartbeats only' });
    expect(rows).toHaveLength(3);
    expect(rows[0].closest('tr')!.querySelector('td')!.textContent).toBe('1');
    const model = sweepChartModel(series, SWEEP_METRICS[0], axis);
    expect(model.lines).toHaveLength(1);
    expect(model.lines[0].colour).toBe('var(--ink)');
    // The descriptor's star, drawn by d3-shape (not the circle another technique would get).
    expect(model.lines[0].shape).toBe(symbol(symbolStar, 64)());
    expect(model.lines[0].shape).not.toBe(symbol(symbolCircle, 64)());
    expect(model.lines[0].points).toHaveLength(3);
  });
});
