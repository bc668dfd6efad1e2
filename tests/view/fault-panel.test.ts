import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { scheduleOf } from '../../src/app/fault-schedule';
import { phasesOf } from '../../src/scenarios/phases';
import { resolveRun } from '../../src/scenarios/run-spec';
import FaultPanel from '../../src/view/FaultPanel.svelte';

function setup(faults: string[], check = (_: string): string | null => null) {
  const { spec } = resolveRun({ scenario: 'remus', faults });
  const onPut = vi.fn();
  const onRemove = vi.fn();
  const onJump = vi.fn();
  render(FaultPanel, { faults: scheduleOf(spec.faults, 'remus', [], 0), phases: phasesOf('remus'), t: 1_250_000, check, onPut, onRemove, onJump });
  return { user: userEvent.setup(), onPut, onRemove, onJump };
}

describe('FaultPanel', () => {
  it('lists each fault with what and when, and offers jump and remove', async () => {
    const { user, onRemove, onJump } = setup(['crash:A@3s', 'cut:link@checkpoint:12']);
    expect(screen.getAllByRole('button', { name: /^Jump to fault / })).toHaveLength(2);
    expect(screen.getByText('while checkpoint 12 is in flight (sent, not yet acknowledged)')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Jump to fault 2: Cut link' }));
    expect(onJump).toHaveBeenCalledWith(1);
    await user.click(screen.getByRole('button', { name: 'Remove fault 1: Crash host A' }));
    expect(onRemove).toHaveBeenCalledWith(0);
  });

  it('adds a fault at a phase chosen from the protocol, or at the playhead', async () => {
    const { user, onPut } = setup([]);
    expect(screen.getByText('No faults: nothing goes wrong in this run.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add fault' }));
    expect(onPut).toHaveBeenLastCalledWith('crash:A@1250000us');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Fault' }), 'Cut link');
    await user.selectOptions(screen.getByRole('combobox', { name: 'When' }), 'while checkpoint N is in flight (sent, not yet acknowledged)');
    const n = screen.getByRole('spinbutton', { name: 'N' });
    await user.clear(n);
    await user.type(n, '12');
    await user.click(screen.getByRole('button', { name: 'Add fault' }));
    expect(onPut).toHaveBeenLastCalledWith('cut:link@checkpoint:12');
  });

  it('refuses a bad moment at its field with the message, and does not apply it', async () => {
    const check = (text: string) => (text.endsWith('@soon') ? 'fault "crash:A@soon": bad time or phase "soon"' : null);
    const { user, onPut } = setup(['crash:A@3s'], check);
    const when = screen.getByRole('textbox', { name: 'When: Crash host A, fault 1' });
    await user.clear(when);
    await user.type(when, 'soon{Enter}');
    when.blur();
    expect(when).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('alert')).toHaveTextContent('bad time or phase "soon"');
    expect(onPut).not.toHaveBeenCalled();
    await user.clear(when);
    await user.type(when, 'checkpoint:4');
    when.blur();
    expect(onPut).toHaveBeenLastCalledWith('crash:A@checkpoint:4', 0);
  });
});
