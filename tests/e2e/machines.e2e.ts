/**
 * The machines panel: open it from the URL, pick host A's machine, power host A off and see the host
 * machine's crashed state become current (and the crash transition marked as just fired); scrub back
 * and see it up again.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { button, labT, openJourney, useLab } from './helpers';

const lab = useLab();

const diagram = (page: Page, machine: string) => page.getByRole('group', { name: `Statechart of the ${machine} machine`, exact: true });
const state = (page: Page, machine: string, path: string) => diagram(page, machine).getByRole('button', { name: `State ${path}`, exact: true });
const current = (page: Page, machine: string, path: string) => state(page, machine, path).getAttribute('aria-current');
/** The accessible names of the states drawn as current. */
const currentStates = (page: Page, machine: string) =>
  diagram(page, machine)
    .locator('[aria-current="true"]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));

describe('machines panel', () => {
  it("follows host A's machine through a power-off and back when scrubbing", async () => {
    const j = await openJourney(lab, '?scenario=kemari&panel=machines&t=1s');
    const { page } = j;
    const picker = page.getByRole('combobox', { name: 'Machine', exact: true });
    await picker.waitFor();
    await picker.selectOption({ label: 'hostA (host)' });
    await expect.poll(() => current(page, 'host', 'up')).toBe('true');
    expect(await current(page, 'host', 'crashed')).toBeNull();
    expect(await currentStates(page, 'host')).toEqual(['State up', 'State up.beating', 'State up.beating.waiting', 'State up.watching', 'State up.watching.peerAlive']);

    // Power host A off at t = 1 s: its machine moves to crashed, by the host.crash transition.
    expect(await labT(page)).toBe(1_000_000);
    await button(page, 'Power off host A').click();
    await expect.poll(() => current(page, 'host', 'crashed')).toBe('true');
    expect(await currentStates(page, 'host')).toEqual(['State crashed']);
    await expect.poll(() => diagram(page, 'host').getByRole('button', { name: 'Transition host.crash (just fired)', exact: true }).count()).toBe(1);

    // Pick the crashed state: its teaching description shows.
    await state(page, 'host', 'crashed').click();
    await expect.poll(() => page.getByRole('heading', { name: 'State crashed (current)', exact: true }).count()).toBe(1);

    // Scrub back to the start: host A is up again, not crashed.
    await button(page, 'Reset').click();
    await expect.poll(() => labT(page)).toBe(0);
    await expect.poll(() => current(page, 'host', 'up')).toBe('true');
    expect(await current(page, 'host', 'crashed')).toBeNull();
    await j.finish();
  });
});
