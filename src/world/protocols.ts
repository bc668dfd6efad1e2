/** Which protocol a scenario runs in the world (none for `unprotected`). */
import { getScenario } from '../scenarios/index';
import type { RunSpec } from '../scenarios/run-spec';
import type { Protocol, WorldKernel } from './kernel';
import { installPrecopy } from './precopy-protocol';

export function installProtocol(spec: RunSpec, kernel: WorldKernel): Protocol | null {
  const scenario = getScenario(spec.scenario);
  switch (scenario?.protocol) {
    case 'precopy':
      return installPrecopy(kernel);
    default:
      return null;
  }
}
