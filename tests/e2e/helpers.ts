/**
 * Shared pieces of the browser journeys: one Chromium and one static server per file, a page that
 * collects console errors and page errors (a journey fails on any), and locators for what a user
 * sees (by role, label and text, as the page's contract names them).
 * @see ../../../shared/DESIGN.md §10 (The page's contract)
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchChromium } from '../support/chromium';
import { DIST } from '../support/build';
import { serveStatic, type StaticServer } from '../support/static-server';

export interface Lab {
  readonly browser: Browser;
  readonly server: StaticServer;
  close(): Promise<void>;
}

/** Launches Chromium and serves dist/ (under `subPath`, if given). */
export async function startLab(subPath?: string): Promise<Lab> {
  const [browser, server] = await Promise.all([launchChromium(), serveStatic(DIST, subPath)]);
  return {
    browser,
    server,
    close: async () => {
      await Promise.all([browser.close(), server.close()]);
    },
  };
}

/**
 * One lab for the whole file: started before its tests, closed after them. Returns a handle whose
 * `browser` and `server` are the live ones once the file's tests run.
 */
export function useLab(subPath?: string): Lab {
  let lab: Lab | undefined;
  beforeAll(async () => {
    lab = await startLab(subPath);
  });
  afterAll(async () => {
    await lab?.close();
  });
  const live = () => {
    if (!lab) throw new Error('the lab is not started (use it inside a test)');
    return lab;
  };
  return {
    get browser() {
      return live().browser;
    },
    get server() {
      return live().server;
    },
    close: () => live().close(),
  };
}

export interface Journey {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors, page errors and dialogs seen so far. */
  readonly errors: string[];
  /** Fails when any error was seen, then closes the page's context. */
  finish(): Promise<void>;
}

/**
 * Opens `query` (such as `?fault=crash:A@3s`, or a full address) in a fresh context and waits for the
 * app to be up. Every console error, uncaught page error and dialog is collected.
 */
export async function openJourney(
  lab: Lab,
  query = '',
  options: {
    initScript?: () => void;
    /** What shows the page is up (default: the lab's one xclock). */
    ready?: (page: Page) => Locator;
    /** The window (default 1280x1000). */
    viewport?: { width: number; height: number };
    /** A phone: touch, and a mobile viewport. */
    touch?: boolean;
  } = {},
): Promise<Journey> {
  const context = await lab.browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 1000 }, hasTouch: options.touch, isMobile: options.touch });
  if (options.initScript) await context.addInitScript(options.initScript);
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('dialog', (d) => {
    errors.push(`dialog: ${d.type()} ${d.message()}`);
    void d.dismiss();
  });
  const url = /^https?:/.test(query) ? query : `${lab.server.url}${query}`;
  await page.goto(url);
  await page.waitForFunction(() => '__kemariLab' in window);
  await (options.ready ?? xclock)(page).waitFor();
  return {
    context,
    page,
    errors,
    finish: async () => {
      try {
        expect(errors, 'console errors, page errors or dialogs').toEqual([]);
      } finally {
        await context.close();
      }
    },
  };
}

/** A query string from key/value pairs (repeated keys allowed), properly encoded. */
export function query(pairs: readonly (readonly [string, string])[]): string {
  const q = new URLSearchParams();
  for (const [k, v] of pairs) q.append(k, v);
  return `?${q.toString()}`;
}

// --- What the user sees ---------------------------------------------------------------------------

export const button = (page: Page, name: string): Locator => page.getByRole('button', { name, exact: true });
export const playButton = (page: Page): Locator => page.getByRole('button', { name: /^(Play|Pause)$/ });
export const xclock = (page: Page): Locator => page.getByRole('img', { name: /^xclock shows / });
export const stage = (page: Page): Locator => page.getByRole('img', { name: /^Stage\./ });
export const session = (page: Page): Locator => page.getByText(/^Session: /);
export const simTime = (page: Page): Locator => page.getByLabel('Simulated time', { exact: true });
export const speedSelect = (page: Page): Locator => page.getByRole('combobox', { name: 'Speed', exact: true });
export const playhead = (page: Page): Locator => page.getByRole('slider', { name: 'Playhead' });

/** The xclock's accessible name ("xclock shows 00:00:03"). */
export async function clockLabel(page: Page): Promise<string> {
  return (await xclock(page).getAttribute('aria-label')) ?? '';
}

/** The session line, trimmed ("Session: connected"). */
export async function sessionText(page: Page): Promise<string> {
  return ((await session(page).textContent()) ?? '').trim().replace(/\s+/g, ' ');
}

/** The simulated time readout's text. */
export async function simTimeText(page: Page): Promise<string> {
  return ((await simTime(page).textContent()) ?? '').trim();
}

// --- Test hooks (window.__kemariLab) --------------------------------------------------------------

interface LabHooks {
  framesDrawn(): number;
  t(): number;
  playing(): boolean;
}

export async function labT(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __kemariLab: LabHooks }).__kemariLab.t());
}

