/**
 * Presenter mode on the screens a talk has (1280x720 and 1920x1080): every step of every scene, walked
 * by keyboard, shows the parts it highlights at least 90 % inside the viewport, with the stage's labels
 * at least 14 px (720p) or 18 px (1080p) and no two texts of the stage, the clock or the caption overlapping; M shows the machines over the stage. And the climax:
 * after K in the Kemari scene the clock keeps ticking (Playwright's clock runs the page for 10 s at
 * 1x), its second hand moving several times a second, with the takeover's stall shown in ms.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { overlappingTexts, useLab } from './helpers';

const lab = useLab();

const SIZES = [
  { name: '1280x720', width: 1280, height: 720, minLabelPx: 14 },
  { name: '1920x1080', width: 1920, height: 1080, minLabelPx: 18 },
] as const;

/** The smallest stage text as drawn (its font size times the stage's scale), and which it is. */
async function smallestStageText(page: Page): Promise<{ px: number; text: string }> {
  return page.evaluate(() => {
    let px = Infinity;
    let text = '';
    for (const el of document.querySelectorAll<SVGTextElement>('.stage text')) {
      if (!el.checkVisibility() || !(el.textContent ?? '').trim()) continue;
      const svg = el.ownerSVGElement!;
      const size = (parseFloat(getComputedStyle(el).fontSize) * svg.getBoundingClientRect().width) / svg.viewBox.baseVal.width;
      if (size < px) {
        px = size;
        text = (el.textContent ?? '').trim();
      }
    }
    return { px, text };
  });
}

/** Where each part a step can highlight is drawn (the visible copy counts when there are two). */
const PART_SELECTORS: Readonly<Record<string, string>> = {
  hostA: '.stage g[data-host="A"] > .frame',
  hostB: '.stage g[data-host="B"] > .frame',
  client: '.stage .client',
  link: '.stage .link',
  eventChannel: '.stage g[data-host="A"] .port',
  xclock: '.xclock',
  memory: '.memory',
  outputBuffer: '.buffer',
  rounds: '.round-chart',
};

/** The highlighted parts and the share of each inside the viewport (the best of its visible copies). */
async function highlightShares(page: Page): Promise<Record<string, number>> {
  return page.evaluate((selectors) => {
    const parts = (document.querySelector('main.lab')?.getAttribute('data-highlight') ?? '').split(' ').filter(Boolean);
    const out: Record<string, number> = {};
    for (const part of parts) {
      let best = 0;
      for (const el of document.querySelectorAll(selectors[part] ?? '#none')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
        const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
        best = Math.max(best, (w * h) / (r.width * r.height));
      }
      out[part] = best;
    }
    return out;
  }, PART_SELECTORS);
}

/** The texts of the stage, the clock and the tour's caption. */
const TEXTS = '.stage text, .xclock figcaption, .xclock p, .tour .where, .tour .scene-title, .tour .caption, .tour .look';

const where = async (page: Page) => ((await page.locator('.tour .where').textContent()) ?? '').trim();

