/**
 * Kemari Lab's bench: `npm run bench` prints the figures; `npm run bench -- --check` also exits
 * non-zero when a budget is missed (and says which).
 *
 *   1. Simulation speed of every scenario in Node, default preset (simulated s per wall s), with
 *      frames as the lab records them (on demand, one per 1/60 s simulated) and without; with a frame
 *      at every instant for information. Budgets (issue 16): ≥ 1,000x and ≥ 2,000x on every scenario. Then a 1 GiB migration (xen3, web-server preset at
 *      memoryMiB=1024) run until the VM is activated on B: simulated and wall time, 2 warm-ups then
 *      the median of 5. Budget: < 300 ms wall.
 *      Then 60 simulated seconds of `remus` at 25 ms epochs and of `kemari` with its default I/O:
 *      2 warm-ups then the median of 5 each. Budgets: < 500 ms wall each.
 *   2. Gzipped JS the page loads first (dist/index.html's module script and preloads, and the
 *      opening technique's chunk). ≤ 90 KB (issue 16).
 *      The statechart panel's lazy chunk (renderer and build-time layouts, issue 8) ≤ 20 KB.
 *   3. Headless Chromium, 1400x900: script and task time per second and per frame while the
 *      `unprotected` scenario plays at 1x and while paused, frames per second, first contentful
 *      paint, peak JS heap. Budgets: script ≤ 2 ms per frame playing; paused: no animation frames and
 *      task time < 5 ms/s; first contentful paint < 400 ms.
 *      Then each of unprotected, migration (web-server), remus and kemari playing at 1x: script per
 *      frame, median of 3 windows. Budget: at most 10 % more than the layout before issue 12 (its
 *      figures measured side by side with `--against <built site or checkout>`, else the recorded
 *      SCRIPT_MS_PER_FRAME_BEFORE), and ≤ 1.5 ms (issue 16) on every scenario.
 *      Then each scenario playing at 10x (issue 16): script per frame drawn ≤ 2.5 ms and main-thread
 *      task time ≤ 300 ms per second (median of 3 windows).
 *   4. The embeddable widget (issues 7 and 16): gzipped JS dist/embed.html loads before its first
 *      frame ≤ 60 KB (Kemari); first contentful paint, the build-time poster, < 150 ms, and the first
 *      live frame < 300 ms (median of 5 loads); in an iframe
 *      off screen with autoplay, and paused on screen, it requests no animation frames (0). The
 *      <kemari-lab> element's one script, for information.
 *   5. A long play (issue 16): `remus` in the lab at 10x for two minutes. Budgets: JS heap in use
 *      ≤ 24 MiB after the first minute and growing ≤ 2 MiB over the second; main-thread task time
 *      ≤ 300 ms per second; no long task (> 50 ms).
 *   6. A sweep in headless Chromium (issue 6): 1,000 crash times over 10 simulated seconds of `remus`
 *      at 25 ms epochs through the page's worker pool. Budgets (issue 16): < 15 s wall; the page's script per
 *      animation frame while it runs < 16.7 ms at p95.
 */
