/**
 * One stage: what matters is on the screen a person has. At 1280x720, 1366x768, 1920x1080 and on a
 * 390x844 phone (touch), for every scenario: the stage, the xclock, Play and the crash button are fully
 * inside the viewport without scrolling, before and after the crash; the page never scrolls sideways
 * with any panel open; no two texts of the stage, the clock area or the tour's caption overlap. One page
 * per size: scenarios change through the Scenario select, panels through the dock's tabs.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/scenarios/all';
import { TECHNIQUES } from '../../src/view/techniques/all';
import { overlappingTexts, useLab } from './helpers';

const lab = useLab();

const SIZES = [
  { name: '1280x720', width: 1280, height: 720, touch: false },
  { name: '1366x768', width: 1366, height: 768, touch: false },
  { name: '1920x1080', width: 1920, height: 1080, touch: false },
  { name: 'phone 390x844', width: 390, height: 844, touch: true },
] as const;

/** Whether the element's box lies fully inside the viewport (a pixel of slack for rounding). */
async function onScreen(page: Page, target: Locator): Promise<string> {
  const box = await target.boundingBox();
  const vp = page.viewportSize()!;
  if (!box) return 'not rendered';
  const ok = box.x >= -1 && box.y >= -1 && box.x + box.width <= vp.width + 1 && box.y + box.height <= vp.height + 1;
  return ok ? 'inside' : `outside: ${JSON.stringify(box)} in ${vp.width}x${vp.height}`;
}

const crashName = (scenario: string) => TECHNIQUES[scenario as keyof typeof TECHNIQUES].crashALabel;

describe.each(SIZES)('one stage at $name', (size) => {
  it('keeps the stage, the clock, Play and the crash button on screen for every scenario, before and after the crash; no panel makes it scroll sideways; no texts overlap', async () => {
    const context = await lab.browser.newContext({ viewport: { width: size.width, height: size.height }, hasTouch: size.touch, isMobile: size.touch });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${lab.server.url}?scenario=unprotected&t=1.5s`);
    await page.getByRole('img', { name: /^xclock shows / }).waitFor();
    const problems: string[] = [];
    for (const scenario of SCENARIOS) {
      await page.getByRole('combobox', { name: 'Scenario' }).selectOption(scenario.id);
      await expect.poll(() => new URL(page.url()).searchParams.get('scenario')).toBe(scenario.id);
      const parts: [string, Locator][] = [
        ['stage', page.getByRole('img', { name: /^Stage\./ })],
        ['xclock', page.getByRole('img', { name: /^xclock shows / })],
        ['Play', page.getByRole('button', { name: 'Play', exact: true })],
        [crashName(scenario.id), page.getByRole('button', { name: crashName(scenario.id), exact: true })],
        // A phone's bottom bar: the rest of it too (nothing pushed off its edge).
        ...(size.touch
          ? ([
              ['More', page.getByRole('navigation', { name: 'Playback and faults' }).locator('summary')],
              ['Panels', page.getByRole('button', { name: 'Panels', exact: true })],
            ] as [string, Locator][])
          : []),
      ];
      for (const [name, loc] of parts) {
        const where = await onScreen(page, loc);
        if (where !== 'inside') problems.push(`${scenario.id}: ${name} ${where}`);
      }
      const scrollBefore = await page.evaluate(() => [scrollX, scrollY]);
      if (scrollBefore.some((v) => v !== 0)) problems.push(`${scenario.id}: the page scrolled to ${scrollBefore}`);
      for (const o of await overlappingTexts(page, '.stage text')) problems.push(`${scenario.id}: stage texts overlap: ${o}`);
      for (const o of await overlappingTexts(page, '.xclock figcaption, .xclock p')) problems.push(`${scenario.id}: clock texts overlap: ${o}`);

      // The crash: everything stays where it was.
      await page.getByRole('button', { name: crashName(scenario.id), exact: true }).click();
      for (const [name, loc] of parts.filter(([name]) => name !== crashName(scenario.id))) {
        const where = await onScreen(page, loc);
        if (where !== 'inside') problems.push(`${scenario.id} after the crash: ${name} ${where}`);
      }
      const scroll = await page.evaluate(() => [scrollX, scrollY]);
      if (scroll.some((v) => v !== 0)) problems.push(`${scenario.id} after the crash: the page scrolled to ${scroll}`);

      // Every panel in turn: the page never gets wider than the screen.
      if (size.touch) await page.getByRole('button', { name: 'Panels' }).click();
      const tabs = page.getByRole('tablist', { name: 'Lab panels' }).getByRole('tab');
      const n = await tabs.count();
      for (let i = 0; i < n; i++) {
        await tabs.nth(i).click();
        const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
        if (sw > iw) problems.push(`${scenario.id}: with panel ${await tabs.nth(i).textContent()} open the page is ${sw} px wide in ${iw}`);
      }
      if (size.touch) await page.getByRole('button', { name: 'Close panels' }).click();
    }
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
