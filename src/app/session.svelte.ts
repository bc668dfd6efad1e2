/**
 * The playback session: the one bridge between the world (actors on a simulated clock) and the
 * view (which reads frames). It owns the playhead `t`, the speed and the only animation loop; the run
 * is computed up to the playhead as it moves, and the frame of the playhead's instant is projected
 * when shown (the world's frames on demand), so drawing costs per frame shown, not per instant
 * computed. Seeking back reads the frames projected lately, or a replay of the run (exact; it keeps
 * the frames of the last KEEP_FRAMES_US around where it is). A user's input (crash, cut) is recorded
 * at the current time and the run is recomputed from zero, deterministically.
 */
import { defaultRun, MAX_UNTIL_US, type FieldError, type RunSpec } from '../scenarios/run-spec';
import { sortFaults, type Fault, type TimedFault } from '../scenarios/faults';
import type { Micros } from '../sim/time';
import type { Frame } from '../world/frame';
import { countBefore, type TraceEvent } from '../sim/trace';
import { getScenario } from '../scenarios/index';
import { isProtocolLoaded, isRepairLoaded, loadProtocol, loadRepair, needsRepair } from '../world/registry';
import { createWorld, type World } from '../world/world';
import type { TraceFile, TraceFormat } from './trace-export';
import { PlaybackSession } from './playback-session.svelte';

/** A live run grows when the playhead comes this close to its end (simulated µs). */
const LOOKAHEAD_US = 2_000_000;
/** A replay answering for earlier instants keeps the frames of about this much of the run around where it is. */
const KEEP_FRAMES_US = 15_000_000;
/** The most trace events the page computes of one run (about 50 MB of trace; 14 min of Remus at 25 ms epochs). */
export const MAX_PAGE_EVENTS = 400_000;
/** A live run grows by this much (or by half its length, when more) whenever the playhead nears its end. */
const EXTEND_US = 10_000_000;
/**
 * A seek computes at most this many trace events at once (a few hundred ms at worst); an instant
 * further on is computed in slices of SLICE_MS between which the page paints and answers (with
 * progress, and Cancel).
 */
const SYNC_EVENTS = 12_000;
const SLICE_MS = 12;
/** Events computed between two looks at the slice's clock. */
const SLICE_STEP_EVENTS = 500;

/** A computation of the run up to `targetUs`, going on in slices: from `fromUs`, done up to `doneUs`. */
export interface Computing {
  readonly fromUs: Micros;
  readonly targetUs: Micros;
  readonly doneUs: Micros;
}

export class Session extends PlaybackSession {
  /** The run shown (set by the constructor). */
  spec = $state.raw<RunSpec>(undefined as unknown as RunSpec);
  frame = $state.raw<Frame>(undefined as unknown as Frame);
  /**
   * A live run has no end of its own (no `until` was asked for): when playback nears the end of what
   * is computed, the run extends and the timeline rescales. The runner and links that name `until`
   * keep their length.
   */
  live = $state(false);
  /** The end a live run has grown to (µs); the spec's own length otherwise. */
  private endUs = $state(0);
  /** How many trace events are computed (the timeline redraws when it grows). */
  traceLength = $state(0);
  /** The instant being computed in slices, or null. */
  computing = $state.raw<Computing | null>(null);
  /** Why the run ends before its length (it reached the page's ceiling of events), or null. */
  limit = $state.raw<FieldError | null>(null);
  /** The most trace events computed of a run (the page's ceiling; tests lower it). */
  maxEvents = MAX_PAGE_EVENTS;
  /** Where the ceiling ended the run (µs), or null. */
  private capUs = $state<Micros | null>(null);
  private sliceTimer: ReturnType<typeof setTimeout> | null = null;

  private world!: World;
  /** Whether each technique's engine is warmed as it is first loaded (`warmEngine`), and those warmed. */
  private warming = false;
  private readonly warmed: string[] = [];
  private stopWarming: (() => void) | null = null;
  private destroyed = false;
  /** The world whose frame is shown. */
  private shownWorld: World | null = null;
  /** Counts loads: one waiting for its technique's code is dropped if another came since. */
  private loads = 0;

