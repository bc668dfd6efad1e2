/**
 * A page that shows one technique (the embed) loads only that technique's parts, on demand: its
 * scenario's definition and its descriptor (two small chunks, fetched together) here, its protocol
 * through src/world/registry.ts. The lab imports every definition and descriptor instead
 * (src/scenarios/all.ts, src/view/techniques/all.ts). The table is exhaustive: a technique without
 * loaders is a compile error.
 */
import { loadedScenario, registerScenario, type ScenarioDef, type TechniqueId } from '../scenarios/index';
import { isTechniqueLoaded, registerTechnique } from '../view/techniques/index';
import type { TechniqueDescriptor } from '../view/technique';

const LOADERS = {
  unprotected: () => [import('../scenarios/unprotected').then((m) => m.unprotected), import('../view/techniques/unprotected').then((m) => m.unprotected)],
  migration: () => [import('../scenarios/migration').then((m) => m.migration), import('../view/techniques/migration').then((m) => m.migration)],
  postcopy: () => [import('../scenarios/postcopy').then((m) => m.postcopy), import('../view/techniques/postcopy').then((m) => m.postcopy)],
  remus: () => [import('../scenarios/remus').then((m) => m.remus), import('../view/techniques/remus').then((m) => m.remus)],
  naive: () => [import('../scenarios/naive').then((m) => m.naive), import('../view/techniques/naive').then((m) => m.naive)],
  kemari: () => [import('../scenarios/kemari').then((m) => m.kemari), import('../view/techniques/kemari').then((m) => m.kemari)],
  colo: () => [import('../scenarios/colo').then((m) => m.colo), import('../view/techniques/colo').then((m) => m.colo)],
  lockstep: () => [import('../scenarios/lockstep').then((m) => m.lockstep), import('../view/techniques/lockstep').then((m) => m.lockstep)],
} as const satisfies Record<TechniqueId, () => [Promise<ScenarioDef>, Promise<TechniqueDescriptor>]>;

/** Loads and registers technique `id`'s scenario definition and descriptor (unless both are here); gives the definition. */
export async function loadTechnique(id: TechniqueId): Promise<ScenarioDef> {
  const have = loadedScenario(id);
  if (have && isTechniqueLoaded(id)) return have;
  const [scenario, descriptor] = await Promise.all(LOADERS[id]());
  registerScenario(scenario);
  registerTechnique(descriptor);
  return scenario;
}
