/**
 * The compare view's run: one seed, one workload, one failure detector and one crash of host A, given to
 * `kemari`, `remus`, `naive`, `unprotected` and the two migrations (pre-copy and post-copy, which move
 * the VM at their default time) alike, so the panes differ by technique only. Each
 * technique keeps the rest of its own default preset (Remus's 25 ms epochs; naive's 500 ms epochs
 * without output buffering). `compareRuns` builds the four run specs, `compareRow` the table's row of
 * a run's result. Pure (no DOM; no world is run here).
 * @see ../../shared/DESIGN.md §1 (compare techniques on the same seed) and issue #5 ("Side by side")
 */
import { WORLD_PARAMS } from '../scenarios/common';
import { formatFault, type Fault } from '../scenarios/faults';
import { getScenario } from '../scenarios/index';
import type { ParamValue } from '../scenarios/params';
import { DEFAULT_SEED, defaultRun, defaultRunOf, type RunSpec } from '../scenarios/run-spec';
import { PAGE_BYTES } from '../sim/memory';
import type { Micros } from '../sim/time';
import type { CompareRow } from '../view/compare-table';
import type { TechniqueDescriptor } from '../view/technique';
import { techniqueOf } from '../view/techniques/index';
import type { ScenarioDef, TechniqueId } from '../scenarios/scenario';
import type { RequestFigures } from '../world/frame';
import { outputFigures, type RunResult } from '../world/result';

/** The techniques compared, in pane and table order. */
export const COMPARE_SCENARIOS = ['kemari', 'remus', 'naive', 'unprotected', 'migration', 'postcopy', 'colo', 'lockstep'] as const satisfies readonly TechniqueId[];
export type CompareScenario = (typeof COMPARE_SCENARIOS)[number];

/** Below this viewport width (CSS px) the compare page is laid out for a phone: panes stacked, two at most. */
export const PHONE_MAX_PX = 700;
/** A pane's least width across a laptop or larger screen (CSS px): four fit across 1280 px. */
export const PANE_MIN_PX = 300;

/**
 * How many panes fit across a viewport `widthPx` wide (CSS px): two stacked on a phone, otherwise one
 * per PANE_MIN_PX (at least one). Pure.
 */
export function panesThatFit(widthPx: number): number {
  if (widthPx <= PHONE_MAX_PX) return 2;
  return Math.max(1, Math.floor(widthPx / PANE_MIN_PX));
}

/**
 * The techniques shown as panes: the chosen ones in COMPARE_SCENARIOS order, the first `max` of them;
 * with none chosen, the first technique (a comparison shows at least one pane). Pure.
 */
export function shownTechniques(chosen: readonly string[], max: number): CompareScenario[] {
  const picked = COMPARE_SCENARIOS.filter((id) => chosen.includes(id)).slice(0, Math.max(1, max));
  return picked.length > 0 ? picked : [COMPARE_SCENARIOS[0]];
}

/** Whether `id` is one of the compared techniques. */
export function isCompareScenario(id: string): id is CompareScenario {
  return (COMPARE_SCENARIOS as readonly string[]).includes(id);
}

/** The failure detector and the client's patience, the same for every technique (DESIGN §5). */
export const SHARED_DETECTOR: readonly string[] = ['heartbeatMs', 'failureTimeoutMs', 'clientTimeoutMs'];
/** The world parameters the four runs share: the guest's workload and the link (the world's other parameters). */
export const SHARED_WORKLOAD: readonly string[] = WORLD_PARAMS.filter((name) => !SHARED_DETECTOR.includes(name));
/** Every parameter the compare view takes (plus `memoryPages`, the same memory in pages). */
export const SHARED_PARAMS: readonly string[] = [...SHARED_WORKLOAD, ...SHARED_DETECTOR];

/** When host A crashes unless told otherwise (µs). */
export const DEFAULT_CRASH_US: Micros = 3_500_000;