import { DIST, buildSite } from '../tests/support/build';
import { findChromium, NO_BROWSER_MESSAGE } from '../tests/support/chromium';
import { measureBrowser, VIEWPORT, type BrowserFigures } from './browser';
import { SCENARIOS } from '../src/scenarios/all';
import { fileSize, measureBundle, measureLazyChunk, measureTechniqueChunks } from './bundle';
import { measureEmbed, type EmbedFigures } from './embed';
import { measureHeap, type HeapFigures } from './heap';
import { measureSweep, SWEEP_BENCH_RUNS, type SweepFigures } from './sweep';
import { measureMigration } from './migration';
import { measureReplication } from './replication';
import { measureSimSpeed } from './sim-speed';
import { DEFAULT_SCENARIO_FRAMES, FRAME_SCENARIOS, measureScenarioFrames, type ScenarioFrames } from './scenarios';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const BUDGETS = {
  /** Issue 16: every scenario, frames recorded (the page) and without (a sweep). */
  speedWithFramesX: 1000,
  speedNoFramesX: 2000,
  migration1GiBWallMs: 300,
  remus60sWallMs: 500,
  kemari60sWallMs: 500,
  /** Issue 16: ≤ 90 KB. */
  firstJsGzipBytes: 90 * 1024,
  machinesChunkGzipBytes: 20 * 1024,
  scriptMsPerFrame: 2,
  pausedFrames: 0,
  pausedTaskMsPerS: 5,
  fcpMs: 400,
  /** Issue 16: ≤ 60 KB for a Kemari embed (goal 54). */
  embedJsGzipBytes: 60 * 1024,
  /** Issue 16: the poster painted < 150 ms after navigation, the first live frame < 300 ms. */
  embedPosterFcpMs: 150,
  embedFirstFrameMs: 300,
  embedIdleFrames: 0,
  /** Issue 16: 1,000 crash times of 10 s of remus at 25 ms epochs. */
  sweepWallMs: 15_000,
  sweepScriptMsPerFrameP95: 16.7,
  /** Issue 16: remus playing at 10x in the lab. */
  heapAfterMinuteBytes: 24 * 1024 * 1024,
  heapGrowthPerMinuteBytes: 2 * 1024 * 1024,
  taskMsPerSAt10x: 300,
  longTasksWhilePlaying: 0,
  /** The one-screen layout (issue 12) may cost this much more script per frame than the layout before it. */
  scenarioScriptGrowth: 1.1,
} as const;

/**
 * Script per frame of each scenario playing at 1x with the layout before issue 12 (commit 74a39b1),
 * median of 3 windows, measured on the development machine with `npm run bench -- --against <its
 * built site>`: the budget when no baseline is given to measure side by side.
 */
export const SCRIPT_MS_PER_FRAME_BEFORE: Readonly<Partial<Record<(typeof FRAME_SCENARIOS)[number]['name'], number>>> = {
  unprotected: 1.13,
  'migration (web-server)': 1.51,
  remus: 2.92,
  kemari: 1.41,
};

/** Issue 16's script per frame at 1x on every scenario (with issue 12's +10 % where a figure from before exists). */
const SCRIPT_MS_PER_FRAME_1X = 1.5;
/** Issue 16's script per frame at 10x on every scenario. */
const SCRIPT_MS_PER_FRAME_10X = 2.5;

type Status = 'PASS' | 'FAIL' | 'info';

interface Row {
  readonly section: string;
  readonly figure: string;
  readonly value: string;
  readonly budget: string;
  readonly status: Status;
}

const WATCHDOG_MS = 15 * 60_000;

/** Says what a measured page reported (console errors, uncaught errors). */
const report = (who: string, errors: readonly string[]) => {
  for (const e of errors) console.log(`bench: ${who} reported ${e}`);
};

const n = (x: number, digits = 1) => (Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : 'n/a');
const kb = (bytes: number) => `${n(bytes / 1024, 1)} KB (${bytes.toLocaleString('en-US')} B)`;
const mb = (bytes: number) => `${n(bytes / (1024 * 1024), 1)} MB`;
const verdict = (ok: boolean): Status => (ok ? 'PASS' : 'FAIL');

function printTable(rows: readonly Row[]): void {
  const head = { section: 'Area', figure: 'Figure', value: 'Value', budget: 'Budget', status: 'Result' };
  const all = [head, ...rows];
  const w = {
    section: Math.max(...all.map((r) => r.section.length)),
    figure: Math.max(...all.map((r) => r.figure.length)),
    value: Math.max(...all.map((r) => r.value.length)),
    budget: Math.max(...all.map((r) => r.budget.length)),
  };
  const line = (r: typeof head) =>
    `${r.section.padEnd(w.section)} | ${r.figure.padEnd(w.figure)} | ${r.value.padStart(w.value)} | ${r.budget.padEnd(w.budget)} | ${r.status}`;
  const rule = '-'.repeat(line(head).length + 2);
  console.log(rule);
  console.log(line(head));
  console.log(rule);
  let section = '';
  for (const r of rows) {
    console.log(line({ ...r, section: r.section === section ? '' : r.section }));
    section = r.section;
  }
  console.log(rule);
}

