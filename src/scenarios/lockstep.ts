/**
 * Scenario `lockstep`: lock-stepping by deterministic replay (Scales, Nelson and Venkitachalam, VMware FT,
 * SIGOPS OSR 2010; Bressoud and Schneider, SOSP 1995): host A logs every non-deterministic input its guest
 * takes and sends it to host B, which replays the same execution behind; an output leaves only once B
 * acknowledged the entries before it (the output rule). Nothing of memory crosses the link.
 */
import { WORLD_PARAMS } from './common';
import type { PhaseDef, ScenarioDef } from './scenario';

/** Where a fault can be scheduled in a lock-stepped run. */
const PHASES: readonly PhaseDef[] = [
  { name: 'entry', numbered: 'seq', title: 'as host A logs input N (before B has it)', actor: 'hostA.lockstep', type: 'log.entry' },
  { name: 'acked', numbered: 'seq', title: "as B's acknowledgement of entry N reaches host A (the outputs before it leave)", actor: 'hostA.lockstep', type: 'log.acked' },
];

export const lockstep: ScenarioDef = {
  id: 'lockstep',
  title: 'Lock-stepping: deterministic replay',
  params: [...WORLD_PARAMS, 'fencing', 'fenceMs', 'bootMs'],
  defaults: {},
  defaultPreset: 'default',
  protocol: 'lockstep',
  phases: PHASES,
  presets: {
    default: { title: "The lab's guest (a clock, a few packets and disk writes)", values: {} },
    requests: { title: 'A client that sends 20 requests/s', values: { requestsPerSec: 20 } },
    // Many inputs: the logging channel's bandwidth grows with them, not with memory writes.
    busy: { title: 'Busy I/O (100 requests/s, 40 packets/s, 20 disk writes/s)', values: { requestsPerSec: 100, packetsPerSec: 40, diskWritesPerSec: 20 } },
  },
  defaultUntilUs: 20_000_000,
  about: () => import('./lockstep-about').then((m) => m.about),
};
