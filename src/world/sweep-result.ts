/**
 * Sweeps, run and written down: each planned run becomes one row of figures (what the client saw,
 * outputs lost, duplicated and rolled back, downtime or failover time, invariant verdicts) read from
 * the runner's result, so a row is exactly what a single `npm run sim` of the same spec reports. Rows
 * are written as CSV (the runner's `sweep` output and the page's export, byte for byte) or as JSON.
 * Pure and deterministic: a row depends on its run spec alone, whichever worker or process runs it.
 * @see ../../shared/DESIGN.md §5 (definitions) and §10 (the `sweep` command)
 * @see ./sweep.ts (planning)
 */
import type { SessionState } from './frame';
import { outputFigures, runResult, type RunResult } from './result';
import { planSweep, valueColumn, type SweepRun, type SweepVary } from './sweep';
import { createWorld, type Technique } from './world';
import { formatFault } from '../scenarios/faults';
import type { RunSpec } from '../scenarios/run-spec';
import type { Micros } from '../sim/time';

/** One run of a sweep, in figures. Times in µs; null where the scenario has no such figure. */
export interface SweepRow {
  /** The variable's value (µs for crashAt). */
  readonly value: number;
  /** The technique: the run's scenario id. */
  readonly scenario: string;
  readonly seed: number;
  readonly traceHash: string;
  readonly maxStallUs: number;
  readonly framesReceived: number;
  readonly gaps: number;
  readonly duplicates: number;
  readonly rollbacks: number;
  readonly sessionState: SessionState;
  readonly outputsLost: number;
  readonly outputsDuplicated: number;
  readonly outputsRolledBack: number;
  /** Migration: no copy of the VM running (null without migration, or before it stopped the VM). */
  readonly downtimeUs: number | null;
  /** Replication: from the primary's crash to the backup's VM running (null without a takeover). */
  readonly failoverUs: number | null;
  /** Whether every invariant held. */
  readonly invariantsHeld: boolean;
  /** The first invariant that broke, in the result's order, or null. */
  readonly firstBroken: string | null;
}

/** The CSV columns after the value column, in order (a row's keys). */
export const ROW_COLUMNS = [
  'scenario',
  'seed',
  'traceHash',
  'maxStallUs',
  'framesReceived',
  'gaps',
  'duplicates',
  'rollbacks',
  'sessionState',
  'outputsLost',
  'outputsDuplicated',
  'outputsRolledBack',
  'downtimeUs',
  'failoverUs',
  'invariantsHeld',
  'firstBroken',
] as const satisfies readonly (keyof SweepRow)[];

/**
 * A run's row. Its outputs lost, duplicated and rolled back are `outputFigures`, as in the compare
 * view's table (without replication: the world's lost count, nothing duplicated or rolled back).
 */
export function sweepRow(value: number, result: RunResult): SweepRow {
  const r = result.metrics.replication;
  const broken = result.invariants.find((i) => !i.holds);
  return {
    value,
    scenario: result.scenario,
    seed: result.seed,
    traceHash: result.traceHash,
    maxStallUs: result.client.maxStallUs,
    framesReceived: result.client.framesReceived,
    gaps: result.client.gaps,
    duplicates: result.client.duplicates,
    rollbacks: result.client.rollbacks,
    sessionState: result.client.sessionState,
    ...outputFigures(result),
    downtimeUs: result.metrics.migration?.downtimeUs ?? null,
    failoverUs: r ? r.failoverUs : null,
    invariantsHeld: broken === undefined,
    firstBroken: broken?.name ?? null,
  };
}

/**
 * One run, computed a piece at a time without recording frames (a sweep needs the result only): each
 * call computes up to `us` more simulated time and returns the result once the run reached its end,
 * null before. The page's fallback computes a few ms of wall time per call and yields between calls.
 */
export type RunSteps<T> = (us: Micros) => T | null;

/** The steps of one spec's run to its end (the world is made here, so a bad spec throws here); `technique` as createWorld takes it. */
export function stepRun(spec: RunSpec, technique?: Technique): RunSteps<RunResult> {
  const world = createWorld(spec, { recordFrames: false, technique, traceEvents: 'hash' });
  return (us) => {
    world.runUntil(Math.min(spec.untilUs, world.now() + us));
    return world.now() >= spec.untilUs ? runResult(world, spec.untilUs) : null;
  };
}

/** Runs one spec to its end and returns its result. */
export function runToEnd(spec: RunSpec, technique?: Technique): RunResult {
  return stepRun(spec, technique)(Number.POSITIVE_INFINITY)!;
}

/** The steps of one planned run, ending with its row. */
export function stepSweepRun(run: Pick<SweepRun, 'value' | 'spec'>, technique?: Technique): RunSteps<SweepRow> {
  const step = stepRun(run.spec, technique);
  return (us) => {
    const result = step(us);
    return result && sweepRow(run.value, result);
  };
}

/** Runs one planned run and returns its row. */
export function runSweepRun(run: Pick<SweepRun, 'value' | 'spec'>, technique?: Technique): SweepRow {
  return stepSweepRun(run, technique)(Number.POSITIVE_INFINITY)!;
}

/** Plans and runs a whole sweep in this thread, in order of value. */
export function runSweep(base: RunSpec, vary: SweepVary): SweepRow[] {
  return planSweep(base, vary).map((run) => runSweepRun(run));
}

const cell = (v: string | number | boolean | null): string => {
  if (v === null) return '';
  const text = String(v);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The CSV of a sweep: a header (the value column named after the variable), then one line per row. */
export function sweepCsv(variable: string, rows: readonly SweepRow[]): string {
  const lines = [[valueColumn(variable), ...ROW_COLUMNS].join(',')];
  for (const row of rows) lines.push([row.value, ...ROW_COLUMNS.map((c) => row[c])].map(cell).join(','));
  return `${lines.join('\n')}\n`;
}

/** What a sweep's JSON says besides its rows. */
export interface SweepMeta {
  readonly vary: SweepVary;
  /** The base run of each technique swept (its scenario, preset, seed, parameters, faults and length). */
  readonly bases: readonly RunSpec[];
}

/** The JSON of a sweep: format version, the sweep, each technique's base run, and the rows. */
export function sweepJson(meta: SweepMeta, rows: readonly SweepRow[]): string {
  const { vary, bases } = meta;
  return `${JSON.stringify(
    {
      v: 1,
      variable: vary.variable,
      valueColumn: valueColumn(vary.variable),
      from: vary.from,
      to: vary.to,
      runs: vary.runs,
      bases: bases.map((b) => ({ scenario: b.scenario, preset: b.preset, seed: b.seed, params: b.params, faults: b.faults.map(formatFault), untilUs: b.untilUs })),
      rows,
    },
    null,
    2,
  )}\n`;
}
