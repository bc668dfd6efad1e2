/** Remus checkpointing with output buffering (Cully et al. 2008). */
import type { TechniqueDescriptor } from '../technique';
import { CHECKPOINT_RULES, checkpointLine } from './rules';

export const remus: TechniqueDescriptor = {
  id: 'remus',
  name: 'Remus',
  heading: 'Remus · checkpoints with output buffering',
  noun: { one: 'checkpoint', many: 'checkpoints' },
  holdsLabel: (n) => `checkpoint ${n}`,
  rules: CHECKPOINT_RULES,
  crashALabel: 'Crash host A',
  glyph: { shape: 'square', colour: 'var(--accent)' },
  panels: ['rules', 'lanes', 'buffer', 'latency'],
  compareLine: checkpointLine,
  glossary: ['checkpoint', 'epoch', 'speculative-execution', 'output-buffer', 'output-commit', 'failover'],
};
