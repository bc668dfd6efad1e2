/**
 * What a scenario is: data. An id, a title, the parameters it uses (with scenario defaults), named
 * presets (parameter sets), how long a run lasts by default, and what the "About the model" panel
 * says of it: its sources and its simplifications.
 */
import type { ParamValue } from './params';

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

export interface ScenarioDef {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  /** The parameters this scenario uses, in panel order. */
  readonly params: readonly string[];
  /** Scenario defaults that differ from the catalogue's. */
  readonly defaults: Readonly<Record<string, ParamValue>>;
  readonly presets: Readonly<Record<string, Preset>>;
  /** The preset a run uses when none is named. */
  readonly defaultPreset: string;
  /** The protocol the world runs: none (unprotected), pre-copy migration, Kemari or Remus. */
  readonly protocol: 'none' | 'precopy' | 'kemari' | 'remus';
  /** How long a run lasts unless told otherwise (µs). */
  readonly defaultUntilUs: number;
  readonly sources: readonly Source[];
  readonly simplifications: readonly string[];
}
