/**
 * Journeys of post-copy live migration (issue 15): picked from the Scenario select, played until the VM
 * runs on host B; then, at an exact instant (a deep link with t=), host A crashed while B still lacks
 * pages: the status panel, the stage and "What happened" say the VM is lost and why. The compare view
 * with every technique and its family tree; the tour's post-copy scene to its end.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { button, clockLabel, labT, openJourney, openPanel, sessionText, setSpeed, stage, useLab, waitForStopped } from './helpers';

const lab = useLab();

const panel = (page: Page) => page.getByRole('region', { name: 'Post-copy migration' });
const value = (page: Page, term: string) => panel(page).locator(`dt:text-is("${term}") + dd`);

describe('post-copy live migration', () => {
  it('from the picker: plays until the VM runs on B; a crash of host A while B lacks pages loses the VM, and the page says why', async () => {
    const j = await openJourney(lab, '?scenario=unprotected&until=8s');
    const { page } = j;
    await page.getByRole('combobox', { name: 'Scenario' }).selectOption('postcopy');
    await expect.poll(() => new URL(page.url()).searchParams.get('scenario')).toBe('postcopy');
    await openPanel(page, 'Status');
    await expect.poll(() => panel(page).getByText('Not started · starts at t = 1 s', { exact: true }).count()).toBe(1);

    // Play: the VM is handed over and runs on host B while its pages arrive.
    await setSpeed(page, 10);
    await button(page, 'Play').click();
    await expect.poll(() => panel(page).getByText(/^(Runs on host B|Stalled on a network fault) · \d+% of the pages/).count(), { timeout: 20_000 }).toBe(1);
    await button(page, 'Pause').click();
    expect((await value(page, 'Downtime').textContent())?.trim()).toBe('50.1 ms');

    // The crash at an exact instant: the same run opened paused at 3 s, when B holds 59,912 of the 131,072 pages.
    await page.goto(new URL('?scenario=postcopy&until=8s&t=3s&panel=status', page.url()).href);
    await page.waitForFunction(() => '__kemariLab' in window);
    await expect.poll(() => panel(page).getByText('Runs on host B · 45% of the pages there', { exact: true }).count()).toBe(1);
    expect((await value(page, 'Pages on B').textContent())?.trim()).toBe('59,912 of 131,072');
    await expect.poll(() => stage(page).getAttribute('aria-label')).toContain('VM running on host B');
    await button(page, 'Crash host A').click();
    expect(await labT(page)).toBe(3_000_000);

    // B runs on until its detector gives up on A (3.2 s), then drops the VM: neither host held all of it.
    await setSpeed(page, 10);
    await button(page, 'Play').click();
    await waitForStopped(page, 20_000);
    expect(await labT(page)).toBe(8_000_000);
    await expect.poll(() => panel(page).getByText('VM lost · a host failed before every page reached host B', { exact: true }).count()).toBe(1);
    expect((await value(page, 'Outcome').textContent())?.trim()).toBe('VM lost: past the handover neither host holds the whole VM, so a failure of either loses it');
    expect(await stage(page).getAttribute('aria-label')).toContain('VM lost');
    expect(await sessionText(page)).toBe('Session: stalled');
    expect(await clockLabel(page)).toBe('xclock shows 00:00:03');
    await openPanel(page, 'What happened');
    await expect
      .poll(() => page.getByText(/^Client: No copy of the VM runs anywhere: host A crashed during a post-copy migration, while host B ran it and host A still held pages B lacked: neither host held the whole VM/).count())
      .toBe(1);
    await expect.poll(() => page.getByText(/host B cannot reach host A, which holds [\d,]+ pages of the VM that B does not have: neither host holds the whole VM, so it is lost/).count()).toBe(1);
    await j.finish();
  });

  it('the compare view runs every technique, pre-copy and post-copy among them, and its family tree has a row for each', async () => {
    const all = 'kemari,remus,naive,unprotected,migration,postcopy';
    const j = await openJourney(lab, `?compare=1&techniques=${all}&fault=crash:A@3.5s&t=6s`, {
      viewport: { width: 1920, height: 1080 },
      ready: (page) => page.getByRole('region', { name: 'Techniques side by side' }),
    });
    const { page } = j;
    const panes = page.getByRole('region', { name: 'Techniques side by side' }).getByRole('region');
    await expect.poll(() => panes.count()).toBe(6);
    expect(await panes.nth(5).getAttribute('aria-label')).toBe('Post-copy live migration');
    await expect.poll(() => panes.nth(5).getByText('Host A crashed at t = 3.5 s; the VM had moved to host B and runs on there.').count()).toBe(1);
    const table = page.getByRole('table', { name: /^Each technique run to the end/ });
    await expect.poll(() => table.getByRole('row').count(), { timeout: 30_000 }).toBe(9);
    await page.getByText('Family tree: what each technique keeps and what a crash costs').click();
    const tree = page.getByRole('table', { name: /^Family tree/ });
    expect(await tree.getByRole('rowheader').allTextContents()).toEqual(['Unprotected', 'Pre-copy migration', 'Post-copy migration', 'Remus', 'Naive snapshots', 'Kemari', 'COLO', 'Lock-stepping']);
    await j.finish();
  });

  it("the tour's post-copy scene plays to the loss of the VM when host B, which runs it, crashes", async () => {
    const j = await openJourney(lab, '?scene=post-copy', {
      initScript: () => {
        // prefers-reduced-motion: each step shows its pause point at once.
        const real = window.matchMedia.bind(window);
        window.matchMedia = (q: string) => (q.includes('reduced-motion') ? ({ ...real(q), matches: true, media: q } as MediaQueryList) : real(q));
      },
    });
    const { page } = j;
    const tour = page.getByRole('region', { name: 'Guided tour' });
    const where = async () => ((await tour.locator('.where').textContent()) ?? '').trim();
    await expect.poll(where).toBe('Scene 5 of 11 · step 1 of 4');
    await expect.poll(() => labT(page)).toBe(1_050_333);
    expect(await tour.locator('.caption').textContent()).toMatch(/^Post-copy turns migration around/);
    await page.keyboard.press('ArrowRight');
    await expect.poll(where).toBe('Scene 5 of 11 · step 2 of 4');
    await expect.poll(() => labT(page)).toBe(1_151_333);
    await page.keyboard.press('ArrowRight');
    await expect.poll(where).toBe('Scene 5 of 11 · step 3 of 4');
    await expect.poll(() => labT(page)).toBe(3_000_000);
    // The gate: K kills the host that runs the VM (B now), for the audience.
    await page.keyboard.press('k');
    await expect.poll(where).toBe('Scene 5 of 11 · step 4 of 4');
    await expect.poll(() => stage(page).getAttribute('aria-label')).toContain('VM lost');
    expect(await stage(page).getAttribute('aria-label')).toContain('Host B crashed');
    expect(await tour.locator('.caption').textContent()).toMatch(/a crash of either host loses the VM/);
    await j.finish();
  });
});