/** What the four runs share. */
export interface CompareSpec {
  readonly seed: number;
  /** Every shared parameter (memory given both in MiB and in pages). */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** When host A crashes in every run, or null for no crash. */
  readonly crashAtUs: Micros | null;
  readonly untilUs: Micros;
}

/** Picks the shared parameters (and `memoryPages`) out of a run's parameters. */
export function sharedParamsOf(params: Readonly<Record<string, ParamValue>>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const name of [...SHARED_PARAMS, 'memoryPages']) if (name in params) out[name] = params[name];
  return out;
}

/** The default comparison: the catalogue's workload and detector, seed 1, host A crashing at 3.5 s. */
export function defaultCompare(): CompareSpec {
  const base = defaultRun('kemari');
  return { seed: DEFAULT_SEED, params: sharedParamsOf(base.params), crashAtUs: DEFAULT_CRASH_US, untilUs: base.untilUs };
}

/** The crash of host A as a fault list (empty for no crash). */
export function crashFaults(crashAtUs: Micros | null): Fault[] {
  return crashAtUs === null ? [] : [{ kind: 'crash', target: 'A', atUs: crashAtUs }];
}

/**
 * The run of one technique: its default preset, with the shared seed, parameters (only those the
 * scenario has), crash and length.
 */
export function compareRun(scenario: CompareScenario | ScenarioDef<string>, c: CompareSpec): RunSpec {
  const def = typeof scenario === 'string' ? getScenario(scenario) : scenario;
  if (!def) throw new Error(`compare: scenario ${String(scenario)} is not registered`);
  const base = defaultRunOf(def);
  const params: Record<string, ParamValue> = { ...base.params };
  for (const [name, value] of Object.entries(c.params)) {
    if (def.params.includes(name) || (name === 'memoryPages' && def.params.includes('memoryMiB'))) params[name] = value;
  }
  return { ...base, seed: c.seed, params, faults: crashFaults(c.crashAtUs), untilUs: c.untilUs };
}

/** The four runs, in COMPARE_SCENARIOS order. */
export function compareRuns(c: CompareSpec): RunSpec[] {
  return COMPARE_SCENARIOS.map((s) => compareRun(s, c));
}

/** One line on what a technique does with these settings (the pane's subtitle, from its descriptor). */
export function techniqueLine(spec: RunSpec, technique: TechniqueDescriptor = techniqueOf(spec.scenario)): string {
  return technique.compareLine(spec.params);
}

/** The crash as the runner writes it (`crash:A@3500ms`), or null. */
export function crashText(c: CompareSpec): string | null {
  return c.crashAtUs === null ? null : formatFault(crashFaults(c.crashAtUs)[0]);
}

/**
 * The table's row of a technique's run: its outputs lost, duplicated and rolled back as a sweep's row
 * gives them (`outputFigures`); a run without replication (unprotected) replicates nothing and never
 * pauses its guest for it.
 */
export function compareRow(id: string, title: string, result: RunResult): CompareRow {
  const r = result.metrics.replication;
  const m = result.metrics.migration;
  // A migration's traffic is its pages; its guest pauses for the downtime (and, in post-copy, on network faults).
  const stalledUs = (result.metrics.postcopy as { stalledUs?: number } | undefined)?.stalledUs ?? 0;
  return {
    id,
    title,
    sessionState: result.client.sessionState,
    maxStallUs: result.client.maxStallUs,
    ...outputFigures(result),
    bytesReplicated: r ? r.bytesReplicated : m ? m.totalPagesSent * PAGE_BYTES : 0,
    guestPauseFraction: r ? r.guestPauseFraction : m && result.untilUs > 0 ? ((m.downtimeUs ?? 0) + stalledUs) / result.untilUs : 0,
    replyP95Us: (result.metrics.requests as RequestFigures | undefined)?.latencyUs?.p95 ?? null,
  };
}
