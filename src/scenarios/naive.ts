/**
 * Scenario `naive`: Remus's checkpoints without output buffering, the broken contrast (output leaves
 * before the checkpoint that produced it is safe on the backup). The same protocol, phases and
 * parameters as `remus` (./remus.ts); it only sets bufferOutput=false.
 */
import { PHASES, REMUS_PARAMS } from './remus';
import type { ScenarioDef } from './scenario';

export const naive: ScenarioDef = {
  id: 'naive',
  title: 'Naive snapshots (broken)',
  params: REMUS_PARAMS,
  defaults: { bufferOutput: false },
  defaultPreset: 'default',
  protocol: 'remus',
  phases: PHASES,
  presets: {
    default: { title: 'Frequent frames, long epochs (easy to break)', values: { clockHz: 4, epochMs: 500 } },
    paper: { title: 'Paper epochs (25 ms)', values: {} },
    'as-shipped': { title: 'As shipped (200 ms epochs, 1 s timeout)', values: { epochMs: 200, failureTimeoutMs: 1000 } },
  },
  defaultUntilUs: 20_000_000,
  about: () => import('./remus-about').then((m) => m.naiveAbout),
};
