import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { PARAMS } from '../../src/scenarios/params';
import { defaultRun, resolveRun } from '../../src/scenarios/run-spec';
import { unprotected } from '../../src/scenarios/unprotected';
import ParamPanel from '../../src/view/ParamPanel.svelte';

const defs = unprotected.params.map((n) => PARAMS[n]);
const values = defaultRun('unprotected').params;
const check = (name: string, text: string) => resolveRun({ scenario: 'unprotected', params: [[name, text]] }).errors.find((e) => e.field === name)?.message ?? null;

describe('ParamPanel', () => {
  it('shows every parameter of the scenario as a labelled field, numbers as spinbuttons with their range', () => {
    render(ParamPanel, { defs, values, check, onApply: () => {} });
    const bw = screen.getByRole('spinbutton', { name: 'Link bandwidth (Mbit/s)' });
    expect(bw).toHaveValue(1000);
    expect(bw).toHaveAttribute('min', '1');
    expect(bw).toHaveAttribute('max', '100000');
    expect(bw).toHaveAccessibleDescription(/bandwidthMbps · 1–100000 Mbit\/s, default 1000/);
    expect(screen.getByRole('combobox', { name: 'Writer pattern' })).toHaveValue('round-robin');
    expect(screen.getAllByRole('spinbutton')).toHaveLength(defs.filter((d) => d.kind === 'number').length);
  });

  it('refuses an out-of-range entry at the field with its message and range, and applies nothing', async () => {
    const onApply = vi.fn();
    render(ParamPanel, { defs, values, check, onApply });
    const bw = screen.getByRole('spinbutton', { name: 'Link bandwidth (Mbit/s)' });
    await fireEvent.change(bw, { target: { value: '0' } });
    expect(bw).toHaveAttribute('aria-invalid', 'true');
    expect(bw).toHaveAccessibleDescription(/bandwidthMbps must be a number from 1 to 100000 \(Mbit\/s\); got "0"/);
    expect(onApply).not.toHaveBeenCalled();
    await fireEvent.change(bw, { target: { value: '250' } });
    expect(bw).not.toHaveAttribute('aria-invalid');
    expect(onApply).toHaveBeenCalledWith('bandwidthMbps', '250');
  });
});
