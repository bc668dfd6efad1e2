/**
 * Scenario `unprotected`: the VM runs on host A, host B stands idle with no copy of it, and the
 * client watches the xclock. Kill host A and the clock stops for good: nothing protects the VM yet.
 */
import type { ScenarioDef } from './scenario';
import { WORLD_PARAMS } from './common';

export const unprotected: ScenarioDef = {
  id: 'unprotected',
  title: 'Unprotected VM',
  params: WORLD_PARAMS,
  defaults: {},
  presets: {
    default: { title: 'Default', values: {} },
    busy: { title: 'Busy guest', values: { packetsPerSec: 40, diskWritesPerSec: 20, dirtyPagesPerSec: 20_000, hotSetPages: 4096 } },
    'fast-clock': { title: 'Clock with seconds hand at 4 Hz', values: { clockHz: 4 } },
    quiet: { title: 'Quiet guest (clock only)', values: { packetsPerSec: 0, diskWritesPerSec: 0, dirtyPagesPerSec: 0 } },
  },
  defaultPreset: 'default',
  protocol: 'none',
  phases: [],
  defaultUntilUs: 20_000_000,
  about: () => import('./unprotected-about').then((m) => m.about),
};
