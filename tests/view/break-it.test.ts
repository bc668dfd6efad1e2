import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import BreakIt from '../../src/view/BreakIt.svelte';

describe('BreakIt', () => {
  it('shows the switches the scenario has, on, and turns one off', async () => {
    const onSet = vi.fn();
    render(BreakIt, { values: resolveRun({ scenario: 'kemari' }).spec.params, onSet });
    expect(screen.getByRole('group', { name: 'Break it' })).toBeInTheDocument();
    const trap = screen.getByRole('checkbox', { name: /Event-channel trap/ });
    expect(trap).toBeChecked();
    expect(screen.queryByRole('checkbox', { name: /Output buffering/ })).toBeNull();
    // Fencing is off by default (so split brain can be shown), and says what that allows.
    expect(screen.getByRole('checkbox', { name: /Fencing/ })).not.toBeChecked();
    expect(screen.getByText('off: a cut link lets both hosts run the VM (split brain)')).toBeInTheDocument();
    await userEvent.setup().click(trap);
    expect(onSet).toHaveBeenCalledWith('trapEvents', false);
  });

  it('shows nothing for a scenario without safety switches', () => {
    render(BreakIt, { values: resolveRun({ scenario: 'unprotected' }).spec.params, onSet: vi.fn() });
    expect(screen.queryByRole('group', { name: 'Break it' })).toBeNull();
  });
});
