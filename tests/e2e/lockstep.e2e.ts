/**
 * Journeys of lock-stepping (issue 15): picked from the Scenario select and played; at an exact instant
 * (a deep link with t=) the output rule holds the clock's frame while its log entry travels, and host B
 * replays behind; host A crashed at 3.5 s, B replays to the end of the log and goes live, and the
 * client's clock ticks on. The tour's lock-stepping scene, step by step, to the takeover.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { button, clockLabel, labT, openJourney, openPanel, sessionText, setSpeed, stage, useLab, waitForStopped } from './helpers';

const lab = useLab();

const panel = (page: Page) => page.getByRole('region', { name: 'Replication' });
const value = (page: Page, term: string) => panel(page).locator(`dt:text-is("${term}") + dd`);
const rule = (page: Page) => stage(page).locator('[data-log]');

describe('lock-stepping', () => {
  it('from the picker: plays with B replaying; the output rule holds a frame for its acknowledgement; a crash of A leaves B serving', async () => {
    const j = await openJourney(lab, '?scenario=unprotected&until=8s');
    const { page } = j;
    await page.getByRole('combobox', { name: 'Scenario' }).selectOption('lockstep');
    await expect.poll(() => new URL(page.url()).searchParams.get('scenario')).toBe('lockstep');
    await expect.poll(() => stage(page).getByText('backup VM · replaying the log').count()).toBe(1);
    await setSpeed(page, 10);
    await button(page, 'Play').click();
    await expect.poll(() => labT(page), { timeout: 20_000 }).toBeGreaterThan(2_000_000);
    await button(page, 'Pause').click();

    // The clock's redraw at 1 s: entry 10 is on its way to B, the frame waits for its acknowledgement.
    await page.goto(new URL('?scenario=lockstep&until=8s&t=1000050us&panel=status', page.url()).href);
    await page.waitForFunction(() => '__kemariLab' in window);
    await expect.poll(() => rule(page).getAttribute('data-log')).toBe('1 output waits for the ack');
    expect(await rule(page).getByText('entry 10 logged · 9 acked').count()).toBe(1);
    expect(await stage(page).getByText('replayed entry 9 of 10').count()).toBe(1);
    expect((await value(page, 'outputs waiting').textContent())?.trim()).toBe('1');
    expect(await clockLabel(page)).toBe('xclock shows 00:00:00');

    // The crash at 3.5 s, then played to the end: B replayed the log, went live, and the clock ticks on.
    await page.goto(new URL('?scenario=lockstep&until=8s&t=3500ms&panel=status', page.url()).href);
    await page.waitForFunction(() => '__kemariLab' in window);
    await button(page, 'Crash host A').click();
    await setSpeed(page, 10);
    await button(page, 'Play').click();
    await waitForStopped(page, 20_000);
    expect(await labT(page)).toBe(8_000_000);
    expect(await sessionText(page)).toBe('Session: connected');
    expect(await clockLabel(page)).toBe('xclock shows 00:00:07');
    expect(await stage(page).getAttribute('aria-label')).toContain('VM running on host B');
    await openPanel(page, 'What happened');
    await expect.poll(() => page.getByText(/host B wins the test-and-set on shared storage, replays the log to its end/).count()).toBe(1);
    await j.finish();
  });

  it("the tour's lock-stepping scene: an input logged, the frame released on the acknowledgement, then K crashes host A and B goes live", async () => {
    const j = await openJourney(lab, '?scene=lockstep-replay', {
      initScript: () => {
        // prefers-reduced-motion: each step shows its pause point at once.
        const real = window.matchMedia.bind(window);
        window.matchMedia = (q: string) => (q.includes('reduced-motion') ? ({ ...real(q), matches: true, media: q } as MediaQueryList) : real(q));
      },
    });
    const { page } = j;
    const tour = page.getByRole('region', { name: 'Guided tour' });
    const where = async () => ((await tour.locator('.where').textContent()) ?? '').trim();
    await expect.poll(where).toBe('Scene 10 of 11 · step 1 of 4');
    await expect.poll(() => labT(page)).toBe(1_000_000);
    await expect.poll(() => rule(page).getAttribute('data-log')).toBe('1 output waits for the ack');
    await page.keyboard.press('ArrowRight');
    await expect.poll(where).toBe('Scene 10 of 11 · step 2 of 4');
    await expect.poll(() => labT(page)).toBe(1_000_201);
    await expect.poll(() => rule(page).getAttribute('data-log')).toBe('no output waiting');
    await page.keyboard.press('ArrowRight');
    await expect.poll(where).toBe('Scene 10 of 11 · step 3 of 4');
    await expect.poll(() => labT(page)).toBe(3_500_000);
    await page.keyboard.press('k');
    await expect.poll(where).toBe('Scene 10 of 11 · step 4 of 4');
    expect(await stage(page).getAttribute('aria-label')).toContain('Host A crashed');
    expect(await tour.locator('.caption').textContent()).toMatch(/replays to the end of the log and goes live/);
    await j.finish();
  });
});
