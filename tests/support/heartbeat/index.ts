/**
 * A technique that lives only in the tests, to prove the house takes a new protocol through the same
 * doors as the built-in ones: a machine (watcher.machine.ts), a protocol (protocol.ts), a scenario
 * (scenario.ts) and a descriptor (descriptor.ts). The built-in registries stay exhaustive; a test
 * hands this technique to createWorld, the sweep's runner and the view's components itself.
 */
import type { Technique } from '../../../src/world/world';
import { installHeartbeat } from './protocol';
import { heartbeatScenario } from './scenario';

export { heartbeatDescriptor } from './descriptor';
export { heartbeatScenario } from './scenario';

export const heartbeatTechnique: Technique = { scenario: heartbeatScenario, install: installHeartbeat };
