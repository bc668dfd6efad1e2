/**
 * Share & embed (issue 17): S opens the dialog on a deep-linked moment; "Copy link" puts the link on the
 * clipboard (read back with Chromium's clipboard permission), and a new page opened at it lands on the
 * same instant with the same faults and panel. The iframe snippet, chosen with autoplay in the dialog and
 * pasted into a blog page served under a strict Content-Security-Policy, plays with no violation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DIST } from '../support/build';
import { launchChromium } from '../support/chromium';
import { serveStatic, type StaticServer } from '../support/static-server';
import { labelSeconds } from './helpers';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; frame-src 'self'";
const SUB = '/kemari-lab/';
const BLOG = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A post</title><link rel="icon" href="data:,"></head><body><main><h1>A post</h1><div id="here" style="width:640px"></div></main></body></html>';

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), serveStatic(DIST, SUB, { headers: { 'content-security-policy': CSP }, files: { 'post.html': BLOG } })]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

describe('share & embed', () => {
  it('S opens the dialog; the copied link reopens the same instant, faults and panel; the iframe snippet plays in a strict-CSP page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url.replace(/\/kemari-lab\/?$/, '') });
    const errors: string[] = [];
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${server.url}?scenario=kemari&fault=crash:A@3.5s&t=4250ms&panel=rules`);
      await page.waitForFunction(() => '__kemariLab' in window);
      await page.keyboard.press('s');
      const dialog = page.getByRole('dialog', { name: 'Share & embed' });
      await dialog.waitFor();
      // The link field has the focus; Copy says so.
      expect(await dialog.getByRole('textbox', { name: 'Link to this moment' }).evaluate((el) => el === document.activeElement)).toBe(true);
      await dialog.getByRole('button', { name: 'Copy link' }).click();
      await expect.poll(() => dialog.getByRole('button', { name: 'Copied' }).count()).toBe(1);
      expect(await dialog.getByRole('status').textContent()).toBe('Copied the link.');
      const link = await page.evaluate(() => navigator.clipboard.readText());
      expect(link).toBe(await dialog.getByRole('textbox', { name: 'Link to this moment' }).inputValue());

      const again = await context.newPage();
      await again.goto(link);
      await again.waitForFunction(() => '__kemariLab' in window);
      expect(await again.evaluate(() => (window as unknown as { __kemariLab: { t(): number } }).__kemariLab.t())).toBe(4_250_000);
      expect(await again.getByRole('img', { name: /^Stage\./ }).getAttribute('aria-label')).toContain('Host A crashed');
      expect(await again.getByRole('tab', { name: 'Rules' }).getAttribute('aria-selected')).toBe('true');
      expect(new URL(link).searchParams.getAll('fault')).toEqual(['crash:A@3500ms']);
      await again.close();

      // The iframe snippet, with autoplay, into a blog page under a strict CSP: it plays there.
      await dialog.getByRole('checkbox', { name: 'Autoplay' }).check();
      const snippet = await dialog.getByRole('textbox', { name: 'iframe' }).inputValue();
      expect(snippet).toMatch(/^<iframe src="http:\/\/[^"]+\/kemari-lab\/embed\.html\?scenario=kemari&amp;preset=default&amp;seed=1&amp;fault=crash%3AA%403500ms&amp;t=4250ms&amp;controls=minimal&amp;autoplay=1"/);
      await dialog.getByRole('button', { name: 'Copy iframe' }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(snippet);
      // Esc closes the dialog.
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.count()).toBe(0);

      const blog = await context.newPage();
      const csp: string[] = [];
      blog.on('pageerror', (e) => errors.push(e.message));
      blog.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await blog.goto(`${server.url}post.html`);
      await blog.evaluate(() => document.addEventListener('securitypolicyviolation', (e) => ((window as unknown as { __csp: string[] }).__csp ??= []).push(e.violatedDirective)));
      await blog.evaluate((html) => document.getElementById('here')!.insertAdjacentHTML('beforeend', html), snippet);
      const frame = blog.frameLocator('iframe');
      const clock = frame.getByRole('img', { name: /^xclock shows / });
      await clock.waitFor();
      const first = labelSeconds((await clock.getAttribute('aria-label')) ?? '');
      expect(first).toBe(4);
      await expect.poll(async () => labelSeconds((await clock.getAttribute('aria-label')) ?? ''), { timeout: 10_000 }).toBeGreaterThan(first);
      csp.push(...((await blog.evaluate(() => (window as unknown as { __csp?: string[] }).__csp)) ?? []));
      expect(csp).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
