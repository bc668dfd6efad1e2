/**
 * Scenario `migration`: pre-copy live migration of the VM from host A to host B while its xclock
 * keeps ticking, after Clark et al. (NSDI 2005) and Xen's save loop. Presets stand for the paper's
 * workloads; the fidelity report (docs/fidelity.md) sets their figures beside the published ones.
 */
import { WORLD_PARAMS } from './common';
import type { PhaseDef, ScenarioDef } from './scenario';

/** Where a fault can be scheduled in a migration. */
const PHASES: readonly PhaseDef[] = [
  { name: 'round', numbered: 'round', title: 'as pre-copy round N starts', actor: 'hostA.precopy', type: 'round.start' },
  { name: 'stop-and-copy', numbered: null, title: 'during stop-and-copy (the guest just suspended)', actor: 'hostA.precopy', type: 'guest.suspend' },
  { name: 'commit', numbered: null, title: 'after A commits, before B activates', actor: 'hostA.precopy', type: 'migration.commit' },
];

export const migration: ScenarioDef = {
  id: 'migration',
  title: 'Pre-copy live migration',
  params: [...WORLD_PARAMS, 'warmSetPages', 'warmDirtyPagesPerSec', 'coolSetPages', 'coolDirtyPagesPerSec', 'migrateAtMs', 'stopPolicy', 'rateLimit', 'skipRedirtied', 'downtimeLimitMs', 'migrationSuspendMs', 'resumeMs', 'bootMs'],
  defaults: { memoryMiB: 512, dirtyPagesPerSec: 2000, hotSetPages: 2048 },
  defaultPreset: 'idle',
  protocol: 'precopy',
  phases: PHASES,
  presets: {
    idle: { title: 'Idle VM (512 MiB)', values: { memoryMiB: 512, dirtyPagesPerSec: 200, hotSetPages: 512 }, untilUs: 12_000_000 },
    // The three stand-ins for Clark's measured runs (§6) use his Xen's save loop: the adaptive rate and the
    // skip of re-dirtied pages (to_skip, which Xen 2.0 to 4.5 always applied). Their writable working set
    // is three tiers read off his round series, each a size and the time it takes to be rewritten
    // (docs/fidelity.md says how): a hot tier no live round can outrun, a warm one and a cool one.
    'web-server': {
      title: 'Web server (SPECweb-like, 800 MiB, adaptive rate)',
      values: {
        memoryMiB: 800,
        writer: 'random',
        hotSetPages: 4096, // 16 MiB rewritten every 0.1 s
        dirtyPagesPerSec: 40_960,
        warmSetPages: 6144, // 24 MiB, every 2 s
        warmDirtyPagesPerSec: 3072,
        coolSetPages: 24_576, // 96 MiB, every 30 s
        coolDirtyPagesPerSec: 819,
        rateLimit: 'adaptive',
        skipRedirtied: true,
        packetsPerSec: 10,
      },
      untilUs: 120_000_000,
    },
    'game-server': {
      title: 'Game server (Quake-like, 64 MiB, adaptive rate)',
      values: {
        memoryMiB: 64,
        writer: 'random',
        hotSetPages: 36, // 144 KiB (Clark's 148 KB final round), every 10 ms
        dirtyPagesPerSec: 3600,
        warmSetPages: 256, // 1 MiB, every 0.1 s
        warmDirtyPagesPerSec: 2560,
        coolSetPages: 5120, // 20 MiB, every 5 s
        coolDirtyPagesPerSec: 1024,
        rateLimit: 'adaptive',
        skipRedirtied: true,
        packetsPerSec: 30,
        // Clark's Quake downtime: 148 KB in 20 ms (the suspend included) + 40 ms start-up.
        migrationSuspendMs: 20,
        resumeMs: 40,
      },
      untilUs: 20_000_000,
    },
    diabolical: {
      title: 'Diabolical (MMuncher-like: 256 MiB rewritten faster than the link)',
      values: { memoryMiB: 512, dirtyPagesPerSec: 500_000, hotSetPages: 65_536, rateLimit: 'adaptive', skipRedirtied: true },
      untilUs: 240_000_000,
    },
    'stop-and-copy': { title: 'Stop-and-copy baseline (512 MiB)', values: { memoryMiB: 512, dirtyPagesPerSec: 200, hotSetPages: 512, stopPolicy: 'stop-and-copy' }, untilUs: 12_000_000 },
  },
  defaultUntilUs: 20_000_000,
  about: () => import('./migration-about').then((m) => m.about),
};
