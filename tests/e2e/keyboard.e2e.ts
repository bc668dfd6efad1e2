/**
 * Journey 6: everything is reachable by keyboard with a visible focus, and Space (with nothing
 * focused) plays and pauses.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { button, labPlaying, openJourney, playButton, useLab } from './helpers';

const lab = useLab();

interface Focused {
  name: string;
  focusVisible: boolean;
  outlineStyle: string;
  outlineWidth: string;
}

/** The focused element's name (as a user would call it) and how its focus is drawn. */
async function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    const labelled = (el as HTMLInputElement).labels?.[0]?.childNodes[0]?.textContent;
    const name = (el.getAttribute('aria-label') ?? labelled ?? el.textContent ?? '').trim();
    const style = getComputedStyle(el);
    return { name, focusVisible: el.matches(':focus-visible'), outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth };
  });
}

async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
}

describe('keyboard', () => {
  it('Tab reaches every control in order, each with a visible focus', async () => {
    const j = await openJourney(lab);
    const { page } = j;
    // In reading order: the dock beside the stage (its open tab, stepping by event), then the
    // controls under the stage, then the timeline.
    const wanted = ['What happened', 'Events of', 'Previous event', 'Next event', 'Play', 'Step', 'Reset', 'Speed', 'Crash host A', 'Crash host B', 'Cut link', 'Keys', 'Playhead'];
    const seen: Focused[] = [];
    for (let i = 0; i < 40 && !seen.some((f) => f.name === 'Playhead'); i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (f) seen.push(f);
    }
    const names = seen.map((f) => f.name);
    expect(names.filter((n) => wanted.includes(n))).toEqual(wanted);
    for (const f of seen.filter((s) => wanted.includes(s.name))) {
      expect(f, f.name).toMatchObject({ focusVisible: true });
      expect(f.outlineStyle, f.name).not.toBe('none');
      expect(f.outlineWidth, f.name).not.toBe('0px');
    }
    // Shift+Tab walks back to the stop before the Playhead.
    await page.keyboard.press('Shift+Tab');
    expect((await focused(page))?.name).toBe(names[names.length - 2]);
    expect(names[names.length - 2]).not.toBe('Playhead');
    await j.finish();
  });

  it('Space toggles Play/Pause with focus on the page body, and once on the focused button', async () => {
    const j = await openJourney(lab);
    const { page } = j;
    await blur(page);
    await page.keyboard.press('Space');
    await expect.poll(() => playButton(page).textContent()).toBe('Pause');
    expect(await labPlaying(page)).toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(() => playButton(page).textContent()).toBe('Play');
    expect(await labPlaying(page)).toBe(false);

    // On the focused Play button, Space presses the button once (not the button and the page both).
    await button(page, 'Play').focus();
    await page.keyboard.press('Space');
    await expect.poll(() => playButton(page).textContent()).toBe('Pause');
    expect(await labPlaying(page)).toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(() => playButton(page).textContent()).toBe('Play');
    expect(await labPlaying(page)).toBe(false);
    await j.finish();
  });
});
