/** The unprotected VM: host B holds no copy. */
import type { TechniqueDescriptor } from '../technique';
import { NO_ROLLBACK } from './rules';

export const unprotected: TechniqueDescriptor = {
  id: 'unprotected',
  name: 'Unprotected',
  heading: 'Unprotected · host B holds no copy',
  noun: null,
  holdsLabel: () => 'nothing',
  rules: [NO_ROLLBACK],
  crashALabel: 'Crash host A',
  glyph: { shape: 'diamond', colour: 'var(--held)' },
  panels: [],
  compareLine: () => 'host B holds no copy',
  glossary: ['fail-stop', 'heartbeat'],
};
