/**
 * Scenario `remus`: Remus checkpointing with output buffering (Cully et al., NSDI 2008). Its phases and
 * parameters are also those of `naive` (./naive.ts), the same protocol without buffering.
 */
import { WORLD_PARAMS } from './common';
import type { PhaseDef, ScenarioDef } from './scenario';

/** Where a fault can be scheduled in a checkpointing run (Remus and naive snapshots alike). */
export const PHASES: readonly PhaseDef[] = [
  { name: 'epoch', numbered: 'checkpoint', title: 'as epoch N ends (the guest pauses for checkpoint N)', actor: 'hostA.remus', type: 'checkpoint.pause' },
  { name: 'checkpoint', numbered: 'checkpoint', title: 'while checkpoint N is in flight (sent, not yet acknowledged)', actor: 'hostA.remus', type: 'checkpoint.resume' },
  { name: 'acked', numbered: 'sync', title: 'after B acknowledges checkpoint N, before A hears it', actor: 'hostB.remus', type: 'state.ack' },
];

export const REMUS_PARAMS = [...WORLD_PARAMS, 'epochMs', 'suspendUs', 'bufferOutput', 'fencing', 'fenceMs', 'bootMs'];

export const remus: ScenarioDef = {
  id: 'remus',
  title: 'Remus checkpointing',
  params: REMUS_PARAMS,
  defaults: { bufferOutput: true },
  defaultPreset: 'default',
  protocol: 'remus',
  phases: PHASES,
  presets: {
    default: { title: 'Paper (25 ms epochs)', values: {} },
    'as-shipped': { title: 'As shipped (200 ms epochs, 1 s timeout)', values: { epochMs: 200, failureTimeoutMs: 1000 } },
    busy: { title: 'Busy guest (more dirty pages per epoch)', values: { dirtyPagesPerSec: 40_000, hotSetPages: 8192, packetsPerSec: 40 } },
    fenced: { title: 'With fencing (an extension of this lab: Remus itself has none)', values: { fencing: true } },
  },
  defaultUntilUs: 20_000_000,
  about: () => import('./remus-about').then((m) => m.remusAbout),
};
