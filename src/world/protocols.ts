/** Which protocol a scenario runs in the world (none for `unprotected`). */
import { getScenario } from '../scenarios/index';
import type { RunSpec } from '../scenarios/run-spec';
import type { Protocol, WorldKernel } from './kernel';
import { installKemari } from './kemari-protocol';
import { installPrecopy } from './precopy-protocol';
import { installRemus } from './remus-protocol';

export function installProtocol(spec: RunSpec, kernel: WorldKernel): Protocol | null {
  const scenario = getScenario(spec.scenario);
  switch (scenario?.protocol) {
    case 'precopy':
      return installPrecopy(kernel);
    case 'kemari':
      return installKemari(kernel);
    case 'remus':
      return installRemus(kernel);
    default:
      return null;
  }
}
