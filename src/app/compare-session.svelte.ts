/**
 * The compare view's playback session: four worlds (kemari, remus, naive, unprotected) on one playhead,
 * one speed and one animation loop, which runs only while playing. Like the lab's Session, each run is
 * computed ahead of the playhead and its frames recorded, so seeking reads recorded frames. The table's
 * figures need every run to its end: that is computed in slices between animation frames, after the
 * panes are first drawn, and the rows appear when all four are done. Every technique runs (the table
 * lists them all); the panes show the chosen ones, as many as fit the screen (`shownPanes`).
 */
import { getScenario } from '../scenarios/index';
import type { RunSpec } from '../scenarios/run-spec';
import type { Micros } from '../sim/time';
import type { CompareRow } from '../view/compare-table';
import type { PaneData } from '../view/compare-status';
import { runResult } from '../world/result';
import { createWorld, type World } from '../world/world';
import { COMPARE_SCENARIOS, compareRow, compareRuns, defaultCompare, shownTechniques, techniqueLine, type CompareScenario, type CompareSpec } from './compare';
import { PlaybackSession } from './playback-session.svelte';

/** How far ahead of the playhead the runs are computed (simulated µs). */
const LOOKAHEAD_US = 2_000_000;
/** Simulated time computed per background slice while the table's runs finish (keeps frames smooth). */
const SLICE_US = 1_000_000;

/** The table row of a world computed to the end of its run. */
export function rowOf(spec: RunSpec, world: World): CompareRow {
  world.runUntil(spec.untilUs);
  return compareRow(spec.scenario, getScenario(spec.scenario)?.title ?? spec.scenario, runResult(world, spec.untilUs));
}

export class CompareSession extends PlaybackSession {
  compare = $state.raw<CompareSpec>(defaultCompare());
  panes = $state.raw<readonly PaneData[]>([]);
  /** The table: null until every run is computed to its end. */
  rows = $state.raw<readonly CompareRow[] | null>(null);
  /** The techniques chosen as panes (the picker's and the URL's choice), in COMPARE_SCENARIOS order. */
  chosen = $state.raw<readonly CompareScenario[]>(COMPARE_SCENARIOS);
  /** How many panes fit the screen (the page says, from its width). */
  fit = $state<number>(COMPARE_SCENARIOS.length);
  /** The techniques shown: the chosen ones, as many as fit. */
  readonly shown: readonly CompareScenario[] = $derived(shownTechniques(this.chosen, this.fit));
  /** The panes shown, in COMPARE_SCENARIOS order. */
  readonly shownPanes: readonly PaneData[] = $derived(this.panes.filter((p) => (this.shown as readonly string[]).includes(p.id)));

  private specs: RunSpec[] = [];
  private worlds: World[] = [];
  /** What each pane says of its technique (fixed for a load). */
  private meta: Pick<PaneData, 'id' | 'title' | 'technique'>[] = [];
  private finishTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(compare?: CompareSpec, t: Micros = 0, speed = 1, chosen: readonly CompareScenario[] = COMPARE_SCENARIOS) {
    super();
    this.speed = speed;
    this.chosen = shownTechniques(chosen, COMPARE_SCENARIOS.length);
    this.load(compare ?? defaultCompare(), t);
  }

  get untilUs(): Micros {
    return this.compare.untilUs;
  }

  /** Starts the four runs of `compare` and shows instant `t`. */
  load(compare: CompareSpec, t: Micros = 0): void {
    this.pause();
    this.compare = compare;
    this.specs = compareRuns(compare);
    this.worlds = this.specs.map((s) => createWorld(s));
    this.meta = this.specs.map((spec) => ({ id: spec.scenario, title: getScenario(spec.scenario)?.title ?? spec.scenario, technique: techniqueLine(spec) }));
    this.rows = null;
    this.seek(t);
    this.scheduleFinish();
  }

  /** Moves the playhead to `t` (clamped to the runs), computing the runs that far if needed. */
  seek(t: Micros): void {
    const clamped = Math.max(0, Math.min(this.untilUs, Math.round(t)));
    this.ensureComputed(clamped);
    this.t = clamped;
    this.panes = this.meta.map((m, i) => ({ ...m, frame: this.worlds[i].frameAt(clamped), linkLog: this.worlds[i].linkLog, publicLog: this.worlds[i].publicLog }));
  }

  /** Chooses the techniques shown as panes (unknown ids are ignored; with none, the first technique). */
  choose(ids: readonly string[]): void {
    this.chosen = shownTechniques(ids, COMPARE_SCENARIOS.length);
  }

  /** Says how many panes fit the screen (at least one). */
  fitPanes(count: number): void {
    this.fit = Math.max(1, Math.floor(count));
  }

  /** Pauses and moves to the next instant at which something happened in any of the runs shown. */
  step(): void {
    this.pause();
    this.ensureComputed(this.t + LOOKAHEAD_US);
    let next = this.untilUs;
    for (const w of this.shownWorlds()) {
      const f = w.frames.find((fr) => fr.atUs > this.t);
      if (f && f.atUs < next) next = f.atUs;
    }
    this.seek(next);
  }

  /** Pauses and moves to the previous instant at which something happened in any of the runs shown. */
  stepBack(): void {
    this.pause();
    let prev = 0;
    for (const w of this.shownWorlds()) {
      for (const f of w.frames) {
        if (f.atUs >= this.t) break;
        if (f.atUs > prev) prev = f.atUs;
      }
    }
    this.seek(prev);
  }

  reset(): void {
    this.pause();
    this.seek(0);
  }

  /** Moves the one crash of host A to `atUs` in every run and recomputes them from zero. */
  crashAt(atUs: Micros): void {
    const wasPlaying = this.playing;
    this.load({ ...this.compare, crashAtUs: Math.max(0, Math.min(this.untilUs, Math.round(atUs))) }, this.t);
    if (wasPlaying) this.play();
  }

  /** Stops the animation loop and the background computation for good (component teardown). */
  destroy(): void {
    this.pause();
    if (this.finishTimer !== null) clearTimeout(this.finishTimer);
    this.finishTimer = null;
  }

  private shownWorlds(): World[] {
    return this.worlds.filter((_, i) => (this.shown as readonly string[]).includes(this.specs[i].scenario));
  }

  private ensureComputed(t: Micros): void {
    const target = Math.min(this.untilUs, t);
    for (const w of this.worlds) if (w.now() < target) w.runUntil(Math.min(this.untilUs, target + LOOKAHEAD_US));
  }

  /** Computes the runs to their end, a slice at a time, then fills the table. */
  private scheduleFinish(): void {
    if (this.finishTimer !== null) clearTimeout(this.finishTimer);
    const worlds = this.worlds;
    const slice = () => {
      this.finishTimer = null;
      if (worlds !== this.worlds) return;
      const behind = worlds.find((w) => w.now() < this.untilUs);
      if (behind) {
        behind.runUntil(Math.min(this.untilUs, behind.now() + SLICE_US));
        this.finishTimer = setTimeout(slice, 0);
        return;
      }
      this.rows = this.specs.map((spec, i) => rowOf(spec, worlds[i]));
    };
    this.finishTimer = setTimeout(slice, 0);
  }
}
