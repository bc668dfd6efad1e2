/** Naive snapshots: Remus without output buffering, the broken contrast. */
import type { TechniqueDescriptor } from '../technique';
import { CHECKPOINT_RULES, checkpointLine } from './rules';

export const naive: TechniqueDescriptor = {
  id: 'naive',
  name: 'Naive snapshots',
  heading: 'Naive snapshots · checkpoints, no output buffering',
  noun: { one: 'checkpoint', many: 'checkpoints' },
  holdsLabel: (n) => `checkpoint ${n}`,
  rules: CHECKPOINT_RULES,
  crashALabel: 'Crash host A',
  glyph: { shape: 'triangle', colour: 'var(--dirty)' },
  panels: ['rules', 'lanes', 'buffer'],
  compareLine: checkpointLine,
  glossary: ['checkpoint', 'epoch', 'output-commit', 'rollback'],
};