function browserRows(b: BrowserFigures): Row[] {
  const s = 'Browser';
  const p = b.playing;
  const q = b.paused;
  return [
    { section: s, figure: 'First contentful paint (median of 5 loads)', value: `${n(b.fcpMs, 0)} ms`, budget: `< ${BUDGETS.fcpMs} ms`, status: verdict(b.fcpMs < BUDGETS.fcpMs) },
    { section: s, figure: '  each load', value: b.fcpRunsMs.map((x) => n(x, 0)).join(', ') + ' ms', budget: '', status: 'info' },
    { section: s, figure: `Playing 1x: frames per second (${n(p.seconds, 1)} s)`, value: `${n(p.fps, 1)} fps`, budget: '', status: 'info' },
    { section: s, figure: 'Playing 1x: script per frame (mean)', value: `${n(p.scriptMsPerFrame, 2)} ms`, budget: `≤ ${BUDGETS.scriptMsPerFrame} ms`, status: verdict(p.scriptMsPerFrame <= BUDGETS.scriptMsPerFrame) },
    { section: s, figure: 'Playing 1x: script per second', value: `${n(p.scriptMsPerS, 1)} ms/s`, budget: '', status: 'info' },
    { section: s, figure: 'Playing 1x: task per frame', value: `${n(p.taskMsPerFrame, 2)} ms`, budget: '', status: 'info' },
    { section: s, figure: 'Playing 1x: task per second', value: `${n(p.taskMsPerS, 1)} ms/s`, budget: '', status: 'info' },
    { section: s, figure: 'Playing 1x: layout + style per second', value: `${n(p.layoutStyleMsPerS, 1)} ms/s`, budget: '', status: 'info' },
    { section: s, figure: `Paused: animation frames drawn (${n(q.seconds, 1)} s)`, value: `${q.frames}`, budget: `= ${BUDGETS.pausedFrames}`, status: verdict(q.frames === BUDGETS.pausedFrames) },
    { section: s, figure: 'Paused: task per second', value: `${n(q.taskMsPerS, 2)} ms/s`, budget: `< ${BUDGETS.pausedTaskMsPerS} ms/s`, status: verdict(q.taskMsPerS < BUDGETS.pausedTaskMsPerS) },
    { section: s, figure: 'Paused: script per second', value: `${n(q.scriptMsPerS, 2)} ms/s`, budget: '', status: 'info' },
    { section: s, figure: 'Paused: DevTools commands (bench sampling)', value: `${n(q.devtoolsMsPerS, 2)} ms/s`, budget: '', status: 'info' },
    { section: s, figure: 'Peak JS heap used', value: mb(b.peakHeapBytes), budget: '', status: 'info' },
  ];
}

