/** Kemari: a synchronization per trapped event-channel notify (Tamura et al. 2008). */
import type { TechniqueDescriptor } from '../technique';
import { NO_ROLLBACK, NO_SPLIT_BRAIN } from './rules';

export const kemari: TechniqueDescriptor = {
  id: 'kemari',
  name: 'Kemari',
  heading: 'Kemari · event-driven synchronization',
  noun: { one: 'synchronization', many: 'synchronizations' },
  holdsLabel: (n) => `synchronization #${n}`,
  rules: [{ name: 'sync-before-output', meaning: 'every output reaches dom0 only after B acknowledged the state that issued it' }, NO_SPLIT_BRAIN, NO_ROLLBACK],
  crashALabel: 'Power off host A',
  glyph: { shape: 'circle', colour: 'var(--ok)' },
  panels: ['rules'],
  compareLine: (p) => (p.trapEvents ? 'syncs to host B before every output' : 'synchronized after the output left (trap off)'),
  glossary: ['event-channel', 'frontend-backend', 'sync', 'failover', 'fencing', 'split-brain'],
};
