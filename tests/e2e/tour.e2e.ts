/**
 * Journey: the guided tour by keyboard alone, from the first scene to the last and back. Forward
 * shows a new caption at every step (gates are opened by the Next key, as a presenter's clicker
 * would); every step back restores the state the tour left: the same caption, xclock, session and
 * playhead. With prefers-reduced-motion each step shows its pause point at once; a second journey
 * plays a scene in real time, pausing at its pause points, with K at the gate.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clockLabel, labPlaying, labT, openJourney, sessionText, useLab, waitForStopped } from './helpers';
import { scanPage, seriousOrWorse } from '../support/axe';

const lab = useLab();

interface Seen {
  where: string;
  caption: string;
  clock: string;
  session: string;
  t: number;
}

const tourRegion = (page: Page) => page.getByRole('region', { name: 'Guided tour' });

async function seen(page: Page): Promise<Seen> {
  const region = tourRegion(page);
  return {
    where: ((await region.locator('.where').textContent()) ?? '').trim(),
    caption: ((await region.locator('.caption').textContent()) ?? '').trim(),
    clock: await clockLabel(page),
    session: await sessionText(page),
    t: await labT(page),
  };
}

describe('guided tour', () => {
  it('goes from the first scene to the last and back by keyboard alone, restoring each state', async () => {
    const j = await openJourney(lab, '?scene=unprotected-dies', {
      initScript: () => {
        // prefers-reduced-motion: each step shows its pause point at once.
        const real = window.matchMedia.bind(window);
        window.matchMedia = (q: string) => (q.includes('reduced-motion') ? ({ ...real(q), matches: true, media: q } as MediaQueryList) : real(q));
      },
    });
    const { page } = j;
    await tourRegion(page).waitFor();
    await expect.poll(async () => (await seen(page)).where).toBe('Scene 1 of 11 · step 1 of 4');
    expect(page.url()).toContain('scene=unprotected-dies');

    const trail: Seen[] = [await seen(page)];
    expect(trail[0].t).toBe(2_500_000);
    for (let i = 0; i < 50; i++) {
      await page.keyboard.press(i % 2 === 0 ? 'ArrowRight' : 'PageDown');
      const before = trail[trail.length - 1];
      await expect.poll(async () => (await seen(page)).where).not.toBe(before.where);
      const now = await seen(page);
      expect(now.caption, now.where).not.toBe(before.caption);
      trail.push(now);
      if (now.where === 'Scene 11 of 11 · step 6 of 6') break;
    }
    // 4 + 5 + 3 + 3 + 4 + 4 + 3 + 5 + 5 + 4 + 6 steps, every one visited; the last is the closing step.
    expect(trail.map((s) => s.where)).toHaveLength(46);
    expect(trail.find((s) => s.where === 'Scene 8 of 11 · step 4 of 5')!.caption).toMatch(/keeps ticking/);
    expect(trail.find((s) => s.where === 'Scene 8 of 11 · step 4 of 5')!.session).toBe('Session: connected');
    // The repair scene: A, restarted and resynchronized, took over when B crashed at the gate.
    expect(trail.at(-1)!.caption).toMatch(/Two failures, one VM\..*The tour ends here/);
    expect(trail.at(-1)!.session).toBe('Session: connected');
    expect(page.url()).toContain('scene=repair-cycle');
    // The states the captions promise: the unprotected VM's session is stalled for good (no copy of
    // the VM runs anywhere), naive's resets.
    expect(trail[3]).toMatchObject({ where: 'Scene 1 of 11 · step 4 of 4', session: 'Session: stalled' });
    expect(trail.find((s) => s.where === 'Scene 7 of 11 · step 3 of 3')!.session).toBe('Session: reset');

    // The last step is the end: Next does nothing more.
    await page.keyboard.press('ArrowRight');
    expect((await seen(page)).where).toBe('Scene 11 of 11 · step 6 of 6');

    for (let i = trail.length - 2; i >= 0; i--) {
      await page.keyboard.press(i % 2 === 0 ? 'ArrowLeft' : 'PageUp');
      const want = trail[i];
      await expect.poll(async () => (await seen(page)).where).toBe(want.where);
      expect(await seen(page), want.where).toEqual(want);
      expect(await labPlaying(page)).toBe(false);
    }
    await j.finish();
  });

  it('plays a scene in real time, pausing at each pause point; K at the gate crashes host A', async () => {
    const j = await openJourney(lab, '?scene=unprotected-dies');
    const { page } = j;
    await tourRegion(page).waitFor();
    // Step 1 plays to 2.5 s and pauses there by itself.
    await waitForStopped(page);
    expect(await labT(page)).toBe(2_500_000);
    expect(await clockLabel(page)).toBe('xclock shows 00:00:02');
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await seen(page)).caption).toMatch(/^Host B is up/);
    await expect(page.getByText('Your turn: crash host A (press K, or the button)').isVisible()).resolves.toBe(true);
    await page.keyboard.press('k');
    await expect.poll(async () => (await seen(page)).caption).toMatch(/^Host A stopped dead/);
    // The live region says it in words.
    await expect.poll(() => page.locator('.narration').textContent()).toContain('Host A crashed.');
    await waitForStopped(page);
    expect(await labT(page)).toBe(2_900_100);
    // The last step plays on to 2 s after a heartbeat of host B: the session is stalled, and cannot recover.
    await page.keyboard.press('ArrowRight');
    await waitForStopped(page);
    expect(await labT(page)).toBe(5_000_000);
    expect(await sessionText(page)).toBe('Session: stalled');
    expect(await page.getByText('No copy of the VM runs anywhere: this session cannot recover.').isVisible()).toBe(true);
    expect(await clockLabel(page)).toBe('xclock shows 00:00:02');
    await j.finish();
  });

  it('names an unknown scene in the link and opens the tour at the first', async () => {
    const j = await openJourney(lab, '?scene=no-such-scene');
    const { page } = j;
    await tourRegion(page).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('scene "no-such-scene" is unknown; allowed: unprotected-dies, live-migration');
    expect((await seen(page)).where).toBe('Scene 1 of 11 · step 1 of 4');
    await j.finish();
  });

  it('opens from the header by keyboard, and has no serious or critical accessibility violation', async () => {
    const j = await openJourney(lab);
    const { page } = j;
    await page.getByRole('button', { name: 'Guided tour', exact: true }).focus();
    await page.keyboard.press('Enter');
    await tourRegion(page).waitFor();
    // The tour's tools are in its menu.
    await tourRegion(page).locator('summary', { hasText: 'Tour' }).click();
    await page.getByRole('button', { name: 'Glossary', exact: true }).click();
    await page.getByRole('button', { name: 'Scenes', exact: true }).click();
    const bad = seriousOrWorse(await scanPage(page));
    expect(bad, JSON.stringify(bad, null, 2)).toEqual([]);
    // Esc closes the glossary and the scene list.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: 'Scenes' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Close tour', exact: true }).click();
    await expect.poll(() => tourRegion(page).count()).toBe(0);
    await expect.poll(() => page.url()).not.toContain('scene=');
    await j.finish();
  });
});