function scenarioRows(current: readonly ScenarioFrames[], baseline: readonly ScenarioFrames[]): Row[] {
  const s = 'Per scenario';
  const rows: Row[] = [];
  for (const c of current) {
    const b = baseline.find((x) => x.name === c.name);
    const before = b ? b.medianMs : SCRIPT_MS_PER_FRAME_BEFORE[c.name as keyof typeof SCRIPT_MS_PER_FRAME_BEFORE];
    // Issue 16's 1.5 ms holds for every scenario, besides issue 12's +10 % where a figure from before exists.
    const limit = before === undefined ? SCRIPT_MS_PER_FRAME_1X : Math.min(SCRIPT_MS_PER_FRAME_1X, before * BUDGETS.scenarioScriptGrowth);
    rows.push({
      section: s,
      figure: `Playing 1x, ${c.name}: script per frame (median of ${c.windowsMs.length} windows)`,
      value: `${n(c.medianMs, 2)} ms`,
      budget: before === undefined ? `≤ ${n(limit, 2)} ms (issue 16, every scenario)` : `≤ ${n(limit, 2)} ms (issue 16's ${n(SCRIPT_MS_PER_FRAME_1X, 1)}, and +10 % on ${n(before, 2)} ms ${b ? 'measured now' : 'recorded'} before)`,
      status: verdict(c.medianMs <= limit),
    });
    rows.push({ section: s, figure: '  each window; frames per second', value: `${c.windowsMs.map((x) => n(x, 2)).join(', ')} ms; ${n(c.fps, 0)} fps`, budget: '', status: 'info' });
    if (b) rows.push({ section: s, figure: '  before, each window', value: `${b.windowsMs.map((x) => n(x, 2)).join(', ')} ms`, budget: '', status: 'info' });
  }
  return rows;
}

/** Each scenario at 10x: script per frame drawn (≤ 2.5 ms) and main-thread task time (≤ 300 ms/s), issue 16. */
function fastScenarioRows(current: readonly ScenarioFrames[]): Row[] {
  const s = 'Per scenario at 10x';
  const rows: Row[] = [];
  for (const c of current) {
    rows.push({
      section: s,
      figure: `Playing 10x, ${c.name}: script per frame (median of ${c.windowsMs.length} windows)`,
      value: `${n(c.medianMs, 2)} ms`,
      budget: `≤ ${n(SCRIPT_MS_PER_FRAME_10X, 2)} ms`,
      status: verdict(c.medianMs <= SCRIPT_MS_PER_FRAME_10X),
    });
    rows.push({ section: s, figure: '  main-thread task time per second (median)', value: `${n(c.taskMsPerS, 0)} ms/s`, budget: `≤ ${BUDGETS.taskMsPerSAt10x} ms/s`, status: verdict(c.taskMsPerS <= BUDGETS.taskMsPerSAt10x) });
    rows.push({ section: s, figure: '  each window; frames per second', value: `${c.windowsMs.map((x) => n(x, 2)).join(', ')} ms; ${n(c.fps, 0)} fps`, budget: '', status: 'info' });
  }
  return rows;
}

/** The built site to compare against (`--against DIR`: a built site, or a checkout with one in dist/). */
function againstDir(args: readonly string[]): string | undefined {
  const i = args.indexOf('--against');
  if (i < 0) return undefined;
  const dir = resolve(args[i + 1] ?? '');
  const site = existsSync(resolve(dir, 'index.html')) ? dir : resolve(dir, 'dist');
  if (!existsSync(resolve(site, 'index.html'))) throw new Error(`--against ${args[i + 1] ?? ''}: no built site (index.html) there or in its dist/`);
  return site;
}

