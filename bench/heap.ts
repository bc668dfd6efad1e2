/**
 * A long play at high speed in headless Chromium (issue 16): the lab opens `remus` (the heaviest
 * scenario for memory) for an hour and plays at 10x; after each minute of wall time, the JS heap in
 * use (CDP `JSHeapUsedSize`, after a forced garbage collection so the figure is what is kept, not what
 * is waiting), main-thread task time per second over that minute, and long tasks (over 50 ms, from a
 * PerformanceObserver in the page). The forced collection is the bench's own work, a task of 100-150 ms
 * on this machine: a long task that overlaps one is not the page's and is not counted.
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

/** Each long task's start and end (page ms), as the page's observer reports them. */
const WATCH_LONG_TASKS = `(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.startTime + e.duration]);
  }).observe({ type: 'longtask', buffered: false });
})()`;

/** Long tasks that overlap none of `excluded` (the forced collections' spans, page ms). */
export function pageLongTasks(tasks: readonly (readonly [number, number])[], excluded: readonly (readonly [number, number])[]): number {
  return tasks.filter(([start, end]) => !excluded.some(([a, b]) => start <= b && end >= a)).length;
}

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
    const now = () => page.evaluate(() => performance.now());
    /** The spans of the forced collections (page ms), with a little margin on each side. */
    const collections: [number, number][] = [];
    for (let i = 0; i < minutes; i++) {
      await page.waitForTimeout(minuteMs);
      const after = await metrics();
      const gcFrom = await now();
      await cdp.send('HeapProfiler.collectGarbage');
      collections.push([gcFrom - 5, (await now()) + 5]);
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      const state = await page.evaluate(() => {
        const w = window as unknown as { __longTasks: [number, number][]; __kemariLab: { t(): number } };
        return { tasks: w.__longTasks, t: w.__kemariLab.t() };
      });
      // The page's long tasks so far (the observer reports one a little after it ended: one of this minute's end may count in the next).
      const longTasks = pageLongTasks(state.tasks, collections);
      const seconds = after.at - before.at;
      out.push({
        heapBytes: usedSize,
        taskMsPerS: ((after.task - before.task) * 1000) / seconds,
        scriptMsPerS: ((after.script - before.script) * 1000) / seconds,
        longTasks: longTasks - longBefore,
        t: state.t,
      });
      longBefore = longTasks;
      before = await metrics();
    }
    await context.close();
    return { minutes: out, pageErrors };
  } finally {
    await browser.close();
    await server.close();
  }
}
