/**
 * Figures from headless Chromium on the built site (dist/): first contentful paint over fresh loads,
 * and CDP `Performance.getMetrics` deltas over a window while the `unprotected` scenario plays at 1x
 * and while it is paused. Frames are the page's own counter (`__kemariLab.framesDrawn()`, one per
 * animation-frame callback while playing): the bench injects no rAF loop of its own.
 */
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../tests/support/chromium';
import { serveStatic } from '../tests/support/static-server';
import { median } from './stats';

export const VIEWPORT = { width: 1400, height: 900 } as const;

export interface BrowserOptions {
  /** Length of each measured window (ms). */
  readonly windowMs: number;
  /** Time to let playback (or the pause) settle before a window (ms). */
  readonly settleMs: number;
  /** Fresh loads for first contentful paint. */
  readonly fcpLoads: number;
  /** How often metrics are sampled inside a window, for the heap peak (ms). */
  readonly sampleEveryMs: number;
}

export const DEFAULT_BROWSER_OPTIONS: BrowserOptions = { windowMs: 10_000, settleMs: 1_000, fcpLoads: 5, sampleEveryMs: 1_000 };

export interface WindowFigures {
  /** Wall seconds the window lasted (CDP Timestamp delta). */
  readonly seconds: number;
  readonly frames: number;
  readonly fps: number;
  readonly scriptMsPerS: number;
  readonly taskMsPerS: number;
  /** NaN when no frame was drawn. */
  readonly scriptMsPerFrame: number;
  readonly taskMsPerFrame: number;
  /** Layout plus style recalculation, for information. */
  readonly layoutStyleMsPerS: number;
  /** Time the renderer spent on DevTools commands (the bench's own sampling), for information. */
  readonly devtoolsMsPerS: number;
  readonly peakHeapBytes: number;
  /** Whether the app reported playing at the end of the window. */
  readonly playingAtEnd: boolean;
}

export interface BrowserFigures {
  readonly fcpMs: number;
  readonly fcpRunsMs: readonly number[];
  readonly playing: WindowFigures;
  readonly paused: WindowFigures;
  readonly peakHeapBytes: number;
  /** Console errors and uncaught page errors seen on the measured page. */
  readonly pageErrors: readonly string[];
}

interface LabHooks {
  framesDrawn(): number;
  playing(): boolean;
}

type Metrics = Record<string, number>;

async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const out: Metrics = {};
  for (const m of list) out[m.name] = m.value;
  return out;
}

const hooks = (page: Page) =>
  page.evaluate(() => {
    const lab = (window as unknown as { __kemariLab: LabHooks }).__kemariLab;
    return { frames: lab.framesDrawn(), playing: lab.playing() };
  });

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

async function measureWindow(page: Page, cdp: CDPSession, opts: BrowserOptions): Promise<WindowFigures> {
  const startHooks = await hooks(page);
  const start = await metrics(cdp);
  let peak = start.JSHeapUsedSize ?? 0;
  const wallStart = Date.now();
  let last = start;
  for (;;) {
    const left = opts.windowMs - (Date.now() - wallStart);
    if (left <= 0) break;
    await sleep(Math.min(opts.sampleEveryMs, left));
    last = await metrics(cdp);
    peak = Math.max(peak, last.JSHeapUsedSize ?? 0);
  }
  const end = last;
  const endHooks = await hooks(page);
  const d = (name: string) => (end[name] ?? 0) - (start[name] ?? 0);
  const seconds = d('Timestamp');
  const frames = endHooks.frames - startHooks.frames;
  const scriptMs = d('ScriptDuration') * 1000;
  const taskMs = d('TaskDuration') * 1000;
  return {
    seconds,
    frames,
    fps: frames / seconds,
    scriptMsPerS: scriptMs / seconds,
    taskMsPerS: taskMs / seconds,
    scriptMsPerFrame: frames > 0 ? scriptMs / frames : Number.NaN,
    taskMsPerFrame: frames > 0 ? taskMs / frames : Number.NaN,
    layoutStyleMsPerS: ((d('LayoutDuration') + d('RecalcStyleDuration')) * 1000) / seconds,
    devtoolsMsPerS: (d('DevToolsCommandDuration') * 1000) / seconds,
    peakHeapBytes: peak,
    playingAtEnd: endHooks.playing,
  };
}

async function firstContentfulPaint(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    await page.goto(url);
    const handle = await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, undefined, {
      timeout: 15_000,
    });
    return (await handle.jsonValue()) as number;
  } finally {
    await context.close();
  }
}

/** Opens the built site in `dist` and measures it. Closes the browser and the server whatever happens. */
export async function measureBrowser(dist: string, opts: BrowserOptions = DEFAULT_BROWSER_OPTIONS): Promise<BrowserFigures> {
  const server = await serveStatic(dist);
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();

    const fcpRunsMs: number[] = [];
    for (let i = 0; i < opts.fcpLoads; i++) fcpRunsMs.push(await firstContentfulPaint(browser, server.url));

    const context = await browser.newContext({ viewport: VIEWPORT });
    try {
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
      await page.goto(server.url);
      await page.waitForFunction(() => '__kemariLab' in window, undefined, { timeout: 15_000 });
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');

      const play = page.getByRole('button', { name: 'Play', exact: true });
      const pause = page.getByRole('button', { name: 'Pause', exact: true });

      await play.click();
      await pause.waitFor({ timeout: 5_000 });
      await sleep(opts.settleMs);
      const playing = await measureWindow(page, cdp, opts);

      await pause.click();
      await play.waitFor({ timeout: 5_000 });
      await sleep(opts.settleMs);
      const paused = await measureWindow(page, cdp, opts);

      await cdp.detach();
      return {
        fcpMs: median(fcpRunsMs),
        fcpRunsMs,
        playing,
        paused,
        peakHeapBytes: Math.max(playing.peakHeapBytes, paused.peakHeapBytes),
        pageErrors,
      };
    } finally {
      await context.close();
    }
  } finally {
    await Promise.allSettled([browser?.close(), server.close()]);
  }
}
