/** Lock-stepping by deterministic replay (VMware FT, Scales et al. 2010; Bressoud and Schneider 1995). */
import type { TechniqueDescriptor } from '../technique';
import { NO_ROLLBACK, NO_SPLIT_BRAIN } from './rules';

export const lockstep: TechniqueDescriptor = {
  id: 'lockstep',
  name: 'Lock-stepping',
  heading: 'Lock-stepping · deterministic replay',
  noun: { one: 'log entry', many: 'log entries' },
  holdsLabel: (n) => `log entry ${n}`,
  rules: [
    { name: 'output-rule', meaning: 'an output leaves host A only after B acknowledged every log entry before it' },
    NO_SPLIT_BRAIN,
    NO_ROLLBACK,
  ],
  crashALabel: 'Crash host A',
  glyph: { shape: 'times', colour: 'var(--ok)' },
  panels: ['rules'],
  compareLine: () => 'logs every input to host B, which replays it; outputs wait for its acknowledgement',
  glossary: ['deterministic-replay', 'logging-channel', 'output-rule', 'test-and-set', 'failover', 'split-brain'],
};