export async function labPlaying(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __kemariLab: LabHooks }).__kemariLab.playing());
}

export async function labFramesDrawn(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __kemariLab: LabHooks }).__kemariLab.framesDrawn());
}

/** Waits (checking every animation frame) until the playhead has reached `us`. */
export async function waitForSimTime(page: Page, us: number, timeout = 20_000): Promise<void> {
  await page.waitForFunction((at) => (window as unknown as { __kemariLab: LabHooks }).__kemariLab.t() >= at, us, {
    polling: 'raf',
    timeout,
  });
}

/** Waits until playback has stopped by itself (the end of the run). */
export async function waitForStopped(page: Page, timeout = 20_000): Promise<void> {
  await page.waitForFunction(() => !(window as unknown as { __kemariLab: LabHooks }).__kemariLab.playing(), undefined, {
    polling: 'raf',
    timeout,
  });
}

/** Chooses a speed in the Speed select (1 is real time; 10 and 100 make journeys quick). */
export async function setSpeed(page: Page, speed: number): Promise<void> {
  await speedSelect(page).selectOption(String(speed));
}

/**
 * Records every aria-label the xclock takes from now on (a MutationObserver in the page), so a
 * journey can prove the label never changed while time moved on. Read with `clockLabelsSeen`.
 */
export async function watchClockLabel(page: Page): Promise<void> {
  await xclock(page).evaluate((el) => {
    const w = window as unknown as { __clockLabels: string[] };
    w.__clockLabels = [el.getAttribute('aria-label') ?? ''];
    new MutationObserver(() => w.__clockLabels.push(el.getAttribute('aria-label') ?? '')).observe(el, {
      attributes: true,
      attributeFilter: ['aria-label'],
    });
  });
}

export async function clockLabelsSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __clockLabels: string[] }).__clockLabels);
}

/**
 * An init script: counts the page's calls to requestAnimationFrame (`window.__rafCalls`) and keeps
 * the original as `window.__rawRaf`, so a journey can let frames pass without requesting any itself
 * through the counted function.
 */
export function countAnimationFrameRequests(): void {
  const w = window as unknown as { __rafCalls: number; __rawRaf: typeof requestAnimationFrame };
  const raw = window.requestAnimationFrame.bind(window);
  w.__rafCalls = 0;
  w.__rawRaf = raw;
  window.requestAnimationFrame = (cb: FrameRequestCallback): number => {
    w.__rafCalls++;
    return raw(cb);
  };
}

export async function rafCalls(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __rafCalls: number }).__rafCalls);
}

/** Lets `n` rendering frames go by (through the uncounted requestAnimationFrame). */
export async function letFramesPass(page: Page, n: number): Promise<void> {
  await page.evaluate(
    (count) =>
      new Promise<void>((done) => {
        const raw = (window as unknown as { __rawRaf?: typeof requestAnimationFrame }).__rawRaf ?? window.requestAnimationFrame.bind(window);
        let left = count;
        const next = () => (--left <= 0 ? done() : raw(next));
        raw(next);
      }),
    n,
  );
}

/** Seconds from an xclock label ("xclock shows 00:01:05" → 65), or NaN for "--:--:--". */
export function labelSeconds(label: string): number {
  const m = /(\d\d):(\d\d):(\d\d)$/.exec(label);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : Number.NaN;
}

// --- The dock and the header's File menu -------------------------------------------------------------

/**
 * Opens the dock's tab named `title` ("What happened", "Status", "Rules", "Faults", "Parameters",
 * "Sweep", "Machines", "About", a technique's own panels...) and returns its panel.
 */
export async function openPanel(page: Page, title: string | RegExp): Promise<Locator> {
  const tab = page.getByRole('tablist', { name: 'Lab panels' }).getByRole('tab', { name: title });
  await tab.click();
  await expect.poll(() => tab.getAttribute('aria-selected')).toBe('true');
  const id = await tab.getAttribute('aria-controls');
  return page.locator(`[id="${id}"]`);
}

/** Opens the header's File menu (save and open lab files, export the trace or the stage). */
export async function openFileMenu(page: Page): Promise<void> {
  const menu = page.locator('header details.menu');
  if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
}

/**
 * Pairs of visible texts that overlap among the elements `selector` matches, each pair named by its
 * texts. A shared edge or a pixel of glyph overhang is not an overlap.
 */
export async function overlappingTexts(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const boxes = [...document.querySelectorAll<Element>(sel)]
      .filter((el) => (el.textContent ?? '').trim() !== '' && el.checkVisibility())
      .map((el) => ({ text: (el.textContent ?? '').trim().slice(0, 40), r: el.getBoundingClientRect() }))
      .filter((b) => b.r.width > 0 && b.r.height > 0);
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r;
        const b = boxes[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1.5 && h > 1.5) out.push(`"${boxes[i].text}" × "${boxes[j].text}"`);
      }
    }
    return out;
  }, selector);
}
