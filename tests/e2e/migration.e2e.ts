/**
 * Journey: a web server's VM migrates from host A to host B while its xclock keeps ticking; the panel
 * shows the downtime and total migration time the headless runner measures for the same run.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { formatSpanForPeople } from '../../src/sim/time';
import { button, clockLabel, clockLabelsSeen, labelSeconds, labT, openJourney, openPanel, sessionText, setSpeed, stage, useLab, waitForStopped, watchClockLabel } from './helpers';

const lab = useLab();
const ROOT = resolve(import.meta.dirname, '../..');

/** What the runner prints for the same run (`npm run --silent sim -- … --format json`). */
async function runnerMetrics(): Promise<{ downtimeUs: number; totalTimeUs: number; outcome: string }> {
  const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'sim', '--', '--scenario', 'migration', '--preset', 'web-server', '--format', 'json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout).metrics.migration;
}

const panel = (page: Page) => page.getByRole('region', { name: 'Migration' });
/** The text of the panel's value for `term` (a <dt> and its <dd>). */
const value = (page: Page, term: string) => panel(page).locator(`dt:text-is("${term}") + dd`);

describe('pre-copy live migration of a web server', () => {
  it('migrates while the clock ticks, and shows the runner’s downtime and total time', async () => {
    const expected = runnerMetrics();
    // The run's own length (120 s), not a live run that grows as it plays.
    const j = await openJourney(lab, '?scenario=migration&preset=web-server&until=120s&panel=memory');
    const { page } = j;
    await expect.poll(() => page.getByRole('img', { name: /^Host A memory: 0 of 1,600 cells dirty, 0 in flight, 0 sent this round/ }).count()).toBe(1);
    await expect.poll(() => page.getByRole('img', { name: /^Host B memory: 0 of 1,600 cells hold a current copy/ }).count()).toBe(1);
    await openPanel(page, 'Rounds');
    await expect.poll(() => page.getByRole('img', { name: 'Pages sent per round: no rounds yet.' }).count()).toBe(1);
    await openPanel(page, 'Status');
    await expect.poll(() => panel(page).getByText(/^Stage 0 · pre-migration · starts at t = 1 s$/).count()).toBe(1);

    await setSpeed(page, 100);
    await watchClockLabel(page);
    await button(page, 'Play').click();
    // Under way: round 1 copies every page while the VM runs on host A.
    await expect.poll(() => panel(page).getByText(/^Stage 2 · iterative pre-copy · round \d+$/).count(), { timeout: 20_000 }).toBe(1);
    await value(page, 'Downtime').waitFor({ timeout: 30_000 });
    await waitForStopped(page, 30_000);
    expect(await labT(page)).toBe(120_000_000);

    const m = await expected;
    expect(m.outcome).toBe('completed');
    expect(m.downtimeUs).toBeGreaterThanOrEqual(1_000);
    expect(m.downtimeUs).toBeLessThanOrEqual(1_000_000);
    const downtime = (await value(page, 'Downtime').textContent())?.trim();
    const total = (await value(page, 'Total migration time').textContent())?.trim();
    expect(downtime).toMatch(/^[\d.]+ ms$/);
    expect(downtime).toBe(formatSpanForPeople(m.downtimeUs));
    expect(total).toMatch(/^([\d.]+ s|\d+ min( \d+ s)?)$/);
    expect(total).toBe(formatSpanForPeople(m.totalTimeUs));
    expect((await value(page, 'Outcome').textContent())?.trim()).toBe('completed: the VM runs on host B');
    await expect.poll(() => panel(page).getByText('Stage 5 · activation', { exact: true }).count()).toBe(1);

    // The VM runs on host B, whose memory holds a current copy of every page.
    expect(await stage(page).getAttribute('aria-label')).toContain('VM running on host B');
    await openPanel(page, 'Memory');
    await expect.poll(() => page.getByRole('img', { name: /^Host B memory: 1,600 of 1,600 cells hold a current copy/ }).count()).toBe(1);
    // The round chart's table (opened from its summary) ends with the stop-and-copy round.
    await openPanel(page, 'Rounds');
    await page.getByText('Rounds as a table', { exact: true }).click();
    const rows = page.getByRole('table', { name: 'Pre-copy rounds' }).getByRole('row');
    expect(await rows.last().textContent()).toContain('stop-and-copy (final)');

    // The xclock kept ticking all the way (never went back, the session never broke) to the end,
    // past the activation on host B. (At 100x one animation frame covers up to 10 s of the run.)
    const seen = (await clockLabelsSeen(page)).map(labelSeconds).filter((s) => !Number.isNaN(s));
    expect(new Set(seen).size).toBeGreaterThanOrEqual(10);
    expect(seen.filter((s) => s > (1_000_000 + m.totalTimeUs) / 1e6).length).toBeGreaterThan(0);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(await clockLabel(page)).toBe('xclock shows 00:01:59');
    expect(await sessionText(page)).toBe('Session: connected');
    await j.finish();
  });
});