  constructor(spec?: RunSpec, t: Micros = 0, speed = 1, live = false) {
    super();
    this.live = live;
    this.spec = spec ?? defaultRun();
    this.load(this.spec, t);
    this.speed = speed;
  }

  /** The trace computed so far (read-only; grows as the run is computed ahead). */
  get trace() {
    return this.world.trace.list;
  }

  /** Messages on the replication link so far (for marks in flight). */
  get linkLog() {
    return this.world.linkLog;
  }

  /** Outputs on the public network so far. */
  get publicLog() {
    return this.world.publicLog;
  }

  /** The end of the run (µs): a live run's grows as it plays; the page's ceiling may end it earlier (`stopUs`). */
  get untilUs(): Micros {
    const end = this.askedUntilUs;
    return this.capUs === null ? end : Math.min(end, this.capUs);
  }

  /** The end of the run as asked (µs), whether or not the page's ceiling ends it earlier: the timeline's axis keeps it. */
  get askedUntilUs(): Micros {
    return this.live ? Math.max(this.spec.untilUs, this.endUs) : this.spec.untilUs;
  }

  /** Where the page's ceiling of events ended the run (µs), or null: nothing after it is computed. */
  get stopUs(): Micros | null {
    return this.capUs;
  }

  /**
   * Starts a run of `spec` and shows instant `t`; `live` says whether the run may extend past its
   * length (kept as it was when not given).
   */
  load(spec: RunSpec, t: Micros = 0, live = this.live): void {
    const token = ++this.loads;
    const protocol = getScenario(spec.scenario)?.protocol;
    const missing = [
      ...(protocol !== undefined && !isProtocolLoaded(protocol) ? [loadProtocol(protocol)] : []),
      // A run that restarts a host needs the repair cycle (and the resync's pre-copy engine).
      ...(needsRepair(spec) && !isRepairLoaded() ? [loadRepair()] : []),
    ];
    if (missing.length > 0) {
      // The technique's code comes on demand (the page loads the one it shows first): the run shown
      // stays, paused, until it is here; a later load wins over this one.
      this.pause();
      void Promise.all(missing).then(() => {
        if (token === this.loads) this.load(spec, t, live);
      });
      return;
    }
    this.pause();
    this.stopComputing();
    this.spec = spec;
    this.live = live;
    this.endUs = spec.untilUs;
    this.capUs = null;
    this.limit = null;
    this.world = createWorld(spec, { recordFrames: 'on-demand', keepFramesUs: KEEP_FRAMES_US });
    // The new run's trace starts short: readers indexing up to traceLength must not see the old length.
    this.traceLength = this.world.trace.length;
    this.seek(t);
    this.warmTechnique();
  }

  /**
   * From now on, the engine of each technique shown is warmed in the page's idle time when first
   * loaded (a throwaway run: see warm-up.ts), so that the first frames of play are not its code's
   * first runs. The lab calls it; tests and the embed (which plays at 1x) need not.
   */
  warmEngine(): void {
    this.warming = true;
    this.warmTechnique();
  }

  private warmTechnique(): void {
    const id = this.spec.scenario;
    if (!this.warming || this.warmed.includes(id)) return;
    this.warmed.push(id);
    const spec = this.spec;
    // Its code loads on demand: the page's first load does not carry it.
    void import('./warm-up').then(({ warmUp }) => {
      if (this.destroyed) return;
      this.stopWarming?.();
      this.stopWarming = warmUp(spec, undefined, () => (this.stopWarming = null));
    });
  }

  /**
   * Moves the playhead to `t` (clamped to the run), computing the run that far if needed: at once when
   * that is quick, else in slices (`computing`), the playhead staying where it is until they are done.
   */
  seek(t: Micros): void {
    this.approach(t);
    const clamped = Math.max(0, Math.min(this.untilUs, Math.round(t)));
    this.stopComputing();
    if (this.ensureComputed(clamped, SYNC_EVENTS)) return this.show(clamped);
    // A new run shows what it has meanwhile (the old run's frame is not its own).
    if (this.shownWorld !== this.world) this.show(Math.min(this.t, this.world.now()));
    this.computeInSlices(clamped);
  }

