/**
 * Journey: presenter mode. The projector theme is on; `?` opens the shortcut help and Escape closes
 * it; K crashes host A; R resets the scene (host A back up, the first caption); digits jump to scenes;
 * + and − change the speed; the speaker-notes window follows the presenter and drives it over a
 * BroadcastChannel; the stage exports as SVG and PNG; axe finds no serious or critical violation.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { scanPage, seriousOrWorse } from '../support/axe';
import { openFileMenu, openJourney, speedSelect, stage, useLab } from './helpers';

const lab = useLab();

const tour = (page: Page) => page.getByRole('region', { name: 'Guided tour' });
const where = async (page: Page) => ((await tour(page).locator('.where').textContent()) ?? '').trim();
const caption = async (page: Page) => ((await tour(page).locator('.caption').textContent()) ?? '').trim();

describe('presenter mode', () => {
  it('answers its shortcuts: ? help, K kill, R reset, digits, + and −', async () => {
    const j = await openJourney(lab, '?present=1');
    const { page } = j;
    await tour(page).waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains('presenter'))).toBe(true);
    expect(await where(page)).toBe('Scene 1 of 11 · step 1 of 4');

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.getByText('Kill the primary (crash the host that runs the VM)').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);

    await page.keyboard.press('K');
    await expect.poll(() => stage(page).getAttribute('aria-label')).toMatch(/Host A crashed/);
    expect(await page.getByRole('button', { name: 'Crash host A', exact: true }).isDisabled()).toBe(true);

    await page.keyboard.press('R');
    await expect.poll(() => stage(page).getAttribute('aria-label')).toMatch(/Host A up/);
    expect(await where(page)).toBe('Scene 1 of 11 · step 1 of 4');
    expect(await caption(page)).toMatch(/^A guest VM/);

    await page.keyboard.press('8');
    await expect.poll(() => where(page)).toBe('Scene 8 of 11 · step 1 of 5');
    expect(await tour(page).getByRole('heading', { name: 'The Kemari takeover' }).isVisible()).toBe(true);
    await page.keyboard.press('4');
    await expect.poll(() => where(page)).toBe('Scene 4 of 11 · step 1 of 3');

    const speed = async () => Number(await speedSelect(page).inputValue());
    const before = await speed();
    await page.keyboard.press('+');
    await expect.poll(speed).toBeGreaterThan(before);
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    await expect.poll(speed).toBeLessThan(before);
    await j.finish();
  });

  it('keeps the speaker-notes window in step, and obeys it', async () => {
    const j = await openJourney(lab, '?present=1&scene=remus-buffering');
    const { page, context } = j;
    await tour(page).waitFor();
    const notes = await context.newPage();
    await notes.goto(`${lab.server.url}?notes=1`);
    const onScreen = notes.getByRole('region', { name: 'On screen' });
    await expect.poll(() => onScreen.textContent()).toMatch(/Remus \(Cully et al\. 2008\) sends host B a checkpoint/);
    expect(await notes.getByText('Scene 6 of 11: Remus buffering', { exact: false }).isVisible()).toBe(true);
    expect(await notes.getByRole('region', { name: 'Next' }).textContent()).toMatch(/waits in the output buffer/);

    await page.keyboard.press('ArrowRight');
    await expect.poll(() => onScreen.textContent()).toMatch(/waits in the output buffer/);

    await notes.getByRole('button', { name: '← Back' }).click();
    await expect.poll(() => where(page)).toBe('Scene 6 of 11 · step 1 of 4');
    await notes.close();
    await j.finish();
  });

  it('exports the stage as an SVG with its look inlined, and as a PNG', async () => {
    const j = await openJourney(lab, '?scenario=kemari&t=1s');
    const { page } = j;
    await openFileMenu(page);
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Stage as SVG' }).click()]);
    expect(svgDownload.suggestedFilename()).toBe('kemari-lab-kemari-1000ms.svg');
    const svg = await readFile((await svgDownload.path())!, 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('Host A · primary');
    expect(svg).not.toContain('class=');
    expect(svg).not.toContain('var(--');
    expect(svg).toMatch(/style="fill:rgb\(/);

    await openFileMenu(page);
    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Stage as PNG' }).click()]);
    const png = await readFile((await pngDownload.path())!);
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // Twice the stage's 1000 × 590 view box.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2000, 1180]);
    await j.finish();
  });

  it('has no serious or critical accessibility violation: help open, dark theme, phone', async () => {
    const j = await openJourney(lab, '?present=1&scene=kemari-takeover');
    const { page } = j;
    await tour(page).waitFor();
    let bad = seriousOrWorse(await scanPage(page));
    expect(bad, JSON.stringify(bad, null, 2)).toEqual([]);
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    bad = seriousOrWorse(await scanPage(page));
    expect(bad, JSON.stringify(bad, null, 2)).toEqual([]);
    await page.keyboard.press('Escape');
    // The dark projector theme, and a phone in portrait.
    await page.emulateMedia({ colorScheme: 'dark' });
    bad = seriousOrWorse(await scanPage(page));
    expect(bad, `dark: ${JSON.stringify(bad, null, 2)}`).toEqual([]);
    await page.setViewportSize({ width: 390, height: 844 });
    bad = seriousOrWorse(await scanPage(page));
    expect(bad, `phone: ${JSON.stringify(bad, null, 2)}`).toEqual([]);
    await j.finish();
  });
});
