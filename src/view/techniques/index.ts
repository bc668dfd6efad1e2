/**
 * Every technique's descriptor, by its id (exhaustive: a technique without a descriptor is a compile
 * error). The view and the app look a technique up here, or are handed a descriptor of their own.
 */
import type { TechniqueId } from '../../scenarios/scenario';
import type { TechniqueDescriptor } from '../technique';
import { colo } from './colo';
import { kemari } from './kemari';
import { lockstep } from './lockstep';
import { migration } from './migration';
import { naive } from './naive';
import { postcopy } from './postcopy';
import { remus } from './remus';
import { unprotected } from './unprotected';

export const TECHNIQUES = { unprotected, migration, postcopy, remus, naive, kemari, colo, lockstep } as const satisfies Record<TechniqueId, TechniqueDescriptor>;

/** The descriptor of technique `id` (a frame's `protocol.technique`, a scenario's id). */
export function techniqueOf(id: string): TechniqueDescriptor {
  if (!Object.hasOwn(TECHNIQUES, id)) throw new RangeError(`no descriptor for technique "${id}": add one to src/view/techniques/`);
  return TECHNIQUES[id as TechniqueId];
}

export type { TechniqueDescriptor };
