/**
 * The family tree (issue 15): one row per technique, read from its descriptor, with what host B holds,
 * when output leaves, what a crash of A and of B costs and what crosses the link; the compare view's
 * panes are marked. A table a screen reader can walk by its headers.
 */
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import FamilyTree from '../../src/view/FamilyTree.svelte';
import { TECHNIQUES } from '../../src/view/techniques/all';

describe('FamilyTree', () => {
  it('has a row per technique with its five traits, the shown ones marked', () => {
    const { container } = render(FamilyTree, { techniques: Object.values(TECHNIQUES), marked: ['kemari', 'postcopy'] });
    const table = screen.getByRole('table', { name: /Family tree/ });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Technique', 'Host B holds', 'Output leaves', 'Host A crashes', 'Host B crashes', 'On the link']);
    expect(within(table).getAllByRole('rowheader').map((h) => h.textContent)).toEqual(['Unprotected', 'Pre-copy migration', 'Post-copy migration', 'Remus', 'Naive snapshots', 'Kemari', 'COLO', 'Lock-stepping']);
    const postcopy = within(table).getByRole('row', { name: /^Post-copy migration/ });
    expect(within(postcopy).getAllByRole('cell').map((c) => c.textContent)).toEqual([
      'the vCPU state first, then pages as they arrive; B runs the VM',
      'at once (from B once it runs the VM)',
      'before the last page left A: the VM is lost',
      'once the vCPU state left A: the VM is lost',
      'every page exactly once (pushed, or pulled on a fault)',
    ]);
    const remus = within(table).getByRole('row', { name: /^Remus/ });
    expect(within(remus).getAllByRole('cell')[1].textContent).toBe('when the checkpoint that made it is acknowledged');
    expect([...container.querySelectorAll('tr.marked th')].map((h) => h.textContent)).toEqual(['Post-copy migration', 'Kemari']);
  });
});
