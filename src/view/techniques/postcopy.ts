/** Post-copy live migration (Hines, Deshpande and Gopalan 2009). */
import { incomingCopy, postcopySource } from '../migration-copy-words';
import type { TechniqueDescriptor } from '../technique';

export const postcopy: TechniqueDescriptor = {
  id: 'postcopy',
  name: 'Post-copy migration',
  heading: 'Post-copy live migration',
  noun: null,
  holdsLabel: (n) => `${n} pages`,
  rules: [
    { name: 'no-page-twice', meaning: 'every page crosses the link at most once, pushed or pulled after a network fault' },
    { name: 'every-page-on-b', meaning: 'when the migration completes, host B holds every page' },
    { name: 'resume-only-before-handover', meaning: 'host A resumes its copy only if the vCPU state never left it' },
  ],
  crashALabel: 'Crash host A',
  glyph: { shape: 'wye', colour: 'var(--dirty)' },
  panels: ['memory'],
  compareLine: (p) => `hands the VM to host B at ${Number(p.migrateAtMs) / 1000} s, then its pages (${p.prepaging === 'bubbling' ? 'pre-paging by bubbling' : 'push only'})`,
  glossary: ['live-migration', 'post-copy', 'network-fault', 'active-push', 'bubbling', 'downtime', 'pre-copy'],
  // Host B receives the vCPU state first; host A then serves the pages B lacks.
  stageWords: { copyLines: (m, host) => (host === 'B' ? incomingCopy(m) : postcopySource(m)) },
};
