/**
 * The compare view (issue #5, "Side by side"): kemari, remus, naive and unprotected on one seed,
 * workload, detector and crash of host A, in panes driven by one playhead, with a table of each run's
 * figures. Opened by URL and from the lab's header; loaded on demand. One screen ("One stage"): from a
 * phone to a projector the panes (stage, xclock, status), the controls and the table are all on screen
 * with no page scroll; a picker chooses the panes (`techniques=`), as many as fit.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { button, clockLabel, labelSeconds, labT, openJourney, setSpeed, useLab, waitForSimTime, type Journey } from './helpers';

const lab = useLab();

const TITLES = { kemari: 'Kemari takeover', remus: 'Remus checkpointing', naive: 'Naive snapshots (broken)', unprotected: 'Unprotected VM' } as const;
type Technique = keyof typeof TITLES;

const panes = (page: Page): Locator => page.getByRole('region', { name: 'Techniques side by side' });
const pane = (page: Page, id: Technique): Locator => panes(page).getByRole('region', { name: TITLES[id], exact: true });
const paneClock = (page: Page, id: Technique): Locator => pane(page, id).getByRole('img', { name: /^xclock shows / });
const paneClockLabel = async (page: Page, id: Technique): Promise<string> => (await paneClock(page, id).getAttribute('aria-label')) ?? '';
const paneSession = async (page: Page, id: Technique): Promise<string> => ((await pane(page, id).getByText(/^Session: /).textContent()) ?? '').trim();
const table = (page: Page): Locator => page.getByRole('table', { name: /^Each technique run to the end/ });
const picker = (page: Page): Locator => page.getByRole('group', { name: 'Panes' });
const paneIds = (page: Page): Promise<string[]> => panes(page).locator('[data-scenario]').evaluateAll((els) => els.map((e) => e.getAttribute('data-scenario') ?? ''));

/** The cells of a technique's row in the table (session, stall, lost, duplicated, rolled back, traffic, paused). */
async function rowCells(page: Page, id: Technique): Promise<string[]> {
  const row = table(page).getByRole('row', { name: new RegExp(`^${TITLES[id].replace(/[()]/g, '\\$&')}`) });
  return (await row.getByRole('cell').allTextContents()).map((s) => s.trim());
}

/** Opens `query` in a fresh context of `viewport` (with touch: a phone), as `openJourney` does, and waits for the panes. */
function openAt(query: string, viewport: { width: number; height: number }, touch = false): Promise<Journey> {
  return openJourney(lab, query, { viewport, touch, ready: panes });
}

type BoundingBox = { x: number; y: number; width: number; height: number };

/** A locator's box, which must exist. */
async function boxOf(locator: Locator): Promise<BoundingBox> {
  const box = await locator.boundingBox();
  expect(box, 'a box on the page').not.toBeNull();
  return box!;
}

/** Whether `inner` lies wholly within `outer` (to half a pixel). */
const within = (inner: BoundingBox, outer: BoundingBox): boolean =>
  inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;

/** The page does not scroll either way and has not been scrolled. */
async function expectOneScreen(page: Page, what: string): Promise<void> {
  const m = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    scrollHeight: document.documentElement.scrollHeight,
    innerWidth,
    innerHeight,
    scrollX,
    scrollY,
  }));
  expect(m.scrollWidth, `${what}: scrollWidth`).toBeLessThanOrEqual(m.innerWidth);
  expect(m.scrollHeight, `${what}: scrollHeight`).toBeLessThanOrEqual(m.innerHeight);
  expect([m.scrollX, m.scrollY], `${what}: scrolled`).toEqual([0, 0]);
}

