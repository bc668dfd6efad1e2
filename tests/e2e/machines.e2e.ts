/**
 * The machines panel: open it from the URL, pick host A's machine, power host A off and see the host
 * machine's crashed state become current (and the crash transition marked as just fired); scrub back
 * and see it up again.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { button, labT, openJourney, openPanel, useLab } from './helpers';

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
    expect(await currentStates(page, 'host')).toEqual(['State up', 'State up.beating', 'State up.beating.sending', 'State up.watching', 'State up.watching.peerAlive']);

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

  it('clicking an event on the timeline shows the transition it caused, in its actor\'s machine', async () => {
    const j = await openJourney(lab, '?scenario=remus&until=2s&panel=machines&t=0s');
    const { page } = j;
    await page.getByRole('combobox', { name: 'Machine', exact: true }).waitFor();
    // At 1 s host A pauses the guest for checkpoint 40: host A's lane (the first, 22 px high in a
    // 1000 px-high window) in the middle of the lanes (drawn one unit per pixel, from x = 90 to 10
    // before the right edge, for the run's 2 s); click 4.4 ms before the tick.
    const lanes = page.getByRole('group', { name: 'Trace lanes and fault markers' });
    const box = (await lanes.boundingBox())!;
    const atUs = 1_000_000 - 4_400;
    await page.mouse.click(box.x + 90 + ((box.width - 100) * atUs) / 2_000_000, box.y + 11);
    await expect.poll(() => labT(page)).toBe(1_000_000);
    await expect.poll(() => page.getByRole('combobox', { name: 'Machine', exact: true }).inputValue()).toBe('hostA.remus');
    await expect.poll(() => diagram(page, 'remus').getByRole('button', { name: / \(just fired\)$/ }).count()).toBeGreaterThan(0);
    // "What happened" prints the event picked.
    await openPanel(page, 'What happened');
    expect(await page.getByRole('group', { name: 'Step by event' }).locator('output').textContent()).toMatch(/hostA\.remus {2}checkpoint\.pause {2}checkpoint=40/);
    await j.finish();
  });

  it('presenter mode shows the machines over the stage with M, and hides them with M or Esc', async () => {
    const j = await openJourney(lab, '?scenario=kemari&present=1');
    const { page } = j;
    await page.setViewportSize({ width: 1280, height: 720 });
    const picker = page.getByRole('combobox', { name: 'Machine', exact: true });
    const overlay = page.getByRole('dialog', { name: 'Machines' });
    await page.getByRole('region', { name: 'Guided tour' }).waitFor();
    expect(await picker.count()).toBe(0);
    await page.keyboard.press('m');
    await expect.poll(() => picker.isVisible()).toBe(true);
    await expect.poll(() => new URL(page.url()).searchParams.get('panel'), { timeout: 3000 }).toBe('machines');
    // An overlay across most of the screen, wholly on it (the side column is too narrow at 720p).
    const box = (await overlay.boundingBox())!;
    expect(box.width).toBeGreaterThan(0.9 * 1280);
    expect(box.height).toBeGreaterThan(0.9 * 720);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(720);
    await page.keyboard.press('m');
    await expect.poll(() => picker.isVisible()).toBe(false);
    await page.keyboard.press('m');
    await expect.poll(() => overlay.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => overlay.count()).toBe(0);
    await j.finish();
  });
});
