/**
 * Which transitions fired, recorded as the run is computed: a log alongside the trace, never in it
 * (the trace text and its hash do not change). Each transition taken is one integer,
 * `slot * slotSize + edge`: the actor's slot in the catalogue and the transition's index in its
 * machine's statechart (src/machines/statechart.ts), so recording costs a push; names (`source|event|index`
 * keys) are looked up only when a view asks. The statechart panel lights up the edges of a frame's instant.
 *
 * How transitions are seen: XState reports each microstep, with the transitions it took, to an
 * actor's `inspect` observer (`@xstate.microstep`, `_transitions`). That official path copies every
 * inspection event (event, action, snapshot, microstep) for its observers, which costs about a tenth
 * of a Remus run; so once an actor exists, its system's inspection hook is replaced by one that looks
 * at microsteps only and copies nothing. tests/world/edge-log.test.ts checks both paths agree.
 */
import type { AnyActorLogic, AnyStateMachine, InspectionEvent } from 'xstate';
import { edgeIndex, statechart } from '../machines/statechart';
import type { Micros } from '../sim/time';
import { recordEdgesWith, type EdgeRecorder, type EdgeWatch } from './edge-recorder';
import type { EdgeCatalogue } from './frame';
import type { AnyActor } from './port';

/** Room for edges per actor slot in a code (a machine has far fewer transitions). */
export const SLOT_SIZE = 1024;

const NONE: readonly number[] = Object.freeze([]);

interface Transitions {
  readonly _transitions: readonly unknown[];
}

function isMachine(logic: AnyActorLogic): logic is AnyStateMachine {
  return 'root' in logic && 'id' in logic;
}

export class EdgeLog implements EdgeRecorder {
  /** Every transition taken, in order: its code (`slot * SLOT_SIZE + edge`) and when (µs). */
  readonly codes: number[] = [];
  readonly atUs: Micros[] = [];
  /** Transitions an actor reported that its statechart does not list (0 unless the extractor misses one). */
  unknown = 0;
  private readonly actors: { name: string; machine: string }[] = [];
  private readonly keys: Record<string, readonly string[]> = {};
  /** Shared by every frame of the run; grows as actors are made (slots never change). */
  readonly catalogue: EdgeCatalogue = { slotSize: SLOT_SIZE, actors: this.actors, keys: this.keys };
  private instant = -1;
  private instantStart = 0;
  private consumed = 0;

  constructor(private readonly now: () => Micros) {}

  /**
   * Watches the actor about to be made from `logic` under `name`: returns the `inspect` option for
   * `createActor` (it sees the transitions taken while the actor starts) and `attach`, to call with
   * the created actor; or `record`, which the lean runner calls with each microstep's transitions
   * (src/machines/runner.ts). Logic that is not a state machine is not watched.
   */
  watch(name: string, logic: AnyActorLogic): EdgeWatch {
    if (!isMachine(logic)) return { attach: () => {} };
    const slot = this.actors.length;
    const index = edgeIndex(logic);
    this.actors.push({ name, machine: logic.id });
    if (!(logic.id in this.keys)) this.keys[logic.id] = statechart(logic).edges.map((e) => e.key);
    const record = (transitions: readonly unknown[]) => {
      for (let i = 0; i < transitions.length; i++) {
        const edge = index.get(transitions[i]);
        if (edge === undefined) {
          this.unknown++;
          continue;
        }
        this.codes.push(slot * SLOT_SIZE + edge);
        this.atUs.push(this.now());
      }
    };
    // The machine's own initial edge: XState does not report the first step of an actor.
    if (logic.root.type === 'compound') record([logic.root.initial]);
    const inspect = (e: InspectionEvent) => {
      if (e.type === '@xstate.microstep') record((e as unknown as Transitions)._transitions);
    };
    const attach = (actor: AnyActor) => {
      const system = (actor as unknown as { system: { _sendInspectionEvent?: unknown } }).system;
      // Only when XState still has the hook this relies on; otherwise the official path keeps working.
      if (typeof system._sendInspectionEvent !== 'function') return;
      system._sendInspectionEvent = (e: { type: string }) => {
        if (e.type === '@xstate.microstep') record((e as unknown as Transitions)._transitions);
      };
    };
    return { inspect, attach, record };
  }

  /**
   * Forgets the codes no frame will ask for again: those before the last instant a frame took (a run
   * that keeps frames of a window only calls this as it drops old frames, so the log stays short).
   */
  trim(): void {
    const drop = this.instantStart;
    if (drop === 0) return;
    this.codes.splice(0, drop);
    this.atUs.splice(0, drop);
    this.instantStart -= drop;
    this.consumed -= drop;
  }

  /**
   * A world whose frames are projected on demand (./frame-source.ts) asks only for the present
   * instant's codes: as a new instant `t` begins, the codes of the earlier ones are forgotten.
   */
  beginInstant(t: Micros): void {
    if (t === this.instant) return;
    this.codes.length = 0;
    this.atUs.length = 0;
    this.instant = t;
    this.instantStart = 0;
    this.consumed = 0;
  }

  /**
   * The codes taken at instant `t` (call once per recorded frame, in time order): everything logged
   * since the previous instant's frame, or, asked again for the same instant, everything of it.
   */
  takenAt(t: Micros): readonly number[] {
    if (t !== this.instant) {
      this.instant = t;
      this.instantStart = this.consumed;
    }
    this.consumed = this.codes.length;
    return this.instantStart === this.codes.length ? NONE : this.codes.slice(this.instantStart);
  }
}

/**
 * Makes worlds made from now on record their transitions (for the statechart panel): the lab's entry
 * and ./all-protocols call it; the embeddable widget does not (./edge-recorder.ts).
 */
export function recordEdges(): void {
  recordEdgesWith((now) => new EdgeLog(now));
}