describe.each(SIZES)('presenter mode at $name', (size) => {
  it('every step brings what it highlights into view, with stage labels large enough and no texts overlapping; M shows the machines on screen', async () => {
    const context = await lab.browser.newContext({ viewport: { width: size.width, height: size.height }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${lab.server.url}?present=1`);
    await page.getByRole('region', { name: 'Guided tour' }).waitFor();
    const problems: string[] = [];
    const dockPartsSeen = new Set<string>();
    let steps = 0;
    for (let i = 0; i < 50; i++) {
      const at = await where(page);
      await expect.poll(() => page.locator('main.lab').getAttribute('data-highlight')).not.toBeNull();
      // The dock's panels load on demand: give them a moment to arrive.
      await expect
        .poll(async () => Object.values(await highlightShares(page)).every((s) => s >= 0.9), { timeout: 3000 })
        .toBe(true)
        .catch(() => undefined);
      for (const [part, share] of Object.entries(await highlightShares(page))) {
        if (share < 0.9) problems.push(`${at}: ${part} is ${Math.round(share * 100)} % on screen`);
        if (['memory', 'rounds', 'outputBuffer'].includes(part) && share >= 0.9) dockPartsSeen.add(part);
      }
      for (const o of await overlappingTexts(page, TEXTS)) problems.push(`${at}: texts overlap: ${o}`);
      const smallest = await smallestStageText(page);
      if (smallest.px < size.minLabelPx) problems.push(`${at}: "${smallest.text}" is drawn at ${smallest.px.toFixed(1)} px`);
      const [sw, sh] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
      if (sw > size.width || sh > size.height) problems.push(`${at}: the page is ${sw}x${sh}`);
      steps++;
      if (at === 'Scene 11 of 11 · step 6 of 6') break;
      await page.keyboard.press('ArrowRight');
      await expect.poll(() => where(page)).not.toBe(at);
    }
    expect(problems).toEqual([]);
    expect(steps).toBe(46);
    // The panels in the dock were among the parts checked.
    expect([...dockPartsSeen].sort()).toEqual(['memory', 'outputBuffer', 'rounds']);

    await page.keyboard.press('m');
    const overlay = page.getByRole('dialog', { name: 'Machines' });
    await overlay.getByRole('combobox', { name: 'Machine', exact: true }).waitFor();
    const box = (await overlay.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(size.width);
    expect(box.y + box.height).toBeLessThanOrEqual(size.height);
    expect(box.width * box.height).toBeGreaterThan(0.8 * size.width * size.height);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the Kemari climax', () => {
  it('after K the clock keeps ticking: over 10 s at 1x its second hand takes 30+ angles, its name changes every second, and the stall is shown in ms', async () => {
    const context = await lab.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.clock.install({ time: 1_000_000 });
    await page.goto(`${lab.server.url}?present=1&scene=kemari-takeover`);
    await page.getByRole('region', { name: 'Guided tour' }).waitFor();
    const start = await page.evaluate(() => Date.now());
    // Far enough ahead that the page's clock cannot pass it before the call lands (on a busy machine
    // 100 ms was not: "Cannot fast-forward to the past").
    await page.clock.pauseAt(start + 1_000);
    const labT = () => page.evaluate(() => (window as unknown as { __kemariLab: { t(): number } }).__kemariLab.t());

    // To the gate ("power off host A"), which plays at 1x to 3.5 s; then K.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => where(page)).toBe('Scene 8 of 11 · step 2 of 5');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => where(page)).toBe('Scene 8 of 11 · step 3 of 5');
    for (let i = 0; i < 40 && (await labT()) < 3_500_000; i++) await page.clock.runFor(100);
    expect(await labT()).toBe(3_500_000);
    await page.keyboard.press('k');
    await expect.poll(() => where(page)).toBe('Scene 8 of 11 · step 4 of 5');
    expect(await page.getByRole('img', { name: /^Stage\./ }).getAttribute('aria-label')).toContain('Host A crashed');

    // 10 s of the page's time, looked at every 50 ms.
    const second = page.locator('.xclock .second');
    const clock = page.getByRole('img', { name: /^xclock shows / });
    const angles = new Set<string>();
    const changes: number[] = [];
    const stalls: number[] = [];
    let label = await clock.getAttribute('aria-label');
    for (let ms = 50; ms <= 10_000; ms += 50) {
      await page.clock.runFor(50);
      angles.add((await second.getAttribute('data-angle')) ?? '');
      const now = await clock.getAttribute('aria-label');
      if (now !== label) {
        changes.push(ms);
        label = now;
      }
      const waiting = (await page.locator('.xclock .waiting').allTextContents()).join(' ');
      const m = /no update for (\d+) ms/.exec(waiting);
      if (m) stalls.push(Number(m[1]));
    }
    expect(await labT()).toBeGreaterThanOrEqual(13_400_000);
    expect(angles.size).toBeGreaterThanOrEqual(30);
    // A new second at least every 1.6 s (a second plus the takeover's pause), to the end.
    expect(changes.length).toBeGreaterThanOrEqual(9);
    const gaps = changes.map((ms, i) => ms - (i === 0 ? 0 : changes[i - 1]));
    expect(Math.max(...gaps, 10_000 - changes.at(-1)!)).toBeLessThanOrEqual(1600);
    expect(label).toMatch(/^xclock shows 00:00:1[23]$/);
    expect(await page.getByText(/^Session: connected$/).count()).toBe(1);
    // The takeover's stall was shown as it grew, in ms, past a frame interval (250 ms at 4 Hz) and under a second.
    expect(Math.max(...stalls)).toBeGreaterThan(250);
    expect(Math.max(...stalls)).toBeLessThan(1000);
    expect(errors).toEqual([]);
    await context.close();
  });
});
