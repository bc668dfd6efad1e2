/**
 * Post-copy live migration in the world (Hines, Deshpande and Gopalan 2009): A suspends the VM and
 * sends its vCPU state first; B resumes it at once with none of its pages; A pushes the pages in the
 * background (bubbling around the last faulted page) while B pulls each page the guest touches before
 * it arrived (a network fault: the vCPU stalls for a round trip per page). Every page crosses once.
 * Until the last page is on B neither host holds the whole VM, so a crash of either loses it.
 * The pages themselves move as plain data (./postcopy-pages.ts); the machines keep the stages.
 * @see ./postcopy-figures.ts and ../../docs/fidelity.md (Post-copy)
 */
import { postcopyTargetMachine, type PostcopyTargetEmitted } from '../machines/postcopy-target.machine';
import { postcopyMachine, type PostcopyEmitted } from '../machines/postcopy.machine';
import { CONTROL_MESSAGE_BYTES } from '../sim/link-model';
import { PAGE_BYTES } from '../sim/memory';
import { PushOrder } from '../sim/postcopy';
import { formatSpanForPeople, ms } from '../sim/time';
import type { HostId } from './frame';
import type { DeliveredMessage, Emitted, Installer } from './port';
import { createPageMover } from './postcopy-pages';
import { postcopyFrame } from './postcopy-frame';
import { createPostcopy, ON_B_PULLED, ON_B_PUSHED, postcopyInvariants, postcopyMetrics, postcopyMigrationMetrics } from './postcopy-figures';

