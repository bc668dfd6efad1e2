/**
 * Scenario `postcopy`: post-copy live migration of the VM from host A to host B (Hines, Deshpande
 * and Gopalan, SIGOPS OSR 2009 and VEE 2009): the vCPU state first, the pages after, pushed in the
 * background and pulled on network faults. Presets show its win (a write-heavy guest pre-copy cannot
 * converge on) and its cost (a guest that touches most of its memory right after it resumes).
 */
import { WORLD_PARAMS } from './common';
import type { PhaseDef, ScenarioDef } from './scenario';

/** Where a fault can be scheduled in a post-copy migration. */
const PHASES: readonly PhaseDef[] = [
  { name: 'suspend', numbered: null, title: 'as host A suspends the VM (before its vCPU state leaves)', actor: 'hostA.postcopy', type: 'guest.suspend' },
  { name: 'handover', numbered: null, title: 'as the vCPU state leaves host A (A never runs the VM again)', actor: 'hostA.postcopy', type: 'state.send' },
  { name: 'resume', numbered: null, title: 'as the VM resumes on host B with none of its pages', actor: 'hostB.postcopy', type: 'vm.resumed' },
  { name: 'fault', numbered: 'n', title: 'at network fault N on host B', actor: 'hostB.postcopy', type: 'network.fault' },
  { name: 'complete', numbered: null, title: 'as the last page reaches host B', actor: 'hostB.postcopy', type: 'migration.complete' },
];

export const postcopy: ScenarioDef = {
  id: 'postcopy',
  title: 'Post-copy live migration',
  params: [...WORLD_PARAMS, 'migrateAtMs', 'prepaging', 'migrationSuspendMs', 'resumeMs'],
  defaults: { memoryMiB: 512, dirtyPagesPerSec: 200, hotSetPages: 512 },
  defaultPreset: 'idle',
  protocol: 'postcopy',
  phases: PHASES,
  presets: {
    idle: { title: 'Idle VM (512 MiB)', values: { memoryMiB: 512, dirtyPagesPerSec: 200, hotSetPages: 512 }, untilUs: 12_000_000 },
    // The win: pre-copy's rounds cannot outrun 40,960 writes/s into 128 MiB (more than the link's ~30,500
    // pages/s), so it ends on its 3N rule with a long stop-and-copy; post-copy sends every page once.
    'write-heavy': {
      title: 'Write-heavy guest (1 GiB, 128 MiB rewritten faster than the link)',
      values: { memoryMiB: 1024, writer: 'random', dirtyPagesPerSec: 40_960, hotSetPages: 32_768 },
      untilUs: 20_000_000,
    },
    // The cost: right after resuming, the guest sweeps through most of its memory; nearly every touch
    // is a network fault until the push catches up.
    'touch-all': {
      title: 'Guest that touches most of its memory after resuming (512 MiB)',
      values: { memoryMiB: 512, writer: 'round-robin', dirtyPagesPerSec: 100_000, hotSetPages: 120_000 },
      untilUs: 20_000_000,
    },
    // The same sweep without pre-paging: the push walks memory in order, away from where the guest works.
    'push-only': {
      title: 'Touches most of its memory, push only (no pre-paging)',
      values: { memoryMiB: 512, writer: 'round-robin', dirtyPagesPerSec: 100_000, hotSetPages: 120_000, prepaging: 'none' },
      untilUs: 20_000_000,
    },
  },
  defaultUntilUs: 12_000_000,
  about: () => import('./postcopy-about').then((m) => m.about),
};
