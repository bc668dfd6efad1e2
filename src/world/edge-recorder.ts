/**
 * Where a world records which transitions fired (for the statechart panel), or that it records none.
 * The recorder (./edge-log.ts) reads every machine's statechart (src/machines/statechart.ts) as the
 * actors are made; a page that draws no statechart (the embeddable widget) neither ships that code nor
 * pays for it, and its frames name no transitions. The pages that draw one, and every entry point that
 * loads all protocols (the runner, scripts, benches, tests), call `recordEdges` (./edge-log.ts) first.
 */
import type { AnyActorLogic, InspectionEvent } from 'xstate';
import type { Micros } from '../sim/time';
import type { EdgeCatalogue } from './frame';
import type { AnyActor } from './port';

/** What watching an actor gives: XState's `inspect` option and `attach`, or the lean runner's `record`. */
export interface EdgeWatch {
  readonly inspect?: (e: InspectionEvent) => void;
  readonly attach: (actor: AnyActor) => void;
  readonly record?: (transitions: readonly unknown[]) => void;
}

/** The part of ./edge-log.ts's EdgeLog that a world uses. */
export interface EdgeRecorder {
  /** Every transition taken in order, as codes (`slot * slotSize + edge`), and when (µs). */
  readonly codes: readonly number[];
  readonly atUs: readonly Micros[];
  /** Transitions an actor reported that its statechart does not list. */
  readonly unknown: number;
  readonly catalogue: EdgeCatalogue;
  watch(name: string, logic: AnyActorLogic): EdgeWatch;
  trim(): void;
  beginInstant(t: Micros): void;
  takenAt(t: Micros): readonly number[];
}

const NONE: readonly number[] = Object.freeze([]);
const NO_WATCH: EdgeWatch = Object.freeze({ attach: () => {} });

/** The recorder that records nothing (one for every world: it keeps no state): frames name no transitions. */
const NO_EDGES: EdgeRecorder = Object.freeze({
  codes: NONE,
  atUs: NONE,
  unknown: 0,
  catalogue: Object.freeze({ slotSize: 1, actors: [], keys: {} }),
  watch: () => NO_WATCH,
  trim: () => {},
  beginInstant: () => {},
  takenAt: () => NONE,
});

let maker: ((now: () => Micros) => EdgeRecorder) | null = null;

/** Makes worlds made from now on record their transitions with `make` (./edge-log.ts's `recordEdges` passes its own). */
export function recordEdgesWith(make: (now: () => Micros) => EdgeRecorder): void {
  maker = make;
}

/** The recorder of a new world: the one registered, or one that records nothing. */
export function edgeRecorder(now: () => Micros): EdgeRecorder {
  return maker ? maker(now) : NO_EDGES;
}
