/**
 * Sweeps in the page (issue 6): open the lab with the sweep panel, run a small crash-time sweep in the
 * worker pool, read its chart and table, export the same CSV the runner prints, refuse a bad entry
 * while the results stay, open one run in the lab at its crash time, fall back to the page when
 * workers cannot be made, and cancel a long sweep.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/build';
import { button, labT, openJourney, useLab } from './helpers';

const lab = useLab();

function runner(...args: string[]): string {
  return execFileSync(resolve(ROOT, 'node_modules/.bin/tsx'), [resolve(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
}

const panel = (page: Page): Locator => page.locator('#sweep');
const field = (page: Page, name: string): Locator => panel(page).getByRole('spinbutton', { name, exact: true });
const points = (page: Page, technique: string): Locator => panel(page).getByRole('button', { name: new RegExp(`^${technique}, crash time of host A `) });
const tableRows = (page: Page): Locator => panel(page).getByRole('table', { name: /^Sweep results/ }).locator('tbody tr');
const status = (page: Page): Locator => panel(page).getByRole('status');

describe('sweep', () => {
  it('runs six crash times to a chart and a table, exports the runner CSV, and opens a run at its crash', async () => {
    const j = await openJourney(lab, '?scenario=remus&until=6s&panel=sweep');
    const { page } = j;
    await button(page, 'Run sweep').waitFor();
    await field(page, 'From (s)').fill('1');
    await field(page, 'To (s)').fill('3.5');
    await field(page, 'Runs').fill('6');
    await field(page, 'Runs').press('Tab');
    await button(page, 'Run sweep').click();
    await status(page).getByText('Done: 6 of 6 runs').waitFor({ timeout: 30_000 });

    // The runs went to the worker pool (one fewer than the cores, but two of two, one of one), not the page.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await status(page).textContent()).toContain(`in ${cores <= 1 ? 1 : Math.max(2, cores - 1)} worker`);
    expect(await points(page, 'Remus checkpointing').count()).toBe(6);
    expect(await tableRows(page).count()).toBe(6);
    expect(await tableRows(page).first().getByRole('cell').first().textContent()).toBe('1');
    expect(await panel(page).getByRole('progressbar', { name: 'Sweep progress' }).getAttribute('aria-valuetext')).toBe('6 of 6 runs');

    // The page's CSV is the runner's, byte for byte.
    const [csv] = await Promise.all([page.waitForEvent('download'), button(page, 'Export CSV').click()]);
    expect(csv.suggestedFilename()).toBe('kemari-sweep-remus-crashAt.csv');
    expect(await readFile((await csv.path())!, 'utf8')).toBe(runner('sweep', '--scenario', 'remus', '--until', '6s', '--vary', 'crashAt=1s:3.5s:6'));

    // A bad entry is refused at its field, and the results stay.
    await field(page, 'Runs').fill('0');
    await field(page, 'Runs').press('Tab');
    expect(await field(page, 'Runs').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(async () => (await field(page, 'Runs').evaluate((el) => document.getElementById(el.getAttribute('aria-describedby') ?? '')?.textContent)) ?? '').toMatch(
      /runs must be a whole number from 1 to 1000; got "0"/,
    );
    await button(page, 'Run sweep').click();
    expect(await tableRows(page).count()).toBe(6);

    // Hovering reads a run out; clicking opens it in the lab at its crash time.
    const third = points(page, 'Remus checkpointing').nth(2);
    await third.hover();
    await panel(page).getByText(/^Remus checkpointing, crash time of host A 2 s: client stall/).waitFor();
    await third.click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('fault')).toEqual(['crash:A@2s']);
    expect(await labT(page)).toBe(2_000_000);
    expect(await page.getByRole('button', { name: 'Crash host A', exact: true }).isDisabled()).toBe(true);
    await j.finish();
  });

  it('runs in the page, giving the same rows, when workers cannot be made', async () => {
    const j = await openJourney(lab, '?scenario=naive&until=5s&panel=sweep', {
      initScript: () => {
        // As on a page opened from file://: no worker can be made.
        (window as unknown as { Worker: unknown }).Worker = function Worker() {
          throw new DOMException('workers are blocked here', 'SecurityError');
        };
      },
    });
    const { page } = j;
    await button(page, 'Run sweep').waitFor();
    await field(page, 'Runs').fill('4');
    await field(page, 'Runs').press('Enter');
    await status(page).getByText('Done: 4 of 4 runs').waitFor({ timeout: 30_000 });
    expect(await status(page).textContent()).toContain('in this page');
    const [csv] = await Promise.all([page.waitForEvent('download'), button(page, 'Export CSV').click()]);
    expect(await readFile((await csv.path())!, 'utf8')).toBe(runner('sweep', '--scenario', 'naive', '--until', '5s', '--vary', 'crashAt=1s:4s:4'));
    await j.finish();
  });

  it('runs two techniques side by side by keyboard, and cancels a long sweep at once', async () => {
    const j = await openJourney(lab, '?scenario=remus&until=4s&panel=sweep');
    const { page } = j;
    await button(page, 'Run sweep').waitFor();
    await panel(page).getByRole('checkbox', { name: /^Unprotected VM/ }).check();
    await field(page, 'Runs').fill('3');
    await field(page, 'Runs').press('Enter');
    await status(page).getByText('Done: 6 of 6 runs').waitFor({ timeout: 30_000 });
    expect(await points(page, 'Remus checkpointing').count()).toBe(3);
    expect(await points(page, 'Unprotected VM').count()).toBe(3);
    // Unprotected, the VM is lost whenever A crashes; the client's session stalls for good (its frames
    // are overdue at once, and with no viewer watchdog by default nothing calls it lost).
    expect(await panel(page).getByRole('button', { name: /^Unprotected VM, .*; vm-survives-host-failure broke$/ }).count()).toBe(3);
    expect(await panel(page).getByRole('button', { name: /^Unprotected VM, crash time of host A [123] s: .*session stalled;/ }).count()).toBe(3);

    // One tab stop per line; arrows move along it; Enter opens the run (here, the unprotected one).
    await points(page, 'Unprotected VM').first().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('scenario')).toBe('unprotected');
    expect(await labT(page)).toBe(2_000_000);

    // A long sweep stops at once on Cancel; the panel is ready for another.
    await panel(page).getByRole('spinbutton', { name: 'Runs', exact: true }).fill('1000');
    await button(page, 'Run sweep').click();
    await button(page, 'Cancel').click();
    await status(page).getByText(/^Cancelled after \d+ of 2000 runs/).waitFor();
    expect(await button(page, 'Run sweep').isEnabled()).toBe(true);
    await j.finish();
  });
});
