/**
 * The compare view (issue #5, "Side by side"): kemari, remus, naive and unprotected on one seed,
 * workload, detector and crash of host A, in panes driven by one playhead, with a table of each run's
 * figures. Opened by URL and from the lab's header; loaded on demand.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { button, clockLabel, labelSeconds, labT, openJourney, setSpeed, useLab, waitForSimTime } from './helpers';

const lab = useLab();

const TITLES = { kemari: 'Kemari takeover', remus: 'Remus checkpointing', naive: 'Naive snapshots (broken)', unprotected: 'Unprotected VM' } as const;
type Technique = keyof typeof TITLES;

const panes = (page: Page): Locator => page.getByRole('region', { name: 'Techniques side by side' });
const pane = (page: Page, id: Technique): Locator => panes(page).getByRole('region', { name: TITLES[id], exact: true });
const paneClock = (page: Page, id: Technique): Locator => pane(page, id).getByRole('img', { name: /^xclock shows / });
const paneClockLabel = async (page: Page, id: Technique): Promise<string> => (await paneClock(page, id).getAttribute('aria-label')) ?? '';
const paneSession = async (page: Page, id: Technique): Promise<string> => ((await pane(page, id).getByText(/^Session: /).textContent()) ?? '').trim();
const table = (page: Page): Locator => page.getByRole('table', { name: /^Each technique run to the end/ });

/** The cells of a technique's row in the table (session, stall, lost, duplicated, rolled back, traffic, paused). */
async function rowCells(page: Page, id: Technique): Promise<string[]> {
  const row = table(page).getByRole('row', { name: new RegExp(`^${TITLES[id].replace(/[()]/g, '\\$&')}`) });
  return (await row.getByRole('cell').allTextContents()).map((s) => s.trim());
}

describe('compare techniques', () => {
  it('four panes and four rows for one crash time; kemari and remus tick on, unprotected is lost', async () => {
    const j = await openJourney(lab, '?compare=1&fault=crash:A@3.5s', { ready: panes });
    const { page } = j;
    await expect.poll(() => panes(page).getByRole('region').count()).toBe(4);
    for (const id of Object.keys(TITLES) as Technique[]) {
      expect(await paneClockLabel(page, id)).toBe('xclock shows --:--:--');
      expect(await paneSession(page, id)).toBe('Session: connected');
    }
    // One set of controls drives all four.
    expect(await page.getByRole('button', { name: /^(Play|Pause)$/ }).count()).toBe(1);

    // The table: one row per technique, for the one crash time.
    await table(page).waitFor();
    expect(await table(page).getByRole('caption').textContent()).toContain('host A crashed at 3.5 s');
    expect(await table(page).getByRole('row').count()).toBe(5); // the header and four techniques
    const [kemari, remus, naive, unprotected] = await Promise.all((['kemari', 'remus', 'naive', 'unprotected'] as const).map((id) => rowCells(page, id)));
    expect(kemari[0]).toBe('connected');
    expect(remus[0]).toBe('connected');
    expect(unprotected[0]).toBe('lost');
    expect(unprotected.slice(2)).toEqual(['0', '0', '0', '0 B', '0.00%']);
    // At the default 1 Hz clock the frame at 3 s is in naive's last checkpoint (taken at 3 s), so its
    // client stays connected; but the packets it let out after that checkpoint are rolled back.
    expect(naive[0]).toBe('connected');
    expect(Number(naive[4])).toBeGreaterThan(0);
    expect(Number(kemari[4]) + Number(remus[4])).toBe(0);
    expect(Number(kemari[2]) + Number(remus[2])).toBe(0); // no output lost

    // Play at 10x past the crash and the client timeout.
    await setSpeed(page, 10);
    await button(page, 'Play').click();
    await waitForSimTime(page, 3_000_000);
    const before = await paneClockLabel(page, 'kemari');
    await waitForSimTime(page, 7_000_000);
    await button(page, 'Pause').click();
    const t = await labT(page);
    expect(t).toBeGreaterThanOrEqual(7_000_000);
    for (const id of ['kemari', 'remus'] as const) {
      const seconds = labelSeconds(await paneClockLabel(page, id));
      expect(seconds, id).toBeGreaterThan(labelSeconds(before));
      expect(seconds, id).toBeGreaterThanOrEqual(Math.floor(t / 1e6) - 1);
      expect(await paneSession(page, id)).toBe('Session: connected');
      expect(await pane(page, id).getByText(/host B took over \d+ ms later/).count()).toBe(1);
    }
    expect(await paneClockLabel(page, 'unprotected')).toBe('xclock shows 00:00:03');
    expect(await paneSession(page, 'unprotected')).toBe('Session: lost');
    expect(await pane(page, 'unprotected').getByText('no copy of the VM is left').count()).toBe(1);
    expect(await paneSession(page, 'naive')).toBe('Session: connected');
    // The URL names the comparison and the paused instant.
    const url = new URL(page.url());
    expect(url.searchParams.get('compare')).toBe('1');
    expect(url.searchParams.getAll('fault')).toEqual(['crash:A@3500ms']);
    await j.finish();
  });

  it('with the clock at 4 Hz the same crash time harms naive: its session resets, the others do as before', async () => {
    const j = await openJourney(lab, '?compare=1&clockHz=4&fault=crash:A@3.5s', { ready: panes });
    const { page } = j;
    await table(page).waitFor();
    expect((await rowCells(page, 'naive'))[0]).toBe('reset');
    expect((await rowCells(page, 'kemari'))[0]).toBe('connected');
    expect((await rowCells(page, 'remus'))[0]).toBe('connected');
    expect((await rowCells(page, 'unprotected'))[0]).toBe('lost');
    await setSpeed(page, 10);
    await button(page, 'Play').click();
    await waitForSimTime(page, 4_500_000);
    await button(page, 'Pause').click();
    expect(await paneSession(page, 'naive')).toBe('Session: reset');
    expect(await paneClockLabel(page, 'naive')).toBe('xclock shows 00:00:03');
    expect(await paneSession(page, 'kemari')).toBe('Session: connected');
    expect(labelSeconds(await paneClockLabel(page, 'kemari'))).toBeGreaterThanOrEqual(4);
    await j.finish();
  });

  it('opens from the lab’s header with the lab’s seed and crash, loaded on demand, and goes back', async () => {
    const j = await openJourney(lab, '?scenario=remus&seed=7&clockHz=2&fault=crash:A@2.5s');
    const { page } = j;
    const scripts = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js')));
    expect((await scripts()).some((n) => /CompareApp/.test(n))).toBe(false);
    await page.getByRole('link', { name: 'Compare techniques' }).click();
    await panes(page).waitFor();
    expect((await scripts()).some((n) => /CompareApp/.test(n))).toBe(true);
    const url = new URL(page.url());
    expect(url.searchParams.get('compare')).toBe('1');
    expect(url.searchParams.get('seed')).toBe('7');
    expect(url.searchParams.get('clockHz')).toBe('2');
    await table(page).waitFor();
    expect(await table(page).getByRole('caption').textContent()).toContain('host A crashed at 2.5 s');
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByRole('link', { name: 'Back to the lab' }).click();
    await page.getByRole('img', { name: /^xclock shows / }).waitFor();
    const back = new URL(page.url());
    expect(back.searchParams.get('scenario')).toBe('remus');
    expect(back.searchParams.get('seed')).toBe('7');
    expect(back.searchParams.get('clockHz')).toBe('2');
    expect(back.searchParams.getAll('fault')).toEqual(['crash:A@2500ms']);
    expect(await clockLabel(page)).toBe('xclock shows --:--:--');
    await j.finish();
  });
});
