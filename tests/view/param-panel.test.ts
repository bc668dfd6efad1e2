import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { PARAMS } from '../../src/scenarios/params';
import { kemari } from '../../src/scenarios/kemari';
import { defaultRun, resolveRun, withParam } from '../../src/scenarios/run-spec';
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
    // Its meaning in words (./param-meanings.ts, loaded with the panel).
    expect(bw).toHaveAccessibleDescription(/Bandwidth of the replication link between the hosts \(10\^6 bits per second per Mbit\)\./);
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

  it('refuses a heartbeat not shorter than the timeout at the field it was entered in, naming the other field; the other keeps its value', async () => {
    const run = defaultRun('kemari');
    // As the page checks an entry: set it on the run, and show the error of that field.
    const checkRun = (name: string, text: string) => {
      const { errors } = withParam(run, name, text);
      return (errors.find((e) => e.field === name) ?? errors[0])?.message ?? null;
    };
    const onApply = vi.fn();
    render(ParamPanel, { defs: kemari.params.map((n) => PARAMS[n]), values: run.params, check: checkRun, onApply });
    const heartbeat = screen.getByRole('spinbutton', { name: 'Heartbeat interval (ms)' });
    const timeout = screen.getByRole('spinbutton', { name: 'Failure timeout (ms)' });
    await fireEvent.change(heartbeat, { target: { value: '300' } });
    expect(heartbeat).toHaveAttribute('aria-invalid', 'true');
    expect(heartbeat).toHaveAccessibleDescription(/heartbeatMs must be less than failureTimeoutMs \(300 ms\); got 300$/);
    expect(timeout).not.toHaveAttribute('aria-invalid');
    expect(timeout).toHaveValue(300);
    await fireEvent.change(timeout, { target: { value: '100' } });
    expect(timeout).toHaveAttribute('aria-invalid', 'true');
    expect(timeout).toHaveAccessibleDescription(/failureTimeoutMs must be greater than heartbeatMs \(100 ms\); got 100$/);
    expect(onApply).not.toHaveBeenCalled();
    await fireEvent.change(heartbeat, { target: { value: '50' } });
    expect(heartbeat).not.toHaveAttribute('aria-invalid');
    expect(onApply).toHaveBeenCalledWith('heartbeatMs', '50');
  });
});