function embedRows(e: EmbedFigures): Row[] {
  const s = 'Embed';
  const w = `${n(e.windowMs / 1000, 0)} s`;
  return [
    { section: s, figure: 'First contentful paint: the poster (median of 5 loads)', value: `${n(e.fcpMs, 0)} ms`, budget: `< ${BUDGETS.embedPosterFcpMs} ms`, status: verdict(e.fcpMs < BUDGETS.embedPosterFcpMs) },
    { section: s, figure: '  each load', value: e.fcpRunsMs.map((x) => n(x, 0)).join(', ') + ' ms', budget: '', status: 'info' },
    { section: s, figure: 'Navigation to first live frame (median of 5 loads)', value: `${n(e.firstFrameMs, 0)} ms`, budget: `< ${BUDGETS.embedFirstFrameMs} ms`, status: verdict(e.firstFrameMs < BUDGETS.embedFirstFrameMs) },
    { section: s, figure: '  each load', value: e.firstFrameRunsMs.map((x) => n(x, 0)).join(', ') + ' ms', budget: '', status: 'info' },
    { section: s, figure: '  main-thread task time by then (median)', value: `${n(e.firstFrameTaskMs, 0)} ms`, budget: '', status: 'info' },
    { section: s, figure: `Off screen, autoplay on: animation frames requested (${w})`, value: `${e.offscreenFrames}`, budget: `= ${BUDGETS.embedIdleFrames}`, status: verdict(e.offscreenFrames === BUDGETS.embedIdleFrames) },
    { section: s, figure: `Paused on screen: animation frames requested (${w})`, value: `${e.pausedFrames}`, budget: `= ${BUDGETS.embedIdleFrames}`, status: verdict(e.pausedFrames === BUDGETS.embedIdleFrames) },
    { section: s, figure: `Playing on screen: animation frames requested (${w})`, value: `${e.playingFrames}`, budget: '', status: 'info' },
  ];
}

function heapRows(h: HeapFigures): Row[] {
  const s = 'Long play';
  const [first, second] = h.minutes;
  const growth = second ? second.heapBytes - first.heapBytes : Number.NaN;
  const long = h.minutes.reduce((n, m) => n + m.longTasks, 0);
  const worstTask = Math.max(...h.minutes.map((m) => m.taskMsPerS));
  return [
    { section: s, figure: 'remus at 10x: JS heap in use after 1 minute (after a collection)', value: mb(first.heapBytes), budget: `≤ ${mb(BUDGETS.heapAfterMinuteBytes)}`, status: verdict(first.heapBytes <= BUDGETS.heapAfterMinuteBytes) },
    { section: s, figure: '  growth over the second minute', value: mb(growth), budget: `≤ ${mb(BUDGETS.heapGrowthPerMinuteBytes)}`, status: verdict(growth <= BUDGETS.heapGrowthPerMinuteBytes) },
    { section: s, figure: '  main-thread task time per second (worst minute)', value: `${n(worstTask, 0)} ms/s`, budget: `≤ ${BUDGETS.taskMsPerSAt10x} ms/s`, status: verdict(worstTask <= BUDGETS.taskMsPerSAt10x) },
    { section: s, figure: '  long tasks (> 50 ms) while playing', value: `${long}`, budget: `= ${BUDGETS.longTasksWhilePlaying}`, status: verdict(long === BUDGETS.longTasksWhilePlaying) },
    { section: s, figure: '  each minute: heap; script; simulated time reached', value: h.minutes.map((m) => `${mb(m.heapBytes)}; ${n(m.scriptMsPerS, 0)} ms/s; ${n(m.t / 1e6, 0)} s`).join(' | '), budget: '', status: 'info' },
  ];
}

function sweepRows(f: SweepFigures): Row[] {
  const s = 'Sweep';
  return [
    { section: s, figure: `${f.runs} crash times, 10 s of remus at 25 ms epochs (${f.workers} worker${f.workers === 1 ? '' : 's'})`, value: `${n(f.wallMs / 1000, 1)} s`, budget: `< ${BUDGETS.sweepWallMs / 1000} s`, status: verdict(f.wallMs < BUDGETS.sweepWallMs) },
    { section: s, figure: `Page script per frame while it runs, p95 (${f.frames} frames)`, value: `${n(f.scriptP95Ms, 2)} ms`, budget: `< ${BUDGETS.sweepScriptMsPerFrameP95} ms`, status: verdict(f.scriptP95Ms < BUDGETS.sweepScriptMsPerFrameP95) },
    { section: s, figure: '  per frame: mean; max', value: `${n(f.scriptMeanMs, 2)} ms; ${n(f.scriptMaxMs, 1)} ms`, budget: '', status: 'info' },
    { section: s, figure: '  whole page (CDP script time) per frame, mean', value: `${n(f.cdpScriptMsPerFrame, 2)} ms`, budget: '', status: 'info' },
    { section: s, figure: '  frame interval p95; long animation frames (> 50 ms)', value: `${n(f.frameIntervalP95Ms, 1)} ms; ${f.longFrames}`, budget: '', status: 'info' },
  ];
}

