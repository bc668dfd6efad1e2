/**
 * The post-copy part of the fidelity report: the lab's post-copy migration (scenario `postcopy`) beside
 * Hines, Deshpande and Gopalan (SIGOPS OSR 2009), Hines and Gopalan (VEE 2009) and QEMU's
 * docs/devel/migration/postcopy.rst — the mechanism row by row, §3.4's failure semantics in real runs,
 * the downtime against Table 1, the total time against memory ÷ bandwidth, the write-heavy guest against
 * pre-copy, and pre-paging against Table 2. This module makes the runs and what is derived from them;
 * ./fidelity-postcopy-text.ts holds the published figures and the words. Pure and deterministic:
 * `postcopySection()` runs the scenarios headless (a few seconds) and returns Markdown.
 */
import '../src/world/all-protocols';
import { resolveRun } from '../src/scenarios/run-spec';
import type { ParamValue } from '../src/scenarios/params';
import type { MigrationMetrics, PostcopyMetrics } from '../src/world/migration-frame';
import { runResult, type RunResult } from '../src/world/result';
import { createWorld, type World } from '../src/world/world';
import { postcopyProse, sec } from './fidelity-postcopy-text';

const PAGE_BITS = 4096 * 8;
/** When the idle VM's source crashes after its last page has left (checked against the run). */
const AFTER_PUSH = '5.5s';
const PRESETS = ['idle', 'write-heavy', 'touch-all', 'push-only'] as const;
/** The write-heavy preset's guest, run under pre-copy for the comparison. */
const WRITE_HEAVY_PRECOPY: readonly (readonly [string, string])[] = [
  ['memoryMiB', '1024'],
  ['writer', 'random'],
  ['dirtyPagesPerSec', '40960'],
  ['hotSetPages', '32768'],
];

interface Run {
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly world: World;
  readonly result: RunResult;
}

function run(scenario: string, preset: string | undefined, until?: string, params: readonly (readonly [string, string])[] = [], faults: readonly string[] = []): Run {
  const label = `${scenario} ${preset ?? ''} ${faults.join(' ')}`;
  const { spec, errors } = resolveRun({ scenario, preset, until, params, faults });
  if (errors.length > 0) throw new Error(`fidelity: ${label}: ${errors.map((e) => e.message).join('; ')}`);
  const world = createWorld(spec);
  world.runUntil(spec.untilUs);
  return { params: spec.params, world, result: runResult(world, spec.untilUs) };
}

const num = (r: Run, name: string): number => r.params[name] as number;

/** A migration's figures once it completed. */
export type Completed = MigrationMetrics & { readonly totalTimeUs: number; readonly downtimeUs: number };

/** A completed migration's figures (throws when the run did not complete: the report would be wrong). */
function migrationOf(r: Run, label: string): Completed {
  const m = r.result.metrics.migration;
  if (!m || m.outcome !== 'completed' || m.totalTimeUs === null || m.downtimeUs === null) throw new Error(`fidelity: ${label} did not complete (${m?.outcome ?? 'no migration'})`);
  return m as Completed;
}

/** One post-copy preset's run, with what the report derives from it. */
export interface PresetRun {
  readonly preset: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly pages: number;
  readonly m: Completed;
  readonly pc: PostcopyMetrics & { degradedTimeUs: number };
  readonly noPageTwice: boolean;
  /** The downtime the lab's parts add up to: suspend handshake + vCPU page (rounded up) + latency + resume. */
  readonly downtimeModelUs: number;
  /** 3 × latency + suspend + (N + 1) × page time: the reservation, the handover and every page once, back to back. */
  readonly totalModelUs: number;
  readonly pageUs: number;
  /**
   * ≈ the pages the guest first touched on B before the last page arrived: its writes in its run time
   * there (resume time less stall) over its hot set (round-robin: a new page a write until the set is
   * covered; random: the expected distinct pages), plus the framebuffer's pages.
   */
  readonly touchedOnB: number;
  /** Event instants after the migration's start (µs): suspend, state sent, resumed on B, last page sent. */
  readonly at: Readonly<Record<'suspend' | 'state' | 'resumed' | 'pushDone', number>>;
}

function presetRun(preset: string): PresetRun {
  const r = run('postcopy', preset);
  const m = migrationOf(r, `postcopy ${preset}`);
  const pc = r.result.metrics.postcopy as PostcopyMetrics | null;
  if (!pc || pc.degradedTimeUs === null) throw new Error(`fidelity: postcopy ${preset}: no post-copy metrics`);
  const bps = num(r, 'bandwidthMbps') * 1e6;
  const pageUs = (PAGE_BITS * 1e6) / bps;
  const latencyUs = num(r, 'latencyUs');
  const suspendUs = num(r, 'migrationSuspendMs') * 1e3;
  const hot = num(r, 'hotSetPages');
  const writes = (num(r, 'dirtyPagesPerSec') * (pc.degradedTimeUs - pc.stalledUs)) / 1e6;
  const hotTouched = r.params.writer === 'random' ? hot * (1 - Math.pow(1 - 1 / hot, writes)) : Math.min(hot, writes);
  const startUs = num(r, 'migrateAtMs') * 1e3;
  const first = (type: string): number => {
    const e = r.world.trace.events.find((x) => x.type === type && x.actor.endsWith('.postcopy'));
    if (!e) throw new Error(`fidelity: postcopy ${preset}: no ${type} in the trace`);
    return e.at - startUs;
  };
  return {
    preset,
    params: r.params,
    pages: num(r, 'memoryPages'),
    m,
    pc: pc as PresetRun['pc'],
    noPageTwice: r.result.invariants.some((v) => v.name === 'no-page-twice' && v.holds),
    downtimeModelUs: suspendUs + Math.ceil(pageUs) + latencyUs + num(r, 'resumeMs') * 1e3,
    totalModelUs: 3 * latencyUs + suspendUs + (num(r, 'memoryPages') + 1) * pageUs,
    pageUs,
    touchedOnB: hotTouched + num(r, 'framebufferPages'),
    at: { suspend: first('guest.suspend'), state: first('state.send'), resumed: first('vm.resumed'), pushDone: first('push.done') },
  };
}