  /** Stops computing in slices (the playhead stays where it was; what was computed is kept). */
  cancelComputing(): void {
    this.stopComputing();
    this.pause();
  }

  /** Pauses and moves to the next instant at which something happened. */
  step(): void {
    this.pause();
    // Computed up to the next instant and no further, so that its frame is the present's.
    let next = this.world.instantAfter(this.t);
    while (next === null && !this.atEnd()) {
      this.world.runUntil(this.world.nextAt()!, this.maxEvents);
      this.noteComputed();
      next = this.world.instantAfter(this.t);
    }
    this.seek(next ?? this.untilUs);
  }

  /** Whether nothing is left to compute within the run (or within the page's ceiling). */
  private atEnd(): boolean {
    const next = this.world.nextAt();
    return next === null || next > this.untilUs || this.world.trace.length >= this.maxEvents;
  }

  /** Pauses and moves to the previous instant at which something happened. */
  stepBack(): void {
    this.pause();
    this.seek(this.world.instantBefore(this.t));
  }

  /** Back to the start of the same run (same faults, same seed). */
  reset(): void {
    this.pause();
    this.seek(0);
  }

  /** Records a fault at the current instant and recomputes the run from zero. */
  inject(kind: Fault['kind'], target: Fault['target']): void {
    const fault = { kind, target, atUs: this.t } as TimedFault;
    const spec: RunSpec = { ...this.spec, faults: sortFaults([...this.spec.faults, fault]) };
    const wasPlaying = this.playing;
    this.load(spec, this.t);
    if (wasPlaying) this.play();
  }

  /** Kills the primary (K): crashes the host that runs the VM now (host A until a takeover), if it is up. */
  killPrimary(): void {
    const host = this.frame.vm.host ?? 'A';
    if (this.frame.hosts[host].power === 'up') this.inject('crash', host);
  }

  /** Restarts a host that is down (Shift+K): host A first if both are (a booting host is not down: it is on its way up). */
  restartDown(): void {
    const down = (['A', 'B'] as const).find((h) => this.frame.hosts[h].power === 'crashed' || this.frame.hosts[h].power === 'fenced');
    if (down) this.inject('restart', down);
  }

  /** Replaces the run's faults and recomputes the run from zero; the playhead keeps its place. */
  setFaults(faults: readonly Fault[]): void {
    const wasPlaying = this.playing;
    this.load({ ...this.spec, faults: sortFaults(faults) }, this.t);
    if (wasPlaying) this.play();
  }

  /**
   * Pauses and moves to the next (`dir` 1) or previous (-1) instant with a trace event that `match`
   * accepts, computing the run further ahead as needed; stays put when there is none.
   */
  seekEvent(match: (e: TraceEvent) => boolean, dir: 1 | -1): boolean {
    this.pause();
    const trace = this.world.trace.list;
    // Each event read from the trace is an object made: start next to the playhead, not at an end.
    const t = this.t;
    if (dir < 0) {
      for (let i = countBefore(trace, (at) => at < t) - 1; i >= 0; i--) {
        const e = trace.at(i)!;
        if (match(e)) {
          this.seek(e.at);
          return true;
        }
      }
      return false;
    }
    let from = countBefore(trace, (at) => at <= t);
    for (;;) {
      for (let i = from; i < trace.length; i++) {
        const e = trace.at(i)!;
        if (e.at > this.untilUs) break;
        if (e.at > this.t && match(e)) {
          this.seek(e.at);
          return true;
        }
      }
      from = trace.length;
      if (this.atEnd()) return false;
      // Instant by instant past what is computed, so that the one found is the present (its frame projected, not replayed).
      const end = this.world.trace.length + SYNC_EVENTS;
      do this.world.runUntil(this.world.nextAt()!, this.maxEvents);
      while (this.world.trace.length === from && !this.atEnd() && this.world.trace.length < end);
      this.noteComputed();
    }
  }

