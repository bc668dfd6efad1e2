/**
 * Loads every scenario's definition at once (a static import of each) and registers them: for the
 * lab, which lists them all, and for the runner, scripts, benches and tests. A page that shows one
 * scenario (the embed) loads and registers only its own instead (src/app/technique-loaders.ts).
 */
import { colo } from './colo';
import { registerScenario, SCENARIO_IDS, type ScenarioDef, type TechniqueId } from './index';
import { kemari } from './kemari';
import { lockstep } from './lockstep';
import { migration } from './migration';
import { naive } from './naive';
import { postcopy } from './postcopy';
import { remus } from './remus';
import { unprotected } from './unprotected';

const BY_ID = { unprotected, migration, postcopy, remus, naive, kemari, colo, lockstep } as const satisfies Record<TechniqueId, ScenarioDef>;

/** Every scenario, in picker order. */
export const SCENARIOS: readonly ScenarioDef[] = SCENARIO_IDS.map((id) => BY_ID[id]);

for (const def of SCENARIOS) registerScenario(def);
