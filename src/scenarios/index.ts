/**
 * The scenario registry: every scenario is listed once here, appears in the picker, has a URL and a
 * golden trace under tests/.
 */
import type { ScenarioDef, TechniqueId } from './scenario';
import { colo } from './colo';
import { kemari } from './kemari';
import { lockstep } from './lockstep';
import { migration } from './migration';
import { postcopy } from './postcopy';
import { naive, remus } from './remus';
import { unprotected } from './unprotected';

/** Every scenario by its id, in picker order (exhaustive: a technique without a scenario is a compile error). */
const BY_ID = { unprotected, migration, postcopy, remus, naive, kemari, colo, lockstep } as const satisfies Record<TechniqueId, ScenarioDef>;

export const SCENARIOS: readonly ScenarioDef[] = Object.values(BY_ID);

/** The scenario with id `id` (own names only: `toString` is no scenario). */
export function getScenario(id: string): ScenarioDef | undefined {
  return Object.hasOwn(BY_ID, id) ? BY_ID[id as TechniqueId] : undefined;
}

export type { ScenarioDef, Preset, Source, PhaseDef, ProtocolId, TechniqueId } from './scenario';