/** What became of the VM in a run with a fault. */
function fate(r: Run): string {
  const vm = r.result.vm;
  if (vm.state === 'destroyed') return `the VM is lost at ${sec(vm.lostAtUs ?? Number.NaN)}`;
  const outcome = r.result.metrics.migration?.outcome;
  if (outcome === 'aborted') return `the migration is aborted; the VM runs on at host ${vm.host}`;
  return `the migration ${outcome === 'completed' ? 'completes' : `ends ${outcome}`}; the VM runs on at host ${vm.host}`;
}

export interface FailureRow {
  readonly fault: string;
  readonly precopy: string;
  readonly postcopy: string;
  /** Whether each scheme lost the VM (null: not run). */
  readonly preLost: boolean | null;
  readonly postLost: boolean;
  readonly paper: string;
  /** The agreement column, or '**no**' when the lab no longer does what it says. */
  readonly verdict: string;
}

/** The idle VM under each scheme with one fault; `expect` is whether pre-copy and post-copy should lose it. */
function failureRow(fault: string, pre: string | null, post: string, paper: string, expect: readonly [boolean | null, boolean], verdict: string): FailureRow {
  const lost = (r: Run) => r.result.vm.state === 'destroyed';
  const preRun = pre === null ? null : run('migration', undefined, '8s', [], [pre]);
  const postRun = run('postcopy', undefined, '8s', [], [post]);
  const preLost = preRun === null ? null : lost(preRun);
  const ok = preLost === expect[0] && lost(postRun) === expect[1];
  return { fault, precopy: preRun ? fate(preRun) : '—', postcopy: fate(postRun), preLost, postLost: lost(postRun), paper, verdict: ok ? verdict : '**no**' };
}

function failureRows(idle: PresetRun): FailureRow[] {
  const afterPushUs = Number.parseFloat(AFTER_PUSH) * 1e6 - (idle.params.migrateAtMs as number) * 1e3;
  if (afterPushUs <= idle.at.pushDone) throw new Error(`fidelity: the crash at ${AFTER_PUSH} is not after the idle VM's last page left`);
  return [
    failureRow('host A (the source) crashes at 3 s', 'crash:A@3s', 'crash:A@3s', 'lost in both schemes', [true, true], 'yes'),
    failureRow('host B (the destination) crashes at 3 s', 'crash:B@3s', 'crash:B@3s', 'pre-copy: "does not matter"; post-copy: "a critical failure of the VM"', [false, true], 'yes'),
    failureRow('host B crashes while A suspends the VM (pre-copy: in its stop-and-copy round)', 'crash:B@stop-and-copy', 'crash:B@suspend', 'not discussed', [false, true], 'the lab\'s choice (see below)'),
    failureRow('the link is cut at 3 s', 'cut:link@3s', 'cut:link@3s', 'not discussed. QEMU: "a failure of *either* side causes the guest to be lost"; after a network failure both sides wait in POSTCOPY_PAUSED for `migrate-recover`', [false, true], 'as QEMU without its recovery'),
    failureRow(`host A crashes at ${AFTER_PUSH.replace('s', ' s')}, after its last page left`, null, `crash:A@${AFTER_PUSH}`, 'the source is needed until "all dependencies on the source" are eliminated: the end of resume time ([VEE] §3 p. 53)', [null, false], 'yes'),
  ];
}

export interface PostcopyData {
  readonly runs: readonly PresetRun[];
  readonly byPreset: Readonly<Record<(typeof PRESETS)[number], PresetRun>>;
  readonly failures: readonly FailureRow[];
  readonly precopyIdle: Completed;
  readonly precopyHeavy: Completed;
  readonly precopyHeavyPages: number;
  /** How the pre-copy run of the write-heavy guest was made (`--set` pairs and `--until`). */
  readonly precopyHeavyParams: readonly (readonly [string, string])[];
  readonly precopyHeavyUntil: string;
}

export interface PostcopySection {
  readonly text: string;
  /** Rows for the report's summary table: case, published, simulator, agreement. */
  readonly summaryRows: string[][];
}

/** Runs the four presets, pre-copy on the idle and the write-heavy guest and the failure cases, and writes the section. */
export function postcopySection(): PostcopySection {
  const runs = PRESETS.map(presetRun);
  const byPreset = Object.fromEntries(runs.map((r) => [r.preset, r])) as PostcopyData['byPreset'];
  const heavyUntil = '40s';
  const heavy = run('migration', undefined, heavyUntil, WRITE_HEAVY_PRECOPY);
  const data: PostcopyData = {
    runs,
    byPreset,
    failures: failureRows(byPreset.idle),
    precopyIdle: migrationOf(run('migration', 'idle'), 'migration idle'),
    precopyHeavy: migrationOf(heavy, 'migration, the write-heavy guest'),
    precopyHeavyPages: num(heavy, 'memoryPages'),
    precopyHeavyParams: WRITE_HEAVY_PRECOPY,
    precopyHeavyUntil: heavyUntil,
  };
  return postcopyProse(data);
}
