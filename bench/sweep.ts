/**
 * A sweep in headless Chromium on the built site (issues 6 and 16): 1,000 crash times of host A over 10
 * simulated seconds of `remus` at 25 ms epochs, run through the page's real worker pool from its
 * sweep panel. Figures: the sweep's wall time (the page's own measure, from Run sweep to its last
 * row; budget < 15 s) and the page's script time per animation frame while it runs (p95; budget
 * < 16.7 ms, one frame at 60 Hz). Per frame: the User Timing measures the page makes around all of
 * the sweep's work on its thread (worker replies, applying rows and drawing them), summed between
 * consecutive animation frames, which a requestAnimationFrame loop of the bench timestamps. For
 * comparison: CDP's script time of the whole page over the sweep divided by its frames, and
 * long animation frames (over 50 ms) seen by a PerformanceObserver.
 */
import type { CDPSession } from 'playwright-core';
import { launchChromium } from '../tests/support/chromium';
import { serveStatic } from '../tests/support/static-server';

export const SWEEP_BENCH_QUERY = '?scenario=remus&epochMs=25&until=10s&panel=sweep';
export const SWEEP_BENCH_RUNS = 1000;
const WORK_MEASURE = 'kemari-sweep-work';
const TOTAL_MEASURE = 'kemari-sweep-total';

export interface SweepFigures {
  /** From Run sweep to the last row, as the page measured it (ms). */
  readonly wallMs: number;
  readonly runs: number;
  readonly workers: number;
  /** Animation frames while the sweep ran, and the sweep's script per frame (ms). */
  readonly frames: number;
  readonly scriptP95Ms: number;
  readonly scriptMaxMs: number;
  readonly scriptMeanMs: number;
  /** CDP ScriptDuration of the page over the sweep, per frame (ms), for comparison. */
  readonly cdpScriptMsPerFrame: number;
  /** Frame intervals (ms): the 95th percentile, for information (software rendering varies). */
  readonly frameIntervalP95Ms: number;
  readonly longFrames: number;
  readonly pageErrors: readonly string[];
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}

/**
 * Starts the bench's frame clock and long-animation-frame observer in the page. Given as text: the
 * bench's TypeScript runner would name the functions with a helper the page does not have.
 */
const WATCH_FRAMES = `(() => {
  window.__frames = [];
  window.__longFrames = 0;
  window.__watching = true;
  const tick = (ts) => {
    if (!window.__watching) return;
    window.__frames.push(ts);
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => (window.__longFrames += list.getEntries().length)).observe({ type: 'long-animation-frame', buffered: false });
  } catch {
    // no long-animation-frame entries in this browser
  }
})()`;

async function scriptSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0;
}

/** Runs the sweep from the page's panel and measures it. Closes the browser and the server whatever happens. */
export async function measureSweep(dist: string): Promise<SweepFigures> {
  const server = await serveStatic(dist);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    await page.goto(`${server.url}${SWEEP_BENCH_QUERY}`);
    const sweep = page.locator('#sweep');
    const run = sweep.getByRole('button', { name: 'Run sweep', exact: true });
    await run.waitFor({ timeout: 15_000 });
    await sweep.getByRole('spinbutton', { name: 'From (s)', exact: true }).fill('0');
    await sweep.getByRole('spinbutton', { name: 'To (s)', exact: true }).fill('10');
    await sweep.getByRole('spinbutton', { name: 'Runs', exact: true }).fill(String(SWEEP_BENCH_RUNS));
    await sweep.getByRole('spinbutton', { name: 'Runs', exact: true }).press('Tab');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.evaluate(WATCH_FRAMES);
    const scriptBefore = await scriptSeconds(cdp);
    await run.click();
    // Waits on the page's own end-of-sweep measure, looked at twice a second: a role query polled by
    // Playwright walks the whole page's accessibility roles, which took a second of the page's thread.
    await page.waitForFunction((total) => performance.getEntriesByName(total).length > 0, TOTAL_MEASURE, { polling: 500, timeout: 300_000 });
    await sweep.getByRole('status').getByText(`Done: ${SWEEP_BENCH_RUNS} of ${SWEEP_BENCH_RUNS} runs`).waitFor({ timeout: 5_000 });
    const scriptAfter = await scriptSeconds(cdp);
    const status = (await sweep.getByRole('status').textContent()) ?? '';
    const data = await page.evaluate(
      ([work, total]) => {
        const w = window as unknown as { __frames: number[]; __longFrames: number; __watching: boolean };
        w.__watching = false;
        const sweepMeasure = performance.getEntriesByName(total).at(-1)!;
        return {
          frames: w.__frames,
          longFrames: w.__longFrames,
          work: performance.getEntriesByName(work).map((e) => [e.startTime, e.duration] as const),
          start: sweepMeasure.startTime,
          wallMs: sweepMeasure.duration,
        };
      },
      [WORK_MEASURE, TOTAL_MEASURE] as const,
    );
    await cdp.detach();
    await context.close();

    // Frames that began while the sweep ran; each measure belongs to the frame it started in.
    const frames = data.frames.filter((t) => t >= data.start && t <= data.start + data.wallMs);
    const perFrame = frames.map(() => 0);
    for (const [start, duration] of data.work) {
      let i = frames.length - 1;
      while (i >= 0 && frames[i] > start) i--;
      if (i >= 0) perFrame[i] += duration;
    }
    const intervals = frames.slice(1).map((t, i) => t - frames[i]);
    const workers = Number(/in (\d+) workers?/.exec(status)?.[1] ?? Number.NaN);
    return {
      wallMs: data.wallMs,
      runs: SWEEP_BENCH_RUNS,
      workers,
      frames: frames.length,
      scriptP95Ms: percentile(perFrame, 0.95),
      scriptMaxMs: Math.max(0, ...perFrame),
      scriptMeanMs: perFrame.reduce((a, b) => a + b, 0) / Math.max(1, perFrame.length),
      cdpScriptMsPerFrame: ((scriptAfter - scriptBefore) * 1000) / Math.max(1, frames.length),
      frameIntervalP95Ms: percentile(intervals, 0.95),
      longFrames: data.longFrames,
      pageErrors,
    };
  } finally {
    await Promise.allSettled([browser.close(), server.close()]);
  }
}
