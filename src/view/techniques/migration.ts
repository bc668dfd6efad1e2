/** Pre-copy live migration (Clark et al. 2005). */
import { incomingCopy } from '../migration-copy-words';
import type { TechniqueDescriptor } from '../technique';

export const migration: TechniqueDescriptor = {
  id: 'migration',
  name: 'Pre-copy migration',
  heading: 'Pre-copy live migration',
  noun: { one: 'round', many: 'rounds' },
  holdsLabel: (n) => `the pages of round ${n}`,
  rules: [],
  crashALabel: 'Crash host A',
  glyph: { shape: 'cross', colour: 'var(--heartbeat)' },
  panels: ['rounds', 'memory'],
  compareLine: (p) => `moves the VM to host B at ${Number(p.migrateAtMs) / 1000} s (${p.stopPolicy} stop rule)`,
  glossary: ['live-migration', 'pre-copy', 'log-dirty', 'hot-set', 'stop-and-copy', 'downtime', 'commitment'],
  stageWords: { copyLines: (m, host) => (host === 'B' ? incomingCopy(m) : null) },
};
