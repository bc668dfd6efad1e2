/**
 * What a scenario is: data. An id, a title, the parameters it uses (with scenario defaults), named
 * presets (parameter sets), how long a run lasts by default, and what the "About the model" panel
 * says of it: its sources and its simplifications (loaded on demand).
 */
import type { ParamValue } from './params';

/** The protocols the world runs (src/world/registry.ts has an installer for each). */
export type ProtocolId = 'none' | 'precopy' | 'postcopy' | 'remus' | 'kemari' | 'colo' | 'lockstep';

/** The techniques the lab shows: one scenario each, and a descriptor each in src/view/techniques/. */
export type TechniqueId = 'unprotected' | 'migration' | 'postcopy' | 'remus' | 'naive' | 'kemari' | 'colo' | 'lockstep';

/**
 * A named phase of a protocol, where a fault can be scheduled instead of at a time ("during
 * stop-and-copy", "while checkpoint 12 is in flight"). It is anchored on one trace event (actor, type,
 * and for numbered phases the number in one data field); a phase fault fires right after the step
 * that records that event, before anything else scheduled for the same instant, plus a delay.
 */
export interface PhaseDef {
  /** The name in a fault's text: `crash:A@checkpoint:12`, `crash:A@stop-and-copy`. */
  readonly name: string;
  /** Whether the phase takes a number (`checkpoint:12`) and which data field of the event holds it. */
  readonly numbered: string | null;
  /** What it means, for people (`N` stands for the number). */
  readonly title: string;
  /** The trace event that marks the phase. */
  readonly actor: string;
  readonly type: string;
}

export interface Preset {
  readonly title: string;
  readonly values: Readonly<Record<string, ParamValue>>;
  /** How long a run of this preset lasts unless told otherwise (µs); else the scenario's. */
  readonly untilUs?: number;
}

export interface Source {
  readonly tag: string;
  readonly cite: string;
  readonly used: string;
}

export interface ScenarioDef<P extends string = ProtocolId> {
  readonly id: string;
  readonly title: string;
  /** The parameters this scenario uses, in panel order. */
  readonly params: readonly string[];
  /** Scenario defaults that differ from the catalogue's. */
  readonly defaults: Readonly<Record<string, ParamValue>>;
  readonly presets: Readonly<Record<string, Preset>>;
  /** The preset a run uses when none is named. */
  readonly defaultPreset: string;
  /** The protocol the world runs: none (unprotected), pre-copy migration, Kemari or Remus. */
  readonly protocol: P;
  /** The protocol's named phases, where a fault can be scheduled (none without a protocol). */
  readonly phases: readonly PhaseDef[];
  /** How long a run lasts unless told otherwise (µs). */
  readonly defaultUntilUs: number;
  /**
   * What the "About the model" panel says of it, its sources and its simplifications, loaded on demand
   * (a module of its own, `<id>-about.ts`: text the page's first load does without).
   */
  readonly about: () => Promise<ScenarioAbout>;
}

/** A scenario's sources and simplifications. */
export interface ScenarioAbout {
  /** What the scenario shows, in a few sentences (the About panel's first paragraph). */
  readonly summary: string;
  readonly sources: readonly Source[];
  readonly simplifications: readonly string[];
}