export const installPostcopy: Installer = (port) => {
  const p = port.params;
  const memory = port.memory;
  const n = memory.pageCount;
  const linkBitsPerSec = p.bandwidthMbps * 1e6;
  const source = port.make('hostA.postcopy', postcopyMachine, undefined);
  const target = port.make('hostB.postcopy', postcopyTargetMachine, { resumeMs: p.resumeMs });
  const migrateAtUs = Math.max(ms(p.migrateAtMs), port.now());
  const cellCount = memory.dirtyPerCell.length;
  const m = createPostcopy(source, target, migrateAtUs, linkBitsPerSec, new PushOrder(n, p.prepaging), memory.cellShift, cellCount);
  const { times } = m;
  /** The link was cut after the vCPU state left A: the migration's stream is broken. */
  let cutAfterHandover = false;

  const now = () => port.now();
  const sourceIn = (state: string) => port.isUp('A') && source.getSnapshot().value === state;
  const targetIn = (state: string) => port.isUp('B') && target.getSnapshot().value === state;
  const control = (from: HostId, kind: string, body?: Record<string, unknown>) => port.send({ from, to: from === 'A' ? 'B' : 'A', kind, bytes: CONTROL_MESSAGE_BYTES, traffic: 'control', body });
  const { pushNext, arrive, serveFault, scheduleCheck, closeStall } = createPageMover(port, m, { sourceIn, targetIn, control });

  function resumeOnB(): void {
    times.resumedAtUs = now();
    if (!port.vmAlive()) {
      // Host A died with the VM's pages before B could run it.
      m.lost = true;
      target.send({ type: 'source.failed' });
      return;
    }
    port.destroyGuest('A');
    port.createGuest('B');
    port.resumeVm();
    port.setVmHost('B');
    memory.clean();
    control('B', 'resumed');
    port.note(`the VM runs on host B after a downtime of ${formatSpanForPeople(times.resumedAtUs - (times.suspendedAtUs ?? times.resumedAtUs))}, with ${(n - m.onBCount).toLocaleString('en')} of its ${n.toLocaleString('en')} pages still on host A.`);
    if (m.onBCount === n) target.send({ type: 'pages.complete' });
    else scheduleCheck();
  }

  function giveUpOnB(): void {
    // A page B needs is on a host it cannot reach.
    m.lost = true;
    closeStall();
    if (port.vmHost() === 'B') port.discardVm('B');
    port.vmLost();
    port.note(`host B cannot reach host A, which holds ${(n - m.onBCount).toLocaleString('en')} pages of the VM that B does not have: neither host holds the whole VM, so it is lost.`);
  }

  port.atInput(migrateAtUs, () => {
    port.record('lab', 'migrate.start', { from: 'A', to: 'B' });
    if (!port.isUp('A') || port.vmHost() !== 'A' || !port.vmAlive()) {
      port.note('the migration could not start: the VM is not running on host A.');
      return;
    }
    port.note('post-copy migration of the VM from host A to host B begins: host B reserves a container.');
    source.send({ type: 'migrate.start', atUs: now() });
    if (port.suspectsPeer('A')) source.send({ type: 'migrate.abort', atUs: now(), reason: 'host B does not answer' });
  });

  return {
    mayRestartVm: false,
    retries: true,

    route(_source: string, emitted: Emitted): boolean {
      const e = emitted as PostcopyEmitted | PostcopyTargetEmitted;
      switch (e.type) {
        case 'migration.reserve':
          control('A', 'reserve.request');
          return true;
        case 'reserve.granted':
          control('B', 'reserve.granted');
          return true;
        case 'guest.suspend':
          times.suspendedAtUs = now();
          port.pauseGuest('A');
          port.at(now() + ms(p.migrationSuspendMs), () => {
            if (sourceIn('suspending')) source.send({ type: 'guest.suspended', atUs: now() });
          });
          return true;
        case 'state.send':
          times.stateSentAtUs = now();
          port.note('host A sends the vCPU state to host B first: from now on A never runs the VM again.');
          // One page on the wire; B resumes the live copy's state itself (the world holds it).
          port.send({ from: 'A', to: 'B', kind: 'vcpu', bytes: PAGE_BYTES, traffic: 'bulk' }, () => {
            if (sourceIn('sendingState')) source.send({ type: 'state.sent', atUs: now() });
          });
          return true;
        case 'push.start':
          pushNext();
          return true;
        case 'vm.resumed':
          resumeOnB();
          return true;
        case 'arp.gratuitous':
          port.note("host B sends a gratuitous ARP: the network now delivers the VM's traffic to B.");
          return true;
        case 'migration.complete':
          times.completeAtUs = now();
          control('B', 'complete');
          port.note(
            `every page is on host B after ${formatSpanForPeople(now() - migrateAtUs)}: ${m.pagesPushed.toLocaleString('en')} pushed, ${m.pagesPulled.toLocaleString('en')} pulled after ${m.networkFaults.toLocaleString('en')} network fault${m.networkFaults === 1 ? '' : 's'}; the guest stalled ${formatSpanForPeople(m.stalledUs)} in all.`,
          );
          return true;
        case 'copy.released':
          port.note('host A frees its copy of the VM: the migration no longer depends on it.');
          return true;
        case 'copy.stranded':
          if (port.vmHost() === 'A') {
            port.discardVm('A');
            m.lost = true;
            port.vmLost();
          }
          port.note("host A hears nothing from host B after handing the VM over: its own pages are out of date (the VM may have run on B), so it cannot resume them.");
          return true;
        case 'migration.aborted':
          m.aborted = true;
          if (e.resumeGuest && port.isUp('A') && port.vmHost() === 'A') {
            times.resumedOnAAtUs = now();
            port.resumeGuest('A');
          }
          control('A', 'abort');
          port.note(`the migration is aborted (${e.reason}): the VM ${port.vmHost() === 'A' ? 'keeps running on host A' : 'is gone'}.`);
          return true;
        case 'copy.discarded':
          port.note('host B drops its reservation.');
          return true;
        case 'vm.incomplete':
          giveUpOnB();
          return true;
        default:
          return false;
      }
    },

    delivered(msg: DeliveredMessage): boolean {
      const pages = () => (msg.body as { pages: number[] }).pages;
      switch (msg.kind) {
        case 'reserve.request':
          if (targetIn('idle')) target.send({ type: 'reserve.request' });
          return true;
        case 'reserve.granted':
          if (sourceIn('reserving')) source.send({ type: 'reserve.granted', atUs: now() });
          return true;
        case 'vcpu':
          if (targetIn('reserved')) target.send({ type: 'state.arrived' });
          return true;
        case 'pages':
          arrive(pages(), ON_B_PUSHED);
          return true;
        case 'fault':
          serveFault(pages());
          return true;
        case 'fault.pages':
          arrive(pages(), ON_B_PULLED);
          return true;
        case 'resumed':
          return true;
        case 'complete':
          if (sourceIn('pushing')) source.send({ type: 'migration.complete', atUs: now() });
          return true;
        case 'abort':
          if (targetIn('reserved')) target.send({ type: 'source.failed' });
          return true;
        default:
          return false;
      }
    },

    peerDead(h: HostId): void {
      if (h === 'A') {
        if (sourceIn('reserving') || sourceIn('suspending')) source.send({ type: 'migrate.abort', atUs: now(), reason: 'host B does not answer' });
        else if (sourceIn('sendingState') || sourceIn('pushing')) source.send({ type: 'target.lost', atUs: now() });
      } else if (targetIn('reserved') || targetIn('resuming') || targetIn('degraded')) target.send({ type: 'source.failed' });
    },

    hostDown(h: HostId): void {
      if (times.stateSentAtUs === null || times.completeAtUs !== null) return;
      if (h === 'A') {
        // The suspended VM on A dies with it (B has no pages); or B runs on without the pages A held.
        if (port.vmHost() === 'A') m.lost = true;
        else port.note(`host A crashed holding ${(n - m.onBCount).toLocaleString('en')} pages that host B does not have yet: the VM on B can no longer be completed.`);
      } else if (port.vmHost() === 'B') {
        m.lost = true;
        closeStall();
        port.note("host A's copy of the VM is out of date (the VM ran on host B), so it cannot take over: post-copy has no backup.");
      }
    },

    recoveryPending: () => (targetIn('resuming') ? 'host B was still resuming the VM' : null),

    linkCut(): void {
      if (times.stateSentAtUs !== null && times.completeAtUs === null) cutAfterHandover = true;
    },

    linkHealed(): void {
      if (cutAfterHandover && times.completeAtUs === null && !m.lost) {
        // The stream broke with pages on it; the prototype has no way to resume it.
        if (targetIn('resuming') || targetIn('degraded')) target.send({ type: 'source.failed' });
        else if (sourceIn('sendingState') || sourceIn('pushing')) source.send({ type: 'target.lost', atUs: now() });
      } else if (sourceIn('reserving') || sourceIn('suspending')) source.send({ type: 'migrate.abort', atUs: now(), reason: 'the link was cut and its stream broke' });
    },

    frame: () => postcopyFrame(port, m),
    result() {
      const migration = postcopyMigrationMetrics(port, m);
      return { metrics: { migration, postcopy: postcopyMetrics(m, now()) }, invariants: postcopyInvariants(port, m, migration) };
    },
  };
};
