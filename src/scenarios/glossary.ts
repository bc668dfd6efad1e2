/**
 * The glossary: the words the tour's captions and the stage use, each defined in plain language and
 * tied to its source (research/domain-facts.md). Captions link a term by writing `[[term]]` or
 * `[[term|words shown]]`; `parseCaption` splits such text into plain runs and links (rendered as text,
 * never as HTML). Pure data and functions.
 */

export interface GlossaryEntry {
  /** Url-safe id (`event-channel`), also the anchor of the entry. */
  readonly id: string;
  /** The term as shown. */
  readonly term: string;
  readonly definition: string;
  /** Where the idea comes from, or where the model simplifies it. */
  readonly note?: string;
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  { id: 'active-push', term: 'active push', definition: 'In a post-copy migration, the source sends the VM\'s pages to the target in the background while the VM already runs there, so that fewer of them must be fetched on demand.', note: 'Hines, Deshpande and Gopalan 2009, §3.1: each page crosses once, pushed or faulted in.' },
  { id: 'bubbling', term: 'bubbling', definition: 'Post-copy\'s pre-paging: after a network fault the source pushes the pages around the faulted one first, one more page each way per step, betting that the guest will touch its neighbours next.', note: 'Hines, Deshpande and Gopalan 2009, §3.2 and Fig. 2 (single pivot, both directions).' },
  { id: 'checkpoint', term: 'checkpoint', definition: 'A copy of the VM\'s changed state (dirty memory pages, vCPU and device state) sent to the backup, so the backup can resume from that point.', note: 'Remus takes one per epoch; Kemari one per outgoing I/O event (it calls them synchronizations).' },
  { id: 'colo-proxy', term: 'COLO proxy', definition: 'In COLO, the part of host A that holds each network output of the primary VM until the secondary VM\'s answer to the same input arrives, compares them, and lets the primary\'s out at once if they match.', note: 'QEMU\'s colo-compare: TCP packets are compared by payload, per connection.' },
  { id: 'commitment', term: 'commitment', definition: 'The step of a live migration at which host B says it holds a consistent copy and host A agrees to let its copy go: from then on B is the primary.', note: 'Stage 4 of Clark et al. (2005). Before it, a failure of B or the link leaves the VM running on A.' },
  { id: 'deterministic-replay', term: 'deterministic replay', definition: 'Running a second copy of a VM through exactly the same execution by giving it the same non-deterministic inputs (interrupts, arriving packets, timer reads) at the same points: everything else a CPU does is deterministic.', note: 'VMware FT (Scales et al. 2010); Bressoud and Schneider (1995) did it with instruction-counted epochs.' },
  { id: 'dom0', term: 'dom0', definition: 'Xen\'s privileged management domain. It runs the backend drivers (netback, blkback) that do the real I/O for guests, and the migration and replication tools.' },
  { id: 'divergence', term: 'divergence', definition: 'Two copies of a VM fed the same inputs that stop producing the same outputs, because something in them is not deterministic (timers, thread scheduling, random numbers). COLO takes a checkpoint at the first output that differs.', note: 'In the model a seeded Poisson process (divergencePerSec).' },
  { id: 'domu', term: 'domU', definition: 'An unprivileged guest domain: the virtual machine being protected. Its frontend drivers ask dom0\'s backends to do I/O.' },
  { id: 'downtime', term: 'downtime', definition: 'The time during which no copy of the VM runs, so clients see the service stop.', note: 'In a pre-copy migration: from suspending the VM on A to resuming it on B.' },
  { id: 'epoch', term: 'epoch', definition: 'The fixed interval between Remus checkpoints. Outputs made during an epoch wait until that epoch\'s checkpoint is acknowledged.', note: '25 ms in the Remus paper; 200 ms in the tool Xen shipped.' },
  { id: 'event-channel', term: 'event channel', definition: 'Xen\'s notification primitive, its equivalent of an interrupt: a port with pending and mask bits. A frontend notifies its backend through one after putting a request on their shared ring.', note: 'Kemari traps this notify in the hypervisor before the backend sees it.' },
  { id: 'fail-stop', term: 'fail-stop', definition: 'A failure model in which a crashed host simply stops: it sends nothing more, and sends nothing wrong.', note: 'The model\'s crashes are fail-stop; real hardware can also fail slowly or partially.' },
  { id: 'failover', term: 'failover', definition: 'Moving service to the backup after the primary fails: detect the failure, then resume the VM from the backup\'s last consistent copy.' },
  { id: 'fencing', term: 'fencing', definition: 'Cutting the old primary off for certain (here: powering it off through its management board) before the backup takes over, so two copies never run at once.', note: 'Optional in the model (fencing=true), off by default so split brain can be shown.' },
  { id: 'frontend-backend', term: 'frontend/backend', definition: 'Xen\'s split drivers: the guest\'s frontend (netfront, blkfront) puts requests on a ring shared with dom0\'s backend (netback, blkback), which does the real I/O.' },
  { id: 'heartbeat', term: 'heartbeat', definition: 'A small message each host sends its peer at a fixed interval; silence longer than the failure timeout means the peer is declared dead.', note: 'The model\'s defaults (every 100 ms, dead after 300 ms) are illustrative: Kemari\'s 2008 failover was manual and Remus\'s code waited 1 s.' },
  { id: 'hot-set', term: 'hot set', definition: 'The pages a workload keeps rewriting (its writable working set). A migration has to send them again and again.' },
  { id: 'live-migration', term: 'live migration', definition: 'Moving a running VM to another host with only a short pause. It protects against planned maintenance, not against a crash: if the source dies mid-way, the VM is lost.' },
  { id: 'log-dirty', term: 'log-dirty', definition: 'Xen\'s tracking of which guest pages were written since the last look, so a migration or checkpoint sends only those.' },
  { id: 'logging-channel', term: 'logging channel', definition: 'The link over which a lock-stepped primary sends its log of non-deterministic inputs to the backup, and the backup its acknowledgements.', note: 'VMware measured 0.5 to 18 Mbit/s of logging for its workloads (Table 1).' },
  { id: 'network-fault', term: 'network fault', definition: 'In a post-copy migration, the guest on the target touches a page that has not arrived yet: its vCPU stalls while the page is fetched from the source, a round trip over the network.', note: 'Hines, Deshpande and Gopalan 2009, §1 ("network-bound page faults").' },
  { id: 'output-buffer', term: 'output buffer', definition: 'Where Remus holds a VM\'s network output (in dom0) until the checkpoint that produced it is acknowledged.', note: 'Limited to 10 MiB in Remus; beyond that packets are dropped.' },
  { id: 'output-commit', term: 'output commit', definition: 'The rule that nothing leaves for the outside world until the state that produced it is safe on the backup. Then a failover can never show the world a past the backup does not know.' },
  { id: 'output-rule', term: 'output rule', definition: 'Lock-stepping\'s output commit: the primary may not send an output until the backup has received and acknowledged the log entries of the execution that produced it.', note: 'Scales, Nelson and Venkitachalam 2010, §2.2.' },
  { id: 'post-copy', term: 'post-copy', definition: 'Live migration the other way round: suspend the VM, send its vCPU state, run it on the target at once, then bring its pages over, pushed in the background or fetched when the guest touches them. Every page crosses once; until the last one has, neither host holds the whole VM.', note: 'Hines, Deshpande and Gopalan, SIGOPS OSR 2009 and VEE 2009; QEMU\'s postcopy-ram.' },
  { id: 'pre-copy', term: 'pre-copy', definition: 'Live migration by rounds: send every page while the VM runs, then the pages dirtied during the last round, until few are left; then stop and copy the rest.', note: 'Clark et al., NSDI 2005; Xen\'s save loop.' },
  { id: 'rollback', term: 'rollback', definition: 'What the client sees when the copy serving it is older than something it already saw: state going backwards. TCP would reset the connection.' },
  { id: 'speculative-execution', term: 'speculative execution', definition: 'Remus lets the VM run on while its last checkpoint is still travelling; whatever it does meanwhile stays invisible (buffered) until that checkpoint is acknowledged.' },
  { id: 'split-brain', term: 'split brain', definition: 'Two copies of the VM running at once, each believing it is the only one: for example when only the link fails and the backup takes over while the primary still runs.' },
  { id: 'stop-and-copy', term: 'stop-and-copy', definition: 'The last step of a migration: pause the VM, send the pages still dirty and the vCPU state, then resume it on the target. Its length is the downtime.' },
  { id: 'sync', term: 'synchronization', definition: 'Kemari\'s checkpoint: triggered by an outgoing I/O event, not a timer. The guest pauses, its dirty pages and vCPU state go to the backup, and the event is released after the ack.' },
  { id: 'test-and-set', term: 'test-and-set', definition: 'An atomic operation on shared storage that only one caller can win: the host that wants to run the VM alone must win it first, and the loser halts. It rules out split brain without powering anything off.', note: 'VMware FT, §2.3. The lab takes shared storage as reachable from both hosts at once.' },
  { id: 'window-of-vulnerability', term: 'window of vulnerability', definition: 'The time after a failover in which the VM runs with no backup: until the failed host is repaired and holds a complete copy again, a failure of the VM\'s host loses the VM.', note: 'The timeline shades it with its length. In the model a restarted host boots in bootMs (3 s here, minutes on a real server).' },
  { id: 'resynchronization', term: 'resynchronization', definition: 'Copying the running VM to a host that rejoined empty, live, before it can be the backup again: pre-copy rounds (every page, then the pages dirtied meanwhile), then a short pause for the last pages and the vCPU state.', note: 'Remus and Kemari both started protection this way, with Xen\'s live-migration save loop.' },
];

