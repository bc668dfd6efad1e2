/**
 * After the takeover (issue 19), in a real browser: crash A, restart A (its button appears while it is
 * down), watch the window of vulnerability close on the timeline as A is resynchronized, crash B, and
 * the clock ticks on (host A, protecting the VM again, takes over). Every fault at an exact instant:
 * the lab is opened paused at a deep link's `t`.
 */
import { describe, expect, it } from 'vitest';
import { button, clockLabel, labelSeconds, labPlaying, labT, openJourney, sessionText, setSpeed, stage, useLab, waitForSimTime } from './helpers';

const lab = useLab();
const faultsOf = (url: string) => new URL(url).searchParams.getAll('fault');
const windowsList = (page: Parameters<typeof labT>[0]) => page.getByRole('list', { name: 'Windows of vulnerability' }).getByRole('listitem');

describe('repair: restart a host, re-protect the VM, survive the second failure', () => {
  it('crash A, restart A, the window closes, crash B: the clock ticks on', async () => {
    const j = await openJourney(lab, '?scenario=kemari&until=20s&fault=crash:A@2s&t=3s');
    const { page } = j;
    expect(await labPlaying(page)).toBe(false);
    // B took over at 2.2 s; host A is down, and its Restart button is there (B's is not).
    await expect(button(page, 'Crash host B').isEnabled()).resolves.toBe(true);
    await expect(button(page, 'Restart host B').count()).resolves.toBe(0);

    // Restart A at exactly 3 s: the run now has the repair cycle (its code loads on demand), and the
    // timeline shades the time since the takeover, when the VM lost its backup.
    await button(page, 'Restart host A').click();
    await expect.poll(() => faultsOf(page.url())).toEqual(['crash:A@2s', 'restart:A@3s']);
    await expect.poll(() => labT(page)).toBe(3_000_000);
    await expect.poll(() => windowsList(page).allTextContents()).toEqual([expect.stringMatching(/^No backup from 2200\.100ms to now \(800 ms\)$/)]);
    await expect.poll(() => stage(page).getAttribute('aria-label')).toContain('Host A booting');
    await expect(button(page, 'Restart host A').count()).resolves.toBe(0);

    // At 8 s A has booted (6 s) and been resynchronized: the window closed at the end of the resync.
    await page.goto(new URL(`${new URL(page.url()).search.replace(/([?&])t=[^&]*/, '$1t=8s')}`, page.url()).href);
    await page.waitForFunction(() => '__kemariLab' in window);
    await expect.poll(() => labT(page)).toBe(8_000_000);
    await expect.poll(() => windowsList(page).allTextContents()).toEqual([expect.stringMatching(/^No backup from 2200\.100ms to 6573\.185ms \(4\.37 s\)$/)]);
    const label = await stage(page).getAttribute('aria-label');
    expect(label).toContain('Host A up, standby.');
    expect(label).toContain('VM running on host B');

    // Crash B at 8 s: A, holding the last synchronization, takes over and the clock ticks on.
    await button(page, 'Crash host B').click();
    await expect.poll(() => faultsOf(page.url())).toEqual(['crash:A@2s', 'restart:A@3s', 'crash:B@8s']);
    await setSpeed(page, 10);
    await button(page, 'Play').click();
    await waitForSimTime(page, 12_000_000);
    await button(page, 'Pause').click();
    await expect.poll(() => stage(page).getAttribute('aria-label')).toContain('VM running on host A');
    await expect.poll(async () => labelSeconds(await clockLabel(page))).toBeGreaterThanOrEqual(11);
    expect(await sessionText(page)).toBe('Session: connected');
    await j.finish();
  });

  it('a link that restarts a host opens at once (the repair code loads before the lab draws): resyncing at 7.2 s', async () => {
    const j = await openJourney(lab, '?scenario=remus&until=20s&fault=crash:A@2s&fault=restart:A@4s&t=7.2s');
    const { page } = j;
    await expect.poll(() => labT(page)).toBe(7_200_000);
    await expect.poll(() => windowsList(page).allTextContents()).toEqual([expect.stringMatching(/^No backup from 2200\.100ms to now \(5 s\)$/)]);
    expect(await stage(page).getAttribute('aria-label')).toContain('VM running on host B');
    await j.finish();
  });

  it('Shift+K restarts the host that is down; K kills the primary, which after the takeover is B', async () => {
    const j = await openJourney(lab, '?scenario=remus&until=20s&fault=crash:A@2s&t=3s');
    const { page } = j;
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Shift+K');
    await expect.poll(() => faultsOf(page.url())).toEqual(['crash:A@2s', 'restart:A@3s']);
    await page.keyboard.press('k');
    await expect.poll(() => faultsOf(page.url())).toEqual(['crash:A@2s', 'restart:A@3s', 'crash:B@3s']);
    await j.finish();
  });
});
