/**
 * The compare view's picker of panes, by role and label: a labelled checkbox per technique (its
 * descriptor's name), in pane order, reachable by keyboard; at least one stays chosen and no more than
 * fit the screen, and the group says how many fit.
 */
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { COMPARE_SCENARIOS } from '../../src/app/compare';
import ComparePicker from '../../src/view/ComparePicker.svelte';
import { techniqueOf } from '../../src/view/techniques/index';

const techniques = COMPARE_SCENARIOS.map((id) => techniqueOf(id));

function setup(shown: string[], max: number) {
  const onChange = vi.fn();
  const user = userEvent.setup();
  render(ComparePicker, { techniques, shown, max, onChange });
  return { user, onChange, box: (name: string) => screen.getByRole('checkbox', { name }) };
}

describe('ComparePicker', () => {
  it('has a checkbox per technique, named by its descriptor, checked for the panes shown', () => {
    const { box } = setup(['kemari', 'naive'], 4);
    const group = screen.getByRole('group', { name: 'Panes' });
    expect(group).toBeInTheDocument();
    expect(screen.getAllByRole('checkbox').map((c) => c.closest('label')?.textContent?.trim())).toEqual(['Kemari', 'Remus', 'Naive snapshots', 'Unprotected', 'Pre-copy migration', 'Post-copy migration', 'COLO', 'Lock-stepping']);
    expect([box('Kemari'), box('Remus'), box('Naive snapshots'), box('Unprotected')].map((c) => (c as HTMLInputElement).checked)).toEqual([true, false, true, false]);
    // Four fit: no hint, nothing disabled.
    expect(screen.getAllByRole('checkbox').filter((c) => (c as HTMLInputElement).disabled)).toEqual([]);
    expect(group).not.toHaveAttribute('aria-describedby');
  });

  it('calls back with the new choice in pane order, from a click or the keyboard', async () => {
    const { user, onChange, box } = setup(['remus'], 4);
    await user.tab();
    expect(box('Kemari')).toHaveFocus();
    await user.keyboard(' ');
    expect(onChange).toHaveBeenLastCalledWith(['kemari', 'remus']);
    await user.click(box('Unprotected'));
    expect(onChange).toHaveBeenLastCalledWith(['remus', 'unprotected']);
  });

  it('keeps the last pane chosen: its box is disabled', () => {
    const { box } = setup(['remus'], 4);
    expect(box('Remus')).toBeDisabled();
    expect(box('Kemari')).toBeEnabled();
  });

  it('with as many panes as fit, the others are disabled and the group says how many fit', async () => {
    const { user, onChange, box } = setup(['kemari', 'remus'], 2);
    expect(box('Naive snapshots')).toBeDisabled();
    expect(box('Unprotected')).toBeDisabled();
    expect(screen.getByRole('group', { name: 'Panes' })).toHaveAccessibleDescription('(2 fit)');
    await user.click(box('Remus'));
    expect(onChange).toHaveBeenLastCalledWith(['kemari']);
  });
});
