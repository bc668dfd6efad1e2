/**
 * The scenario registry: every scenario is listed once here (its id, in picker order), has a URL and a
 * golden trace under tests/. Its definition is registered when loaded: the lab, the runner, scripts,
 * benches and tests import ./all, which registers them all; a page that shows one scenario (the embed)
 * loads and registers only its own (src/app/technique-loaders.ts) before it reads its address. The
 * list is exhaustive: a technique without an entry here is a compile error.
 */
import type { ScenarioDef, TechniqueId } from './scenario';

/** Every scenario, in picker order (an object, so that a technique missing here is a compile error). */
const IDS = { unprotected: true, migration: true, postcopy: true, remus: true, naive: true, kemari: true, colo: true, lockstep: true } as const satisfies Record<TechniqueId, true>;

/** Every scenario's id, in picker order (the first is the default run's). */
export const SCENARIO_IDS = Object.keys(IDS) as readonly TechniqueId[];

const loaded = new Map<TechniqueId, ScenarioDef>();

/** Whether `id` names a scenario (own names only: `toString` is no scenario). */
export function isScenarioId(id: string): id is TechniqueId {
  return Object.hasOwn(IDS, id);
}

/** The scenario a run that asks for `raw` gets (as resolveRun reads it): that one if it exists, else the first. */
export function scenarioIdOf(raw: string | null | undefined): TechniqueId {
  return raw != null && isScenarioId(raw) ? raw : SCENARIO_IDS[0];
}

/** Makes `def` the loaded definition of its scenario (./all does it for all). */
export function registerScenario(def: ScenarioDef): void {
  if (!isScenarioId(def.id)) throw new RangeError(`no scenario "${def.id}" in the registry: add it to src/scenarios/index.ts`);
  loaded.set(def.id, def);
}

/** The scenario with id `id` if it is loaded (undefined when it is not, or when no scenario has that id). */
export function loadedScenario(id: string): ScenarioDef | undefined {
  return isScenarioId(id) ? loaded.get(id) : undefined;
}

/**
 * The scenario with id `id`: undefined when no scenario has that id; a scenario that exists but is
 * not loaded yet is a mistake of the caller, and throws.
 */
export function getScenario(id: string): ScenarioDef | undefined {
  if (!isScenarioId(id)) return undefined;
  const def = loaded.get(id);
  if (!def) throw new RangeError(`scenario "${id}" is not loaded: load it first (src/app/technique-loaders.ts), or import src/scenarios/all`);
  return def;
}

export type { ScenarioDef, Preset, Source, PhaseDef, ProtocolId, TechniqueId } from './scenario';
