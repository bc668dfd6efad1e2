/** Scenario `kemari`'s "About the model": its sources and simplifications (loaded on demand). */
import { BASE_SIMPLIFICATIONS, BASE_SOURCES } from './common-about';
import type { ScenarioAbout } from './scenario';

export const about: ScenarioAbout = {
  summary:
    'Host A traps each notify from the guest\'s frontends to dom0\'s backends, pauses the guest, sends the dirty pages and vCPU state to host B, and lets the I/O out only after B acknowledges. When A dies, B resumes from the last synchronization and re-issues the pending event: the client may see a frame twice, never a lost or rolled-back one.',
  sources: [
    {
      tag: 'KEMARI-ANN',
      cite: 'Y. Tamura, "[RFC][PATCH] Kemari v1.0 released", xen-devel, 25 Nov 2008',
      used: '"Kemari in VMM taps event channel, pauses the guest (not suspend) … and transfers the guest"; on failover the backends rebuild their rings from the guest\'s shared rings.',
    },
    {
      tag: 'KEMARI-KVM',
      cite: 'Kemari for KVM, event-tap.c and ft_trans_file.c (NTT, 2010–2011); QEMU wiki Features/FaultTolerance',
      used: 'One queued event released per transaction; the last event is replayed on the secondary at failover (outputs at least once, assumed idempotent).',
    },
    {
      tag: 'KEMARI-BLOG',
      cite: 'Xen Summit Boston 2008 talk and xenproject.org blog posts (July and December 2008)',
      used: 'The demo: the primary powered off, the VM kept running on the secondary. The xclock, the management-board power-off and the "pause under a second" come from the project brief and are unverified.',
    },
    ...BASE_SOURCES,
  ],
  simplifications: [
    ...BASE_SIMPLIFICATIONS,
    'Kemari v1.0 had no failure detector (failover was manual); here B declares A dead after failureTimeoutMs without heartbeats, the same detector every technique gets.',
    'A synchronization sends the pages dirtied since the last one plus one page for the vCPU state, as one transfer; no compression.',
    'The initial full copy to B is taken as done before t = 0.',
    'With fencing on, a primary that stops hearing its backup waits twice fenceMs more before it releases held output and runs unprotected, so a backup that believes it dead powers it off first.',
    'Split brain (a cut link without fencing): the old primary\'s copy runs on unprotected beside B\'s; both send to the client, which sees two diverging streams. The background writer keeps writing only the old primary\'s memory.',
    'Kemari\'s performance was never published in readable sources: every timing here is illustrative.',
    'A restarted host (restart:A@… or the Restart host button) boots in bootMs (illustrative: 3 s here, minutes on a real server), rejoins empty and is resynchronized by Xen\'s live-migration save loop, the same rounds as pre-copy, while the VM runs on unprotected: the window of vulnerability, which the timeline shades. When the copy is complete the technique protects the VM again with the roles swapped (the survivor as primary). Kemari itself started protection with the migration command (xm migrate --kemari): it runs the save loop to the backup and, instead of activating the copy there, keeps synchronizing; re-protecting means running it again toward the repaired host, which an operator did by hand. The lab starts it as soon as the host is up, and does not fail back.',
  ],
};
