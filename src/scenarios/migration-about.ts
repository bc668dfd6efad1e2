/** Scenario `migration`'s "About the model": its sources and simplifications (loaded on demand). */
import { BASE_SIMPLIFICATIONS, BASE_SOURCES } from './common-about';
import type { ScenarioAbout } from './scenario';

export const about: ScenarioAbout = {
  summary:
    'The VM moves from host A to host B while it runs: round 1 copies every page, each later round the pages dirtied meanwhile, until a stop rule suspends the VM for a short stop-and-copy. Until host A commits, A stays primary: a failure aborts the move and the VM runs on.',
  sources: [
    {
      tag: 'CLARK',
      cite: 'C. Clark et al., "Live Migration of Virtual Machines", NSDI 2005, §3–6',
      used: 'The six stages (reservation, iterative pre-copy, stop-and-copy, commitment, activation), rounds of dirty pages, the adaptive rate limit (start 100, +50 over the dirty rate, cap 500 Mbit/s), the skip of re-dirtied pages, and the measured SPECweb, Quake and MMuncher migrations.',
    },
    {
      tag: 'XEN3',
      cite: 'Xen tools/libxc/xc_domain_save.c (Xen 3.x–4.5)',
      used: 'Stop rules: a live round that sent fewer than 50 pages, 29 live rounds, or more than 3N pages sent; batches of 1024 pages.',
    },
    { tag: 'REMUS', cite: 'B. Cully et al., "Remus", NSDI 2008, §2.3', used: 'The suspend handshake of the Xen 3.x xend path: 30–40 ms (migrationSuspendMs, 30 by default).' },
    { tag: 'XENV2', cite: 'Xen migration v2, tools/libs/guest/xg_sr_save.c', used: 'The v2 policy: fewer than 50 dirty pages or 5 rounds.' },
    { tag: 'QEMU', cite: 'QEMU migration/migration.c', used: 'The QEMU policy: complete when the remaining bytes fit in bandwidth × downtime limit (300 ms).' },
    ...BASE_SOURCES,
  ],
  simplifications: [
    ...BASE_SIMPLIFICATIONS,
    'Rounds end when their last batch has left host A; a round\'s dirty pages are those logged between its CLEAN and the next (pages dirtied = distinct pages written meanwhile).',
    'Each batch of up to 1024 pages is one transfer; its time is rounded up to a whole microsecond. The vCPU state travels as one more page in the last batch.',
    'The stop rules are checked at round ends only (QEMU checks continuously). Under the adaptive rate the limit is raised to the dirty rate + 50 Mbit/s when that is higher, as the issue and Clark\'s text say (the 2005 code raised it only when the dirty rate itself was higher); the stop-and-copy round goes at the link\'s full speed, as Clark\'s text and his SPECweb final round (724 Mbit/s) say.',
    'The suspend handshake on A (migrationSuspendMs, 30 ms by default after Remus §2.3) is a fixed time with the VM already down; the guest writes nothing during it.',
    'The writable working set is up to three tiers (hot, warm, cool) at the start of memory, each written at one steady rate; with skipRedirtied, round 1 scans in Xen 2005\'s pseudo-random order (permute), later rounds in the order pages were dirtied.',
    'Commitment is one acknowledgement from A; if the link is cut in the microseconds between A\'s commit and its arrival at B, the VM is stranded (the real protocol would need another round trip).',
    'Storage is shared (NAS), as in Clark\'s experiments: disks are not migrated.',
  ],
};
