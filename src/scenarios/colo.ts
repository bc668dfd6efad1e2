/**
 * Scenario `colo`: COLO, coarse-grained lock-stepping (Dong et al., SoCC 2013; QEMU's and Xen's COLO):
 * both VMs run on the same inputs, a proxy on host A compares their outputs and releases the primary's
 * at once while they match; an output that differs, or the periodic timer, brings a checkpoint.
 * Presets contrast a workload that rarely diverges with one that diverges all the time.
 */
import { WORLD_PARAMS } from './common';
import type { PhaseDef, ScenarioDef } from './scenario';

/** Where a fault can be scheduled in a COLO run. */
const PHASES: readonly PhaseDef[] = [
  { name: 'divergence', numbered: 'n', title: "as the proxy finds output N of the primary different from the secondary's", actor: 'hostA.colo', type: 'compare.mismatch' },
  { name: 'checkpoint', numbered: 'checkpoint', title: 'as checkpoint N begins (both VMs stop; the primary\'s dirty pages go to B)', actor: 'hostA.colo', type: 'checkpoint.pause' },
  { name: 'acked', numbered: 'sync', title: 'after B loaded checkpoint N and acknowledged it, before A hears it', actor: 'hostB.colo', type: 'state.ack' },
];

export const colo: ScenarioDef = {
  id: 'colo',
  title: 'COLO: compare outputs, checkpoint on difference',
  params: [...WORLD_PARAMS, 'divergencePerSec', 'checkpointIntervalMs', 'fencing', 'fenceMs', 'bootMs'],
  defaults: {},
  defaultPreset: 'default',
  protocol: 'colo',
  phases: PHASES,
  presets: {
    default: { title: 'Illustrative (a divergence every 4 s on average; periodic every 4 s)', values: {} },
    qemu: { title: "QEMU's periodic checkpoint (20 s)", values: { checkpointIntervalMs: 20_000 } },
    // CPU-bound work rarely diverges: only the periodic checkpoint runs, and it carries every page dirtied since the last.
    steady: { title: 'Outputs never differ (only periodic checkpoints)', values: { divergencePerSec: 0 } },
    // A very non-deterministic guest: nearly every output differs, and COLO checkpoints about as often as it outputs.
    chatty: { title: 'Outputs differ often (5 divergences/s)', values: { divergencePerSec: 5 } },
    requests: { title: 'A client that sends 20 requests/s', values: { requestsPerSec: 20 } },
  },
  defaultUntilUs: 20_000_000,
  about: () => import('./colo-about').then((m) => m.about),
};