/** Every pane's stage, xclock, session and status, Play and the crash control are on screen, inside their pane. */
async function expectAllOnScreen(page: Page, what: string, paneCount: number): Promise<void> {
  const screen = { x: 0, y: 0, ...page.viewportSize()! };
  const all = panes(page).locator('[data-scenario]');
  expect(await all.count(), `${what}: panes`).toBe(paneCount);
  for (let i = 0; i < paneCount; i++) {
    const p = all.nth(i);
    const paneBox = await boxOf(p);
    const name = `${what}: pane ${(await p.getAttribute('data-scenario')) ?? i}`;
    expect(within(paneBox, screen), `${name} on screen`).toBe(true);
    for (const [part, locator] of [
      ['stage', p.getByRole('img', { name: /^Stage\./ })],
      ['xclock', p.getByRole('img', { name: /^xclock shows / })],
      ['session', p.getByText(/^Session: /)],
      ['status', p.locator('.status')],
      ['title', p.getByRole('heading')],
    ] as const) {
      const b = await boxOf(locator);
      expect(b.width * b.height, `${name}: ${part} has a size`).toBeGreaterThan(0);
      expect(within(b, paneBox), `${name}: ${part} inside its pane ${JSON.stringify(b)} ${JSON.stringify(paneBox)}`).toBe(true);
    }
    // Big enough to see: the stage and the clock keep a readable size.
    expect((await boxOf(p.getByRole('img', { name: /^Stage\./ }))).width, `${name}: stage width`).toBeGreaterThanOrEqual(150);
    expect((await boxOf(p.getByRole('img', { name: /^xclock shows / }))).width, `${name}: clock width`).toBeGreaterThanOrEqual(50);
  }
  for (const [part, locator] of [
    ['Play', page.getByRole('button', { name: /^(Play|Pause)$/ })],
    ['Step', button(page, 'Step')],
    ['Reset', button(page, 'Reset')],
    ['Speed', page.getByRole('combobox', { name: 'Speed', exact: true })],
    ['Crash host A', button(page, 'Crash host A')],
    ['the crash time', page.getByRole('spinbutton', { name: 'Crash host A at (s)' })],
    ['the picker', picker(page)],
    ['Back to the lab', page.getByRole('link', { name: 'Back to the lab' })],
  ] as const) {
    expect(within(await boxOf(locator), screen), `${what}: ${part} on screen`).toBe(true);
  }
}

