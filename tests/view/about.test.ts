import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { about } from '../../src/scenarios/unprotected-about';
import { unprotected } from '../../src/scenarios/unprotected';
import AboutModel from '../../src/view/AboutModel.svelte';

/** The list that follows a heading of the panel. */
const listAfter = (heading: string) => {
  const h = screen.getByRole('heading', { name: heading, hidden: true });
  const list = h.nextElementSibling as HTMLElement;
  expect(list.tagName).toBe('UL');
  return within(list).getAllByRole('listitem', { hidden: true });
};

describe('AboutModel', () => {
  it('says what the scenario simulates, then its sources, loaded when shown (the dock\'s "About" tab names it)', async () => {
    render(AboutModel, { scenario: unprotected });
    // The summary comes with the sources, in the scenario's about module (not in the page's first load).
    expect(await screen.findByText("The VM runs on host A only. Host B has no copy of it: when A dies, the VM dies with it and the client's session is lost.")).toBeVisible();
    expect(await screen.findByRole('heading', { name: 'Sources' })).toBeVisible();
  });

  it('lists every source with what the model took from it', async () => {
    render(AboutModel, { scenario: unprotected });
    await screen.findByRole('heading', { name: 'Sources' });
    const items = listAfter('Sources');
    expect(items).toHaveLength(about.sources.length);
    about.sources.forEach((s, i) => {
      expect(items[i]).toHaveTextContent(s.cite);
      expect(items[i]).toHaveTextContent(s.used);
    });
    expect(items.some((li) => /Live Migration of Virtual Machines/.test(li.textContent ?? ''))).toBe(true);
  });

  it('lists every simplification, including the scenario’s own', async () => {
    render(AboutModel, { scenario: unprotected });
    await screen.findByRole('heading', { name: 'Simplifications' });
    const items = listAfter('Simplifications');
    expect(items.map((li) => li.textContent)).toEqual([...about.simplifications]);
    expect(items.at(-1)).toHaveTextContent('Host B takes no part');
  });
});
