/**
 * Loads every protocol at once (a static import of each), the repair cycle and every scenario's definition, and makes
 * worlds record their transitions (./edge-recorder.ts): for the runner, scripts, benches, tests and the lab, which
 * switches techniques. A page that shows one technique loads only its own with
 * `loadProtocol` instead (./registry.ts).
 */
// Every scenario's definition too: the entry points that run any protocol read any scenario.
import '../scenarios/all';
import type { ProtocolId } from '../scenarios/scenario';
import { installColo } from './colo-protocol';
import { recordEdges } from './edge-log';
import { installKemari } from './kemari-protocol';
import { installLockstep } from './lockstep-protocol';
import { installNone } from './none-protocol';
import type { Installer } from './port';
import { installPostcopy } from './postcopy-protocol';
import { installPrecopy } from './precopy-protocol';
import { registerProtocol, registerRepair } from './registry';
import { installWithRepair } from './repair';
import { installRemus } from './remus-protocol';

export const PROTOCOLS = {
  none: installNone,
  precopy: installPrecopy,
  postcopy: installPostcopy,
  remus: installRemus,
  kemari: installKemari,
  colo: installColo,
  lockstep: installLockstep,
} as const satisfies Record<ProtocolId, Installer>;

for (const [id, installer] of Object.entries(PROTOCOLS)) registerProtocol(id as ProtocolId, installer);
registerRepair(installWithRepair);
recordEdges();
