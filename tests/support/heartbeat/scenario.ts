/** The heartbeat-only technique's scenario (tests only): data, as every scenario is. */
import { WORLD_PARAMS } from '../../../src/scenarios/common';
import { BASE_SIMPLIFICATIONS, BASE_SOURCES } from '../../../src/scenarios/common-about';
import type { ScenarioDef } from '../../../src/scenarios/scenario';

export const heartbeatScenario: ScenarioDef<'heartbeat'> = {
  id: 'heartbeat',
  title: 'Heartbeats only (a test technique)',
  params: WORLD_PARAMS,
  defaults: {},
  presets: { default: { title: 'Default', values: {} } },
  defaultPreset: 'default',
  protocol: 'heartbeat',
  phases: [{ name: 'alarm', numbered: 'alarm', title: 'as host B raises alarm N', actor: 'hostB.watcher', type: 'watch.alarm' }],
  defaultUntilUs: 6_000_000,
  about: async () => ({
    summary: 'Host B listens to host A\'s heartbeats and raises an alarm when they stop; it holds no copy of the VM.',
    sources: BASE_SOURCES,
    simplifications: BASE_SIMPLIFICATIONS,
  }),
};