  /** The whole run's trace as a file (computes the run to its end first). */
  async traceFile(format: TraceFormat): Promise<TraceFile> {
    this.ensureComputed(this.untilUs);
    const { spec, world, untilUs } = this;
    // The file's code loads when first asked for (the page's first load does not carry it).
    const { traceFile } = await import('./trace-export');
    return traceFile(spec, world.trace, untilUs, format);
  }

  /** Computes the run up to `t` without moving the playhead (the tour looks ahead for its pause points). */
  computeUntil(t: Micros): void {
    this.ensureComputed(t);
  }

  /** A live run nearing its end (within the look-ahead) grows, so playback never meets it. */
  protected override approach(t: Micros): void {
    if (!this.live || this.capUs !== null || t + LOOKAHEAD_US < this.untilUs) return;
    // In whole steps from the current end, so that the same instant reached (or opened from a link)
    // gives the same end.
    let end = this.untilUs;
    while (t + LOOKAHEAD_US >= end && end < MAX_UNTIL_US) end = Math.min(MAX_UNTIL_US, end + Math.max(EXTEND_US, Math.round(end / 2)));
    this.endUs = end;
  }

  /** Stops the animation loop for good (component teardown). */
  destroy(): void {
    this.pause();
    this.stopComputing();
    this.stopWarming?.();
    this.destroyed = true;
  }

  /** Playback waits while the slices compute (it moves on from where they end). */
  protected override busy(): boolean {
    return this.computing !== null;
  }

  private show(t: Micros): void {
    this.shownWorld = this.world;
    const clamped = Math.min(this.untilUs, t);
    this.t = clamped;
    this.frame = this.world.frameAt(clamped);
  }

  /**
   * Computes the run up to `t` (no further: the frame shown is then the present's), at most `budget`
   * more events; returns whether it got to `t`. At the page's ceiling the run ends where it got to.
   */
  private ensureComputed(t: Micros, budget = Number.POSITIVE_INFINITY): boolean {
    const target = Math.min(this.untilUs, t);
    if (this.world.now() >= target) return true;
    const limit = Math.min(this.maxEvents, this.world.trace.length + budget);
    const reached = this.world.runUntil(target, limit);
    this.noteComputed();
    return reached || this.world.now() >= Math.min(this.untilUs, target);
  }

  /** Tells the view how far the trace has grown; at the page's ceiling the run ends where it got to. */
  private noteComputed(): void {
    this.traceLength = this.world.trace.length;
    if (this.world.trace.length >= this.maxEvents && this.capUs === null) this.capAt(this.world.now());
  }

  /** The run ends at `atUs` (the last instant computed within the ceiling), saying why (its words load on demand). */
  private capAt(atUs: Micros): void {
    this.capUs = atUs;
    const { spec, world, maxEvents } = this;
    void import('./run-cost').then(({ ceilingNotice }) => {
      if (this.world === world) this.limit = ceilingNotice(spec, world.trace.list, atUs, maxEvents);
    });
  }

  private computeInSlices(target: Micros): void {
    this.computing = { fromUs: this.world.now(), targetUs: target, doneUs: this.world.now() };
    const slice = () => {
      this.sliceTimer = null;
      const end = performance.now() + SLICE_MS;
      let done = false;
      while (!done && performance.now() < end) done = this.ensureComputed(target, SLICE_STEP_EVENTS);
      if (!done) {
        this.computing = { ...this.computing!, doneUs: this.world.now() };
        this.sliceTimer = setTimeout(slice, 0);
        return;
      }
      this.computing = null;
      this.show(target);
    };
    this.sliceTimer = setTimeout(slice, 0);
  }

  private stopComputing(): void {
    if (this.sliceTimer !== null) clearTimeout(this.sliceTimer);
    this.sliceTimer = null;
    this.computing = null;
  }

  /** One animation frame's move of the playhead (`us` simulated µs); pauses at the end of the run. */
}
