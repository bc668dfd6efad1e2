/**
 * A sweep in the page: its planned series (one per technique), the rows as they come back from the
 * worker pool (kept in order of value whatever order they finish in), progress, cancel, and the CSV
 * and JSON exports. Rows reach the screen in an animation frame at most ten times a second, so a
 * sweep of hundreds of runs does not redraw the chart hundreds of times. The one bridge between the pool and the view.
 * @see ./sweep-pool.ts and ../view/SweepPanel.svelte
 */
import { flushSync } from 'svelte';
import type { RunSpec } from '../scenarios/run-spec';
import type { SweepRun, SweepVary } from '../world/sweep';
import { sweepCsv, sweepJson, type SweepRow } from '../world/sweep-result';
import type { SweepStatus } from '../view/sweep-panel';
import type { TechniqueDescriptor } from '../view/technique';
import { techniqueOf } from '../view/techniques/index';
import type { PlannedSeries } from './sweep-form';
import { measured, startSweep, type PoolOptions, type SweepHandle, type SweepJob } from './sweep-pool';

/** A series with the rows that have arrived (null where a run is still to come). */
export interface SeriesResult {
  readonly id: string;
  readonly title: string;
  /** The technique's mark in the chart (its descriptor's glyph). */
  readonly glyph: TechniqueDescriptor['glyph'];
  /** The technique's base run, before the variable is applied (what the JSON export gives). */
  readonly base: RunSpec;
  readonly runs: readonly SweepRun[];
  readonly rows: readonly (SweepRow | null)[];
}

/** The name of the User Timing measure of a whole sweep, from start to its last row. */
export const SWEEP_TOTAL_MEASURE = 'kemari-sweep-total';

/** Rows reach the screen at most this often (ms): ten redraws a second are plenty for a progress bar. */
const FLUSH_EVERY_MS = 100;

export class SweepSession {
  status = $state<SweepStatus>('idle');
  done = $state(0);
  total = $state(0);
  error = $state<string | null>(null);
  /** Wall time of the last finished sweep (ms). */
  elapsedMs = $state<number | null>(null);
  /** Where the sweep runs: in workers, or in the page (from its start, or since every worker failed to start). */
  mode = $state<'workers' | 'page' | null>(null);
  vary = $state.raw<SweepVary | null>(null);
  series = $state.raw<readonly SeriesResult[]>([]);

  private handle: SweepHandle | null = null;
  private where: { series: number; run: number }[] = [];
  private pending: { id: number; row: SweepRow }[] = [];
  private flushQueued = false;
  private startedAt = 0;
  private lastFlushAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly pool: PoolOptions = {}) {}

  /** Starts a sweep (cancelling one in progress); the previous results are replaced as rows arrive. */
  start(vary: SweepVary, planned: readonly PlannedSeries[]): void {
    this.cancel();
    this.vary = vary;
    this.series = planned.map((p) => ({ id: p.id, title: p.title, glyph: techniqueOf(p.id).glyph, base: p.base, runs: p.runs, rows: p.runs.map(() => null) }));
    this.where = planned.flatMap((p, series) => p.runs.map((_, run) => ({ series, run })));
    const jobs: SweepJob[] = planned.flatMap((p) => p.runs).map((r, id) => ({ id, value: r.value, spec: r.spec }));
    this.total = jobs.length;
    this.done = 0;
    this.error = null;
    this.elapsedMs = null;
    this.pending = [];
    this.status = 'running';
    this.startedAt = performance.now();
    this.handle = startSweep(
      jobs,
      {
        onRow: (id, row) => {
          this.pending.push({ id, row });
          this.queueFlush();
        },
        onDone: () => {
          this.flush();
          this.elapsedMs = performance.now() - this.startedAt;
          try {
            performance.measure(SWEEP_TOTAL_MEASURE, { start: this.startedAt, end: this.startedAt + this.elapsedMs });
          } catch {
            // no User Timing here (a test environment)
          }
          this.status = 'done';
          this.handle = null;
        },
        onError: (message) => {
          this.flush();
          this.error = message;
          this.status = 'failed';
          this.handle = null;
        },
        // Workers that could not load: the status says so at once, not when the page's first row arrives.
        onFallback: () => {
          this.mode = 'page';
        },
      },
      this.pool,
    );
    this.mode = this.handle?.mode ?? null;
  }

  /** Stops at once; the rows that arrived stay. */
  cancel(): void {
    if (!this.handle) return;
    this.handle.cancel();
    this.handle = null;
    this.flush();
    this.status = 'cancelled';
  }

  /** The CSV of every row that arrived (the runner's `sweep` output for one technique). */
  csv(): string {
    return this.vary ? sweepCsv(this.vary.variable, this.rows()) : '';
  }

  /** The JSON of the sweep: the variable, each technique's base run and every row that arrived. */
  json(): string {
    if (!this.vary) return '';
    return sweepJson({ vary: this.vary, bases: this.series.map((s) => s.base) }, this.rows());
  }

  /** The planned run behind a row. */
  runOf(seriesId: string, index: number): SweepRun | null {
    return this.series.find((s) => s.id === seriesId)?.runs[index] ?? null;
  }

  private rows(): SweepRow[] {
    return this.series.flatMap((s) => s.rows.filter((r): r is SweepRow => r !== null));
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    const raf = globalThis.requestAnimationFrame ?? ((fn: () => void) => setTimeout(fn, 16));
    const wait = Math.max(0, this.lastFlushAt + FLUSH_EVERY_MS - performance.now());
    setTimeout(() => raf(() => this.flush()), wait);
  }

  private flush(): void {
    this.flushQueued = false;
    this.lastFlushAt = performance.now();
    if (this.pending.length === 0) return;
    measured(() => {
      const next = this.series.map((s) => ({ ...s, rows: [...s.rows] }));
      for (const { id, row } of this.pending) {
        const at = this.where[id];
        if (at) next[at.series].rows[at.run] = row;
      }
      this.done += this.pending.length;
      this.pending = [];
      this.series = next;
      // Draw now, inside the measure: the page's script per frame includes the chart's update.
      flushSync();
    });
  }
}
