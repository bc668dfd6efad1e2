/**
 * Every technique's descriptor at once (a static import of each), registered: for the lab, the
 * compare view and the tests. A page that shows one technique (the embed) loads and registers only its
 * own (src/app/technique-loaders.ts).
 */
import type { TechniqueId } from '../../scenarios/scenario';
import type { TechniqueDescriptor } from '../technique';
import { colo } from './colo';
import { registerTechnique } from './index';
import { kemari } from './kemari';
import { lockstep } from './lockstep';
import { migration } from './migration';
import { naive } from './naive';
import { postcopy } from './postcopy';
import { remus } from './remus';
import { unprotected } from './unprotected';

export const TECHNIQUES = { unprotected, migration, postcopy, remus, naive, kemari, colo, lockstep } as const satisfies Record<TechniqueId, TechniqueDescriptor>;

for (const d of Object.values(TECHNIQUES)) registerTechnique(d);
