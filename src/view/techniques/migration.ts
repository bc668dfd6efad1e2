/** Pre-copy live migration (Clark et al. 2005). */
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
  family: { backupHolds: 'a copy that grows round by round; A stays primary until it commits', outputLeaves: 'at once (from A, then from B)', primaryCrash: 'the VM is lost: migration is not high availability', backupCrash: 'the migration aborts; the VM runs on at A', traffic: 'every page, then the pages dirtied meanwhile, round after round (up to about 3 × memory)' },
};