const BY_KEY = new Map<string, GlossaryEntry>();
for (const e of GLOSSARY) {
  BY_KEY.set(e.id, e);
  BY_KEY.set(e.term.toLowerCase(), e);
}

/** The entry for a term or id (case-insensitive), or undefined. */
export function findTerm(key: string): GlossaryEntry | undefined {
  return BY_KEY.get(key.trim().toLowerCase());
}

/** A run of caption text: plain, or a link to a glossary entry. */
export type CaptionPart = { readonly text: string; readonly term?: undefined } | { readonly text: string; readonly term: GlossaryEntry };

/**
 * Splits caption text with `[[term]]` / `[[term|shown]]` links into parts. An unknown term stays
 * plain text (the shown words), so a caption never loses words.
 */
export function parseCaption(text: string): CaptionPart[] {
  const parts: CaptionPart[] = [];
  const re = /\[\[([^\]|]+)(?:\|([^\]]+))?\]\]/g;
  let last = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    const shown = m[2] ?? m[1];
    const term = findTerm(m[1]);
    parts.push(term ? { text: shown, term } : { text: shown });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** Caption text with the link markup removed (for notes, narration and the notes window). */
export function plainCaption(text: string): string {
  return parseCaption(text)
    .map((p) => p.text)
    .join('');
}

/** The terms a caption links to that the glossary lacks (a data test keeps this empty). */
export function unknownTerms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\[\[([^\]|]+)(?:\|[^\]]+)?\]\]/g)) if (!findTerm(m[1])) out.push(m[1]);
  return out;
}
