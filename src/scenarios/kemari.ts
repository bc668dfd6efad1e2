/**
 * Scenario `kemari`: the Kemari takeover (Tamura et al., NTT, 2008). Every I/O the guest is about to
 * send is trapped in the event channel and the VM is synchronized to host B first; power host A off
 * and the xclock keeps ticking on B after a pause under a second.
 */
import { WORLD_PARAMS } from './common';
import type { PhaseDef, ScenarioDef } from './scenario';

/** Where a fault can be scheduled in a Kemari run. */
const PHASES: readonly PhaseDef[] = [
  { name: 'sync', numbered: 'sync', title: 'while sync N is in flight (event trapped, state sent)', actor: 'hostA.kemari', type: 'sync.start' },
  { name: 'synced', numbered: 'sync', title: 'after sync N, before its event is delivered', actor: 'hostB.kemari', type: 'state.ack' },
];

export const kemari: ScenarioDef = {
  id: 'kemari',
  title: 'Kemari takeover',
  params: [...WORLD_PARAMS, 'trapEvents', 'fencing', 'fenceMs', 'bootMs'],
  defaults: {},
  defaultPreset: 'default',
  protocol: 'kemari',
  phases: PHASES,
  presets: {
    default: { title: 'Default (xclock, a few packets and disk writes)', values: {} },
    'clock-only': { title: 'Clock only (one sync per second)', values: { packetsPerSec: 0, diskWritesPerSec: 0 } },
    busy: { title: 'Busy guest (many syncs)', values: { packetsPerSec: 40, diskWritesPerSec: 20, dirtyPagesPerSec: 20_000, hotSetPages: 4096 } },
    fenced: { title: 'With fencing (safe against a cut link)', values: { fencing: true } },
    'no-trap': { title: 'Break it: event-channel trap off', values: { trapEvents: false } },
    stage: { title: 'On stage (the clock redraws four times a second)', values: { clockHz: 4 } },
  },
  defaultUntilUs: 20_000_000,
  about: () => import('./kemari-about').then((m) => m.about),
};