async function main(): Promise<number> {
  const check = process.argv.slice(2).includes('--check');
  const against = againstDir(process.argv.slice(2));
  const started = Date.now();
  const rows: Row[] = [];

  // 1. Simulation speed in Node.
  console.log('bench: simulation speed in Node (60 s simulated, 3 warm-ups + median of 5)...');
  for (const r of measureSimSpeed('60s', 5, 3)) {
    rows.push({
      section: 'Node',
      figure: `Simulation speed: ${r.scenario} (${r.preset}), frames as the lab records them`,
      value: `${n(r.speedX, 0)}x real time (${n(r.medianMs, 1)} ms / ${r.simulatedS} s)`,
      budget: `≥ ${BUDGETS.speedWithFramesX}x`,
      status: verdict(r.speedX >= BUDGETS.speedWithFramesX),
    });
    rows.push({
      section: 'Node',
      figure: `  ${r.scenario} without frames (a sweep's run)`,
      value: `${n(r.noFramesSpeedX, 0)}x real time (${n(r.noFramesMedianMs, 1)} ms)`,
      budget: `≥ ${BUDGETS.speedNoFramesX}x`,
      status: verdict(r.noFramesSpeedX >= BUDGETS.speedNoFramesX),
    });
    rows.push({
      section: 'Node',
      figure: `  ${r.scenario} with a frame at every instant (compare view, replays)`,
      value: `${n(r.everyInstantSpeedX, 0)}x real time (${n(r.everyInstantMedianMs, 1)} ms)`,
      budget: '',
      status: 'info',
    });
  }

  console.log('bench: 1 GiB migration (xen3, web-server) until activation on B (2 warm-ups + median of 5)...');
  const mig = measureMigration(5, 2);
  const migOk = mig.medianMs < BUDGETS.migration1GiBWallMs;
  rows.push({
    section: 'Node',
    figure: '1 GiB migration (xen3, web-server): wall time',
    value: `${n(mig.medianMs, 1)} ms`,
    budget: `< ${BUDGETS.migration1GiBWallMs} ms`,
    status: verdict(migOk),
  });
  rows.push({ section: 'Node', figure: '  each run', value: mig.runsMs.map((x) => n(x, 0)).join(', ') + ' ms', budget: '', status: 'info' });
  rows.push({ section: 'Node', figure: '  process CPU time (median; steady when the machine is busy)', value: `${n(mig.cpuMedianMs, 1)} ms`, budget: '', status: 'info' });
  rows.push({
    section: 'Node',
    figure: '  simulated time (until activation on B)',
    value: `${n(mig.simulatedUs / 1e6, 3)} s (${n(mig.simulatedUs / 1e3 / mig.medianMs, 0)}x real time)`,
    budget: '',
    status: 'info',
  });
  rows.push({
    section: 'Node',
    figure: '  migration',
    value: `${mig.rounds} rounds, ${mig.pagesSent.toLocaleString('en-US')} pages, ${mig.stopReason}; total ${n(mig.migrationTotalUs / 1e6, 3)} s, downtime ${n(mig.downtimeUs / 1e3, 2)} ms`,
    budget: '',
    status: 'info',
  });

  console.log('bench: 60 s of remus (25 ms epochs) and of kemari (default I/O) (2 warm-ups + median of 5)...');
  const [remus, kemari] = measureReplication(5, 2);
  for (const [r, budget, name] of [
    [remus, BUDGETS.remus60sWallMs, '60 simulated seconds of remus at 25 ms epochs'],
    [kemari, BUDGETS.kemari60sWallMs, '60 simulated seconds of kemari with default I/O'],
  ] as const) {
    rows.push({ section: 'Node', figure: `${name}: wall time`, value: `${n(r.medianMs, 1)} ms`, budget: `< ${budget} ms`, status: verdict(r.medianMs < budget) });
    rows.push({ section: 'Node', figure: '  each run', value: r.runsMs.map((x) => n(x, 0)).join(', ') + ' ms', budget: '', status: 'info' });
    rows.push({
      section: 'Node',
      figure: '  process CPU time (median); checkpoints or syncs; bytes replicated',
      value: `${n(r.cpuMedianMs, 1)} ms; ${r.syncs.toLocaleString('en-US')}; ${mb(r.bytesReplicated)}`,
      budget: '',
      status: 'info',
    });
  }

  // 2. What the page loads first.
  console.log('bench: building the site into dist/...');
  await buildSite();
  const bundle = measureBundle(DIST);
  // The lab waits for the code of the technique it opens with (the default scenario's) before it draws.
  const opening = measureLazyChunk(DIST, `${SCENARIOS[0].protocol}-protocol`);
  const labFirst = bundle.jsGzip + opening.gzip;
  rows.push({
    section: 'Bundle',
    figure: `JS loaded first, gzip -9 (${bundle.jsFiles.length} files + ${opening.files.length} of ${SCENARIOS[0].id}'s protocol)`,
    value: kb(labFirst),
    budget: `≤ ${kb(BUDGETS.firstJsGzipBytes)}`,
    status: verdict(labFirst <= BUDGETS.firstJsGzipBytes),
  });
  for (const protocol of ['kemari', 'remus', 'precopy']) {
    const chunks = measureLazyChunk(DIST, `${protocol}-protocol`);
    rows.push({ section: 'Bundle', figure: `  the lab opening on ${protocol} instead`, value: kb(bundle.jsGzip + chunks.gzip), budget: '', status: 'info' });
  }
  rows.push({ section: 'Bundle', figure: 'JS loaded first, uncompressed', value: kb(bundle.jsRaw), budget: '', status: 'info' });
  rows.push({ section: 'Bundle', figure: 'CSS, gzip -9', value: kb(bundle.cssGzip), budget: '', status: 'info' });
  const machines = measureLazyChunk(DIST, 'MachinesPanel');
  rows.push({
    section: 'Bundle',
    figure: `Machines panel, loaded when opened (${machines.files.length} file${machines.files.length === 1 ? '' : 's'}), gzip -9`,
    value: kb(machines.gzip),
    budget: `≤ ${kb(BUDGETS.machinesChunkGzipBytes)}`,
    status: verdict(machines.gzip <= BUDGETS.machinesChunkGzipBytes),
  });
  const embed = measureBundle(DIST, 'embed.html');
  // Before its first frame the embed loads the technique it shows (protocol, scenario, descriptor): count the default (Kemari's).
  const kemariChunks = measureTechniqueChunks(DIST, 'kemari');
  const embedFirst = embed.jsGzip + kemariChunks.gzip;
  rows.push({
    section: 'Bundle',
    figure: `Embed (embed.html, Kemari): JS before its first frame, gzip -9 (${embed.jsFiles.length} files + ${kemariChunks.files.length} of its technique)`,
    value: kb(embedFirst),
    budget: `≤ ${kb(BUDGETS.embedJsGzipBytes)}`,
    status: verdict(embedFirst <= BUDGETS.embedJsGzipBytes),
  });
  for (const id of ['remus', 'migration']) {
    const chunks = measureTechniqueChunks(DIST, id);
    rows.push({ section: 'Bundle', figure: `  embed showing ${id} instead`, value: kb(embed.jsGzip + chunks.gzip), budget: '', status: 'info' });
  }
  rows.push({ section: 'Bundle', figure: '<kemari-lab> element: kemari-lab.js (everything), gzip -9', value: kb(fileSize(DIST, 'kemari-lab.js').gzip), budget: '', status: 'info' });

  // 3. Headless Chromium.
  let crashed: unknown;
  if (!findChromium()) {
    console.log(`bench: ${NO_BROWSER_MESSAGE}`);
    rows.push({ section: 'Browser', figure: 'Browser figures', value: 'not measured: no Chromium (install hint above)', budget: 'Chromium required', status: check ? 'FAIL' : 'info' });
  } else {
    // Each browser measurement in turn; the first that crashes stops the others (and the bench fails).
    const steps: { readonly what: string; readonly run: () => Promise<void> }[] = [
      {
        what: `headless Chromium at ${VIEWPORT.width}x${VIEWPORT.height} (5 loads, then 10 s playing and 10 s paused)`,
        run: async () => {
          const b = await measureBrowser(DIST);
          rows.push(...browserRows(b));
          if (!b.playing.playingAtEnd) console.log('bench: warning: playback stopped before the end of the playing window (figures cover less play)');
          report('page', b.pageErrors);
        },
      },
      {
        what: `each scenario playing at 1x (3 windows each${against ? `, in turns with ${against}` : ''})`,
        run: async () => {
          const f = await measureScenarioFrames(DIST, against);
          rows.push(...scenarioRows(f.current, f.baseline));
        },
      },
      {
        what: 'each scenario playing at 10x (3 windows each)',
        run: async () => {
          const f = await measureScenarioFrames(DIST, undefined, { ...DEFAULT_SCENARIO_FRAMES, speed: 10 });
          rows.push(...fastScenarioRows(f.current));
        },
      },
      {
        what: 'the embed in headless Chromium (5 loads, then off screen, playing and paused in an iframe)',
        run: async () => {
          const e = await measureEmbed(DIST);
          rows.push(...embedRows(e));
          report('the embed', e.pageErrors);
        },
      },
      {
        what: 'remus playing at 10x in the lab for 2 minutes (heap, task time, long tasks)',
        run: async () => {
          const h = await measureHeap(DIST);
          rows.push(...heapRows(h));
          report('the long play', h.pageErrors);
        },
      },
      {
        what: `a sweep of ${SWEEP_BENCH_RUNS} crash times of remus in the page's worker pool`,
        run: async () => {
          const f = await measureSweep(DIST);
          rows.push(...sweepRows(f));
          report('the sweep page', f.pageErrors);
        },
      },
    ];
    for (const step of steps) {
      console.log(`bench: ${step.what}...`);
      try {
        await step.run();
      } catch (err) {
        crashed = err;
        break;
      }
    }
  }

  console.log('');
  printTable(rows);
  console.log(`bench: done in ${n((Date.now() - started) / 1000, 1)} s`);

  if (crashed !== undefined) {
    console.error('bench: the browser measurements crashed:');
    console.error(crashed);
    return 1;
  }
  const failed = rows.filter((r) => r.status === 'FAIL');
  if (!check) return 0;
  const problems = failed.map((r) => `${r.figure.trim()}: ${r.value} (budget ${r.budget})`);
  if (problems.length === 0) {
    console.log('bench --check: every budget met');
    return 0;
  }
  console.log(`bench --check: ${problems.length} budget${problems.length === 1 ? '' : 's'} missed:`);
  for (const p of problems) console.log(`  - ${p}`);
  return 1;
}

const watchdog = setTimeout(() => {
  console.error(`bench: gave up after ${WATCHDOG_MS / 1000} s`);
  process.exit(1);
}, WATCHDOG_MS);
watchdog.unref();

main().then(
  (code) => {
    clearTimeout(watchdog);
    process.exitCode = code;
  },
  (err: unknown) => {
    clearTimeout(watchdog);
    console.error('bench: crashed:');
    console.error(err);
    process.exitCode = 1;
  },
);
