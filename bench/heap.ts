/**
 * A long play at high speed in headless Chromium (issue 16): the lab opens `remus` (the heaviest
 * scenario for memory) for an hour and plays at 10x; after each minute of wall time, the JS heap in
 * use (CDP `JSHeapUsedSize`, after a forced garbage collection so the figure is what is kept, not what
 * is waiting), main-thread task time per second over that minute, and long tasks (over 50 ms, from a
 * PerformanceObserver in the page).
 */
import { launchChromium } from '../tests/support/chromium';
import { serveStatic } from '../tests/support/static-server';
import { VIEWPORT } from './browser';

export const HEAP_BENCH_QUERY = '?scenario=remus&until=3600s&speed=10';

export interface HeapMinute {
  /** JS heap in use after a collection (bytes). */
  readonly heapBytes: number;
  readonly taskMsPerS: number;
  readonly scriptMsPerS: number;
  /** Long tasks (> 50 ms) during the minute. */
  readonly longTasks: number;
  /** The playhead at the end of the minute (simulated µs). */
  readonly t: number;
}

export interface HeapFigures {
  readonly minutes: readonly HeapMinute[];
  readonly pageErrors: readonly string[];
}

const WATCH_LONG_TASKS = `(() => {
  window.__longTasks = 0;
  new PerformanceObserver((list) => (window.__longTasks += list.getEntries().length)).observe({ type: 'longtask', buffered: false });
})()`;

export async function measureHeap(dist: string, minutes = 2, minuteMs = 60_000): Promise<HeapFigures> {
  const server = await serveStatic(dist);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    await page.goto(`${server.url}${HEAP_BENCH_QUERY}`);
    await page.waitForFunction(() => '__kemariLab' in window, undefined, { timeout: 15_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.evaluate(WATCH_LONG_TASKS);
    const metrics = async () => {
      const { metrics: m } = await cdp.send('Performance.getMetrics');
      const get = (name: string) => m.find((x) => x.name === name)?.value ?? 0;
      return { task: get('TaskDuration'), script: get('ScriptDuration'), at: get('Timestamp') };
    };
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const out: HeapMinute[] = [];
    let before = await metrics();
    let longBefore = 0;
    for (let i = 0; i < minutes; i++) {
      await page.waitForTimeout(minuteMs);
      const after = await metrics();
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const state = await page.evaluate(() => {
        const w = window as unknown as { __longTasks: number; __kemariLab: { t(): number } };
        return { longTasks: w.__longTasks, t: w.__kemariLab.t() };
      });
      const seconds = after.at - before.at;
      out.push({
        heapBytes: usedSize,
        taskMsPerS: ((after.task - before.task) * 1000) / seconds,
        scriptMsPerS: ((after.script - before.script) * 1000) / seconds,
        longTasks: state.longTasks - longBefore,
        t: state.t,
      });
      longBefore = state.longTasks;
      before = await metrics();
    }
    await context.close();
    return { minutes: out, pageErrors };
  } finally {
    await browser.close();
    await server.close();
  }
}