describe('compare techniques', () => {
  it('four panes and a row per technique for one crash time; kemari and remus tick on, unprotected stalls for good', async () => {
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
    expect(await table(page).getByRole('row').count()).toBe(9); // the header and eight techniques
    const [kemari, remus, naive, unprotected] = await Promise.all((['kemari', 'remus', 'naive', 'unprotected'] as const).map((id) => rowCells(page, id)));
    expect(kemari[0]).toBe('connected');
    expect(remus[0]).toBe('connected');
    // No copy of the VM runs anywhere, and no viewer watchdog gives up (none by default): stalled.
    expect(unprotected[0]).toBe('stalled');
    expect(unprotected.slice(2)).toEqual(['0', '0', '0', '0 B', '0.00%']);
    // At the default 1 Hz clock the frame at 3 s is in naive's last checkpoint (taken at 3 s), so its
    // client stays connected; but the packets it let out after that checkpoint are rolled back.
    expect(naive[0]).toBe('connected');
    expect(Number(naive[4])).toBeGreaterThan(0);
    expect(Number(kemari[4]) + Number(remus[4])).toBe(0);
    expect(Number(kemari[2]) + Number(remus[2])).toBe(0); // no output lost

    // Play at 10x past the crash and on, 3.5 s beyond it.
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
    expect(await paneSession(page, 'unprotected')).toBe('Session: stalled');
    // A pane says it in its status line (no room for the lab's longer line under the clock).
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
    expect((await rowCells(page, 'unprotected'))[0]).toBe('stalled');
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

describe('one screen', () => {
  const query = '?compare=1&fault=crash:A@3.5s&t=6s';

  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    it(`at ${viewport.width}x${viewport.height}: as many panes as fit, the controls and the table on screen, no page scroll`, async () => {
      const j = await openAt(query, viewport);
      const { page } = j;
      await table(page).waitFor();
      // Four panes fit across 1280 and 1366 px, all six across 1920 (one per 300 px).
      const fit = viewport.width >= 1800 ? 6 : 4;
      await expectAllOnScreen(page, `${viewport.width}x${viewport.height}`, fit);
      expect(await paneIds(page)).toEqual(['kemari', 'remus', 'naive', 'unprotected', 'migration', 'postcopy'].slice(0, fit));
      // The table, every row of it, is on screen too.
      const screen = { x: 0, y: 0, ...viewport };
      const results = page.getByRole('region', { name: 'Figures per technique' });
      expect(within(await boxOf(results), screen)).toBe(true);
      const rows = table(page).getByRole('row');
      expect(await rows.count()).toBe(9);
      expect(within(await boxOf(rows.last()), await boxOf(results))).toBe(true);
      await expectOneScreen(page, `${viewport.width}x${viewport.height}`);
      // Playing changes no layout: the page still does not scroll.
      await setSpeed(page, 10);
      await button(page, 'Play').click();
      await waitForSimTime(page, 8_000_000);
      await button(page, 'Pause').click();
      await expectAllOnScreen(page, `${viewport.width}x${viewport.height} after playing`, fit);
      await expectOneScreen(page, `${viewport.width}x${viewport.height} after playing`);
      await j.finish();
    });
  }

  it('on a phone (390x844, touch): two panes stacked, Play and the crash on screen, the table folded and opened in place', async () => {
    const j = await openAt(query, { width: 390, height: 844 }, true);
    const { page } = j;
    await expectAllOnScreen(page, 'phone', 2);
    expect(await paneIds(page)).toEqual(['kemari', 'remus']);
    await expectOneScreen(page, 'phone');
    // Stacked: the second pane under the first.
    const [first, second] = await Promise.all([boxOf(pane(page, 'kemari')), boxOf(pane(page, 'remus'))]);
    expect(second.y).toBeGreaterThanOrEqual(first.y + first.height);
    // Two fit: the other boxes are disabled, and the group says so.
    expect(await picker(page).getByRole('checkbox', { name: 'Naive snapshots' }).isDisabled()).toBe(true);
    expect(await picker(page).getByText('(2 fit)').count()).toBe(1);
    // The table opens in place: the panes and the controls stay on screen.
    await page.getByText('At the end of each run').click();
    await table(page).waitFor();
    await expectAllOnScreen(page, 'phone, table open', 2);
    await expectOneScreen(page, 'phone, table open');
    // Swap a pane: uncheck Remus, check Unprotected.
    await picker(page).getByRole('checkbox', { name: 'Remus' }).click();
    await picker(page).getByRole('checkbox', { name: 'Unprotected' }).click();
    await expect.poll(() => paneIds(page)).toEqual(['kemari', 'unprotected']);
    await expect.poll(() => new URL(page.url()).searchParams.get('techniques')).toBe('kemari,unprotected');
    await expectAllOnScreen(page, 'phone, kemari and unprotected', 2);
    await j.finish();
  });

  it('the picker chooses the panes and keeps them in the URL; the table lists every technique', async () => {
    const j = await openAt('?compare=1&techniques=remus,kemari', { width: 1280, height: 720 });
    const { page } = j;
    expect(await paneIds(page)).toEqual(['kemari', 'remus']);
    await table(page).waitFor();
    expect(await table(page).getByRole('row').count()).toBe(9);
    await picker(page).getByRole('checkbox', { name: 'Unprotected' }).check();
    await expect.poll(() => paneIds(page)).toEqual(['kemari', 'remus', 'unprotected']);
    await expect.poll(() => page.url()).toContain('techniques=kemari,remus,unprotected');
    await expectAllOnScreen(page, 'three panes', 3);
    await expectOneScreen(page, 'three panes');
    // Down to one: its box is disabled (at least one pane), and the pane fills the row.
    await picker(page).getByRole('checkbox', { name: 'Kemari' }).uncheck();
    await picker(page).getByRole('checkbox', { name: 'Remus' }).uncheck();
    await expect.poll(() => paneIds(page)).toEqual(['unprotected']);
    expect(await picker(page).getByRole('checkbox', { name: 'Unprotected' }).isDisabled()).toBe(true);
    await expectAllOnScreen(page, 'one pane', 1);
    await expectOneScreen(page, 'one pane');
    // The first four again (as many as fit): the URL names them, as not every technique is chosen.
    for (const name of ['Kemari', 'Remus', 'Naive snapshots']) await picker(page).getByRole('checkbox', { name }).check();
    await expect.poll(() => paneIds(page)).toEqual(['kemari', 'remus', 'naive', 'unprotected']);
    await expect.poll(() => new URL(page.url()).searchParams.get('techniques')).toBe('kemari,remus,naive,unprotected');
    await j.finish();
  });

  it('an unknown technique in the link is named with the allowed ones; the known ones are shown', async () => {
    const j = await openAt('?compare=1&techniques=paxos,naive', { width: 1280, height: 720 });
    const { page } = j;
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('technique "paxos" is not one the compare view runs; allowed: kemari, remus, naive, unprotected');
    expect(await paneIds(page)).toEqual(['naive']);
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    expect(await page.getByRole('alert').count()).toBe(0);
    await j.finish();
  });
});
