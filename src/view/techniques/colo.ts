/** COLO: coarse-grained lock-stepping, output comparison with checkpoints on difference (Dong et al. 2013). */
import type { TechniqueDescriptor } from '../technique';
import { NO_ROLLBACK, NO_SPLIT_BRAIN } from './rules';

export const colo: TechniqueDescriptor = {
  id: 'colo',
  name: 'COLO',
  heading: 'COLO · compare outputs, checkpoint on difference',
  noun: { one: 'checkpoint', many: 'checkpoints' },
  holdsLabel: (n) => `checkpoint ${n}`,
  rules: [
    { name: 'compare-before-release', meaning: "every output leaves host A only after the secondary's matched it, or after a checkpoint made the two VMs equal" },
    NO_SPLIT_BRAIN,
    NO_ROLLBACK,
  ],
  crashALabel: 'Crash host A',
  glyph: { shape: 'star', colour: 'var(--packet)' },
  panels: ['rules', 'latency'],
  compareLine: (p) =>
    `compares outputs, checkpoints on a difference (${p.divergencePerSec}/s) or every ${Number(p.checkpointIntervalMs) / 1000} s`,
  glossary: ['colo-proxy', 'divergence', 'checkpoint', 'output-commit', 'failover', 'split-brain'],
};
