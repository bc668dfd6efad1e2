/**
 * Journeys of COLO (issue 15): picked from the Scenario select and played; at an exact instant (a deep
 * link with t=) the proxy holds a frame that differed while the checkpoint it caused is under way and
 * host B runs the secondary; host A crashed at 3.5 s, the secondary goes on and the client's clock
 * ticks on. The tour's COLO scene, step by step, to the takeover.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { button, clockLabel, labT, openJourney, openPanel, sessionText, setSpeed, stage, useLab, waitForStopped } from './helpers';

const lab = useLab();

const panel = (page: Page) => page.getByRole('region', { name: 'Replication' });
const value = (page: Page, term: string) => panel(page).locator(`dt:text-is("${term}") + dd`);
const proxy = (page: Page) => stage(page).locator('[data-proxy]');

describe('COLO', () => {
  it('from the picker: plays with both VMs running; the proxy holds a frame that differed; a crash of host A leaves the secondary serving', async () => {
    const j = await openJourney(lab, '?scenario=unprotected&until=8s');
    const { page } = j;
    await page.getByRole('combobox', { name: 'Scenario' }).selectOption('colo');
    await expect.poll(() => new URL(page.url()).searchParams.get('scenario')).toBe('colo');
    await expect.poll(() => stage(page).getByText('Host B · secondary').count()).toBe(1);
    await setSpeed(page, 10);
    await button(page, 'Play').click();
    await expect.poll(() => labT(page), { timeout: 20_000 }).toBeGreaterThan(2_000_000);
    await button(page, 'Pause').click();

    // The instant of the first difference: frame 8 (1 s) is held, both VMs stopped for checkpoint 1.
    await page.goto(new URL('?scenario=colo&until=8s&t=1010ms&panel=status', page.url()).href);
    await page.waitForFunction(() => '__kemariLab' in window);
    await expect.poll(() => proxy(page).getAttribute('data-proxy')).toBe('1 held for checkpoint');
    expect(await proxy(page).getByText('output 8: ✗ differs').count()).toBe(1);
    expect(await stage(page).getByText('secondary VM · stopped').count()).toBe(1);
    expect(await panel(page).getByText("Host A: checkpoint 1 (an output differed) — both VMs stopped while A's dirty pages go to B").count()).toBe(1);
    expect(await clockLabel(page)).toBe('xclock shows 00:00:00');
    // Counted at an exact instant (where a played run pauses depends on the machine's speed).
    expect(await value(page, 'by cause').textContent()).toBe('1 on a difference · 0 periodic');

    // The crash at 3.5 s, then played to the end: B's secondary took over and the clock ticks on.
    await page.goto(new URL('?scenario=colo&until=8s&t=3500ms&panel=status', page.url()).href);
    await page.waitForFunction(() => '__kemariLab' in window);
    await button(page, 'Crash host A').click();
    await setSpeed(page, 10);
    await button(page, 'Play').click();
    await waitForStopped(page, 20_000);
    expect(await labT(page)).toBe(8_000_000);
    expect(await sessionText(page)).toBe('Session: connected');
    expect(await clockLabel(page)).toBe('xclock shows 00:00:07');
    expect(await stage(page).getAttribute('aria-label')).toContain('VM running on host B');
    await expect.poll(() => panel(page).getByText(/^Host B took over at t = 3\.7/).count()).toBe(1);
    await openPanel(page, 'What happened');
    await expect.poll(() => page.getByText(/host B's secondary VM, which ran all along on the same inputs, goes on alone/).count()).toBe(1);
    await j.finish();
  });

  it("the tour's COLO scene: a match, a difference, its checkpoint, then K crashes host A and the secondary goes on", async () => {
    const j = await openJourney(lab, '?scene=colo-compare', {
      initScript: () => {
        // prefers-reduced-motion: each step shows its pause point at once.
        const real = window.matchMedia.bind(window);
        window.matchMedia = (q: string) => (q.includes('reduced-motion') ? ({ ...real(q), matches: true, media: q } as MediaQueryList) : real(q));
      },
    });
    const { page } = j;
    const tour = page.getByRole('region', { name: 'Guided tour' });
    const where = async () => ((await tour.locator('.where').textContent()) ?? '').trim();
    await expect.poll(where).toBe('Scene 9 of 11 · step 1 of 5');
    await expect.poll(() => labT(page)).toBe(516_487);
    expect(await tour.locator('.caption').textContent()).toMatch(/^COLO \(Dong et al\. 2013\) runs the VM on both hosts/);
    await page.keyboard.press('ArrowRight');
    await expect.poll(where).toBe('Scene 9 of 11 · step 2 of 5');
    await expect.poll(() => labT(page)).toBe(1_000_112);
    await expect.poll(() => proxy(page).getAttribute('data-proxy')).toBe('1 held for checkpoint');
    await page.keyboard.press('ArrowRight');
    await expect.poll(where).toBe('Scene 9 of 11 · step 3 of 5');
    await expect.poll(() => labT(page)).toBe(1_034_162);
    await page.keyboard.press('ArrowRight');
    await expect.poll(where).toBe('Scene 9 of 11 · step 4 of 5');
    await expect.poll(() => labT(page)).toBe(3_500_000);
    await page.keyboard.press('k');
    await expect.poll(where).toBe('Scene 9 of 11 · step 5 of 5');
    expect(await stage(page).getAttribute('aria-label')).toContain('Host A crashed');
    expect(await tour.locator('.caption').textContent()).toMatch(/its secondary, which ran all along, simply goes on/);
    await j.finish();
  });
});
