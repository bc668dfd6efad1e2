/** Scenario `postcopy`'s "About the model": its sources and simplifications (loaded on demand). */
import { BASE_SIMPLIFICATIONS, BASE_SOURCES } from './common-about';
import type { ScenarioAbout } from './scenario';

export const about: ScenarioAbout = {
  summary:
    "The VM moves the other way round: host A suspends it and sends its vCPU state, host B runs it at once, and its pages follow, pushed in the background or fetched when the guest touches one B lacks (a network fault). Every page crosses once and the downtime is short, but until the last page arrives neither host holds the whole VM: a crash of either loses it.",
  sources: [
    {
      tag: 'HINES',
      cite: 'M. R. Hines, U. Deshpande and K. Gopalan, "Post-Copy Live Migration of Virtual Machines", ACM SIGOPS OSR 43(3), 2009, §1–5; Hines and Gopalan, VEE 2009',
      used: 'The vCPU state first and the VM resumed on the target; demand paging on network faults; active push, each page sent once; pre-paging by bubbling around the faulted page (Fig. 2, both directions); §3.4: a failure of the source loses the VM in both schemes, of the destination only in post-copy; the published downtimes, page counts and fault shares (docs/fidelity.md).',
    },
    {
      tag: 'QEMUPC',
      cite: 'QEMU docs/devel/migration/postcopy.rst',
      used: '"during the postcopy phase, a failure of either side causes the guest to be lost"; a fault request makes the source send the requested page and go on from there.',
    },
    ...BASE_SOURCES,
  ],
  simplifications: [
    ...BASE_SIMPLIFICATIONS,
    'Pure post-copy, as Hines evaluated it: no pre-copy round first (QEMU usually runs some before migrate-start-postcopy), no dynamic self-ballooning (free pages are sent like the others).',
    "The downtime is the suspend handshake, the vCPU state (one page on the link) and resumeMs: the ideal of Hines's Table 1. His prototype also moved non-pageable memory during the downtime (0.6-1.8 s measured); QEMU's is like the lab's.",
    'B looks for network faults once per millisecond of the guest\'s run time: the pages written meanwhile that B lacks are requested together, and the vCPU stalls for a round trip (2 × latency + one page on the wire) per page, as a single vCPU faulting on each in turn would.',
    'A faulted page goes ahead of the push (as control traffic that pays its transmission time); the push sends batches of 256 pages (1 MiB) back to back, so a fault waits behind none of them. Reads are not modelled: only the pages the guest writes (its writer, its framebuffer) fault.',
    'Past the handover (the vCPU state has left A) neither host can run the VM alone until the last page is on B: a crash of A or B, or a cut of the link that breaks the stream, loses it. A, which cannot tell whether B already runs the VM, never resumes its copy (QEMU\'s postcopy recovery after a network failure is not modelled).',
    'Storage is shared, as in Hines\'s and Clark\'s experiments: disks are not migrated.',
  ],
};
