/**
 * Figures of the embeddable widget (dist/embed.html) in headless Chromium: time from navigation to
 * its first drawn frame (fresh loads, median), and the animation frames it requests while it sits
 * off screen with autoplay on, and while paused on screen (both must be 0: an idle widget on a blog
 * page costs nothing). The widget is measured in an iframe of a test page, as a blog embeds it.
 */
import type { Browser, Frame } from 'playwright-core';
import { launchChromium } from '../tests/support/chromium';
import { serveStatic } from '../tests/support/static-server';
import { median } from './stats';

export const EMBED_QUERY = 'scenario=kemari&controls=minimal';

export interface EmbedFigures {
  /** Median over fresh loads of the first paint after the widget mounted (ms from navigation). */
  readonly firstFrameMs: number;
  readonly firstFrameRunsMs: readonly number[];
  /** Median over the same loads of the first contentful paint (the poster, when the address has one). */
  readonly fcpMs: number;
  readonly fcpRunsMs: readonly number[];
  /** Median main-thread task time of the page up to that frame (ms): the work itself, whatever else loads the machine. */
  readonly firstFrameTaskMs: number;
  /** Animation frames requested in the iframe over the window while off screen (autoplay on). */
  readonly offscreenFrames: number;
  /** The same while paused on screen. */
  readonly pausedFrames: number;
  /** Frames requested while playing on screen (proves the counter counts). */
  readonly playingFrames: number;
  /** Wall length of each window (ms). */
  readonly windowMs: number;
  readonly pageErrors: readonly string[];
}

const HOST = (src: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,"></head><body>` +
  `<div style="height:3000px">above the fold</div><iframe id="lab" title="Kemari Lab" src="${src}" width="800" height="560"></iframe><div style="height:3000px"></div></body></html>`;

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));

/** Counts requestAnimationFrame calls in every frame (`__rafCalls`). */
function countFrames(): void {
  const w = window as unknown as { __rafCalls: number };
  const raw = window.requestAnimationFrame.bind(window);
  w.__rafCalls = 0;
  window.requestAnimationFrame = (cb) => {
    w.__rafCalls++;
    return raw(cb);
  };
}

/**
 * One fresh load: ms from navigation to the first contentful paint (the build-time poster, when the
 * address has one) and to the first frame drawn after the widget mounted, and the main thread's task
 * time by then.
 */
async function firstFrame(browser: Browser, url: string): Promise<{ ms: number; fcpMs: number; taskMs: number }> {
  const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(url);
    const handle = await page.waitForFunction(
      () => {
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
        const mounted = performance.getEntriesByName('kemari-lab:mounted')[0]?.startTime;
        return fcp !== undefined && mounted !== undefined ? [fcp, Math.max(fcp, mounted)] : undefined;
      },
      undefined,
      { timeout: 15_000 },
    );
    const [fcpMs, ms] = (await handle.jsonValue()) as [number, number];
    const { metrics } = await cdp.send('Performance.getMetrics');
    const taskMs = (metrics.find((m) => m.name === 'TaskDuration')?.value ?? Number.NaN) * 1000;
    return { ms, fcpMs, taskMs };
  } finally {
    await context.close();
  }
}

const frameState = (f: Frame) =>
  f.evaluate(() => {
    const w = window as unknown as { __rafCalls: number; __kemariLab?: { playing(): boolean } };
    return { raf: w.__rafCalls, playing: w.__kemariLab?.playing() ?? false, ready: w.__kemariLab !== undefined };
  });

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`bench: the embed never ${what}`);
    await sleep(50);
  }
}

/** Opens the built widget in `dist` and measures it. Closes the browser and the server whatever happens. */
export async function measureEmbed(dist: string, loads = 5, windowMs = 3_000): Promise<EmbedFigures> {
  const server = await serveStatic(dist, '/', { files: { 'bench-embed.html': HOST(`./embed.html?${EMBED_QUERY}&autoplay=1`) } });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const loadsSeen: { ms: number; fcpMs: number; taskMs: number }[] = [];
    for (let i = 0; i < loads; i++) loadsSeen.push(await firstFrame(browser, `${server.url}embed.html?${EMBED_QUERY}`));
    const runs = loadsSeen.map((l) => l.ms);

    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    try {
      await context.addInitScript(countFrames);
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
      await page.goto(`${server.url}bench-embed.html`);
      const frame = () => page.frames().find((f) => f.url().includes('/embed.html'));
      await waitFor(async () => (frame() ? (await frameState(frame()!)).ready : false), 'started');
      const f = frame()!;

      // Off screen, autoplay on: it waits.
      const off0 = await frameState(f);
      await sleep(windowMs);
      const off1 = await frameState(f);

      // On screen: it plays.
      await page.locator('#lab').scrollIntoViewIfNeeded();
      await waitFor(async () => (await frameState(f)).playing, 'played on screen');
      const on0 = await frameState(f);
      await sleep(windowMs);
      const on1 = await frameState(f);

      // Paused on screen (the embedding page's pause message).
      await page.evaluate(() => (document.getElementById('lab') as HTMLIFrameElement).contentWindow!.postMessage({ type: 'kemari-lab:pause' }, '*'));
      await waitFor(async () => !(await frameState(f)).playing, 'paused');
      await sleep(200);
      const p0 = await frameState(f);
      await sleep(windowMs);
      const p1 = await frameState(f);

      return {
        firstFrameMs: median(runs),
        firstFrameRunsMs: runs,
        fcpMs: median(loadsSeen.map((l) => l.fcpMs)),
        fcpRunsMs: loadsSeen.map((l) => l.fcpMs),
        firstFrameTaskMs: median(loadsSeen.map((l) => l.taskMs)),
        offscreenFrames: off1.raf - off0.raf,
        pausedFrames: p1.raf - p0.raf,
        playingFrames: on1.raf - on0.raf,
        windowMs,
        pageErrors,
      };
    } finally {
      await context.close();
    }
  } finally {
    await Promise.allSettled([browser?.close(), server.close()]);
  }
}
