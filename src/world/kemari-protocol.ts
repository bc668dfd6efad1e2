/**
 * Kemari in the world: the trap on host A's event channel, the synchronizations over the link, B's
 * copy of the guest (its pages and the vCPU and ring state of the last synchronization), the
 * failover with fencing, the re-issued pending event, and the replication metrics.
 * @see research/domain-facts.md §4 (Kemari) and §7 (invariants); ../../shared/DESIGN.md §5
 */
import { backupMachine } from '../machines/backup.machine';
import { kemariMachine, type KemariContext } from '../machines/kemari.machine';
import type { VmContext, VmRestore } from '../machines/vm.machine';
import { PAGE_BYTES } from '../sim/memory';
import type { IoRequest } from '../sim/ring';
import { formatMillis, type Micros } from '../sim/time';
import type { HostId, ReplicationFrame, ReplicationMetrics } from './frame';
import type { DeliveredMessage, Emitted, InvariantVerdict, Protocol, WorldKernel } from './kernel';
import { applyPages, failoverOutputs, latencySummary, pickRestore, routeBackupEvent, takeOverOnB, whenBackupSilent } from './replica';

/** What one synchronization carries: the pages dirtied since the last one, their versions, the vCPU and rings. */
interface SyncPayload {
  readonly sync: number;
  readonly pages: Int32Array;
  readonly versions: Uint32Array;
  readonly checkpoint: VmRestore;
}


export function installKemari(k: WorldKernel): Protocol {
  const p = k.spec.params;
  const trapEvents = p.trapEvents as boolean;
  const fencing = p.fencing as boolean;
  const memory = k.memory;
  const engine = k.make('hostA.kemari', kemariMachine, undefined);
  const backup = k.make('hostB.kemari', backupMachine, { fencing, fenceMs: p.fenceMs as number });
  const now = () => k.clock.now();

  // B's copy: before t = 0 the initial full copy is taken as done (the screen says so).
  const copyVersions = new Uint32Array(memory.versions);
  let backupHolds: VmRestore = pickRestore(k.vm.getSnapshot().context as VmContext);
  let backupHoldsSync = 0;

  const stats = {
    bytes: 0,
    pauseStartUs: null as Micros | null,
    pausedUs: 0,
    addedLatencies: [] as number[],
    trappedAtUs: new Map<number, Micros>(),
    lastSyncAtUs: null as Micros | null,
    /** The outputs of the state B acknowledged last (what A may let out). */
    ackedOutputs: 0,
    unsyncedOutputs: 0,
    crashAtUs: null as Micros | null,
    takeoverAtUs: null as Micros | null,
    takeoverFrom: null as VmRestore | null,
    splitBrain: false,
  };
  /** Outputs that left, per copy of the guest: 0 the original on A, 1 the copy that took over on B. */
  const left: [Set<number>, Set<number>] = [new Set(), new Set()];
  let generation: 0 | 1 = 0;
  const pendingSyncs = new Map<number, VmRestore>();

  const engineLive = () => engine.getSnapshot().status === 'active' && k.isUp('A');
  const backupLive = () => backup.getSnapshot().status === 'active' && k.isUp('B');

  if (trapEvents) k.atInput(0, () => k.channels.A.send({ type: 'evtchn.trap.enable' }));

  function startSync(sync: number): void {
    const pages = memory.clean();
    const versions = new Uint32Array(pages.length);
    for (let i = 0; i < pages.length; i++) versions[i] = memory.versions[pages[i]];
    const checkpoint = pickRestore(k.vm.getSnapshot().context as VmContext);
    pendingSyncs.set(sync, checkpoint);
    const bytes = pages.length * PAGE_BYTES + PAGE_BYTES; // + the vCPU state
    stats.bytes += bytes;
    stats.lastSyncAtUs = now();
    const payload: SyncPayload = { sync, pages, versions, checkpoint };
    k.sendOnLink({ from: 'A', to: 'B', kind: 'sync', bytes, traffic: 'bulk', body: { payload } });
  }

  function takeOver(): void {
    stats.takeoverAtUs = now();
    const from = backupHolds;
    stats.takeoverFrom = from;
    generation = 1;
    // The backends are rebuilt from the guest's shared rings; what they hold is re-issued.
    const pending = [...from.net.outstanding, ...from.blk.outstanding];
    stats.splitBrain = takeOverOnB(k, from, copyVersions, fencing);
    k.note(
      `host B takes over from synchronization #${backupHoldsSync}: it rebuilds the backend rings from the guest's shared rings` +
        `${pending.length > 0 ? `, re-issues the pending event (output ${pending.map((r) => r.id).join(', ')})` : ''} and announces the VM's address (gratuitous ARP).` +
        `${stats.crashAtUs !== null ? ` Failover took ${formatMillis(now() - stats.crashAtUs)}.` : ''}`,
    );
  }

  /** The share of the run the guest spent paused for synchronizations (cheap: read on every frame). */
  function pauseFraction(): number {
    const paused = stats.pausedUs + (stats.pauseStartUs !== null && engineLive() ? now() - stats.pauseStartUs : 0);
    return paused / Math.max(1, now());
  }

  function metrics(): ReplicationMetrics {
    const e = engine.getSnapshot().context as KemariContext;
    const runUs = Math.max(1, now());
    const from = stats.takeoverFrom;
    const { lost, duplicated } = failoverOutputs(left, from);
    let rolledBack = 0;
    if (from) {
      for (const id of left[0]) if (id > from.outputsIssued) rolledBack++;
    }
    return {
      checkpoints: 0,
      checkpointsAcked: 0,
      checkpointsPerSec: 0,
      syncs: e.syncs,
      syncsPerSec: e.syncs / (runUs / 1e6),
      bytesReplicated: stats.bytes,
      bytesPerSync: e.syncs ? stats.bytes / e.syncs : 0,
      addedLatencyUs: latencySummary(stats.addedLatencies),
      guestPauseFraction: pauseFraction(),
      failoverUs: stats.takeoverAtUs !== null && stats.crashAtUs !== null ? stats.takeoverAtUs - stats.crashAtUs : null,
      outputsLost: lost,
      outputsDuplicated: duplicated,
      outputsRolledBack: rolledBack,
    };
  }

  return {
    mayRestartVm: true,

    route(source: string, e: Emitted): boolean {
      switch (e.type) {
        case 'evtchn.trapped':
          if (source !== 'hostA.evtchn') return false;
          stats.trappedAtUs.set(e.port as number, now());
          if (engineLive()) engine.send({ type: 'evtchn.trapped', port: e.port as number, atUs: now() });
          return true;
        case 'sync.pauseGuest':
          stats.pauseStartUs = now();
          if (k.isUp('A')) k.hypervisors.A.send({ type: 'guest.pause' });
          return true;
        case 'sync.start':
          startSync(e.sync as number);
          return true;
        case 'sync.release': {
          const port = e.port as number;
          const acked = pendingSyncs.get(e.sync as number);
          if (acked) stats.ackedOutputs = acked.outputsIssued;
          const trappedAt = stats.trappedAtUs.get(port);
          if (trappedAt !== undefined) stats.addedLatencies.push(now() - trappedAt);
          if (k.isUp('A')) k.channels.A.send({ type: 'evtchn.release', port });
          return true;
        }
        case 'sync.resumeGuest':
          if (stats.pauseStartUs !== null) stats.pausedUs += now() - stats.pauseStartUs;
          stats.pauseStartUs = null;
          if (k.isUp('A')) k.hypervisors.A.send({ type: 'guest.resume' });
          return true;
        case 'protection.lost':
          if (k.isUp('A')) {
            for (const port of e.held as number[]) k.channels.A.send({ type: 'evtchn.release', port });
            k.channels.A.send({ type: 'evtchn.trap.disable' });
          }
          k.note('host A hears nothing from host B: it releases the I/O it held and runs on unprotected.');
          return true;
        default:
          return routeBackupEvent(k, e, 'sync.ack', (sync) => ({ sync }), takeOver);
      }
    },

    delivered(m: DeliveredMessage): boolean {
      if (m.kind === 'sync') {
        const payload = (m.body as { payload: SyncPayload }).payload;
        if (!backupLive() || backup.getSnapshot().value !== 'standby') return true;
        applyPages(copyVersions, payload.pages, payload.versions);
        backupHolds = payload.checkpoint;
        backupHoldsSync = payload.sync;
        backup.send({ type: 'state.arrived', sync: payload.sync });
        return true;
      }
      if (m.kind === 'sync.ack') {
        if (engineLive()) engine.send({ type: 'sync.ack', atUs: now() });
        return true;
      }
      return false;
    },

    peerDead(h: HostId): void {
      // With fencing configured, a primary that hears nothing waits out the backup's fencing window
      // before it lets held output go: if the backup believes it dead, it is powered off first.
      if (h === 'A' && engineLive()) whenBackupSilent(k, fencing, p.fenceMs as number, engineLive, () => engine.send({ type: 'peer.lost', atUs: now() }));
      if (h === 'B' && backupLive()) backup.send({ type: 'source.failed' });
    },

    hostDown(h: HostId): void {
      if (h === 'A' && stats.crashAtUs === null) stats.crashAtUs = now();
      if (h === 'A' && stats.pauseStartUs !== null) {
        stats.pausedUs += now() - stats.pauseStartUs;
        stats.pauseStartUs = null;
      }
    },

    outputLeft(request: IoRequest, host: HostId): void {
      left[generation].add(request.id);
      // Sync-before-output: on a protected primary, nothing leaves that B does not already hold.
      const protectedNow = host === 'A' && generation === 0 && engine.getSnapshot().status === 'active' && engine.getSnapshot().value !== 'unprotected';
      if (protectedNow && request.id > stats.ackedOutputs) {
        stats.unsyncedOutputs++;
        k.violation('sync-before-output', `output ${request.id} (${request.kind}) left host A before B held the state that issued it`);
      }
    },

    frame() {
      const e = engine.getSnapshot();
      const b = backup.getSnapshot();
      const ctx = e.context as KemariContext;
      const replication: ReplicationFrame = {
        protocol: 'kemari',
        primary: !k.isUp('A') ? 'down' : (e.value as ReplicationFrame['primary']),
        backup: !k.isUp('B') ? 'down' : (b.value as ReplicationFrame['backup']),
        syncs: ctx.syncs,
        syncsAcked: ctx.syncsAcked,
        backupHoldsSync,
        lastSyncAtUs: stats.lastSyncAtUs,
        guestPauseFraction: pauseFraction(),
        bytesReplicated: stats.bytes,
        takeoverAtUs: stats.takeoverAtUs,
        splitBrain: stats.splitBrain,
        trapEvents,
        fencing,
      };
      return { replication };
    },

    result() {
      const m = metrics();
      const invariants: InvariantVerdict[] = [
        {
          name: 'sync-before-output',
          holds: stats.unsyncedOutputs === 0,
          detail: stats.unsyncedOutputs === 0 ? 'every output left after B acknowledged the state that issued it' : `${stats.unsyncedOutputs} output(s) left host A before B held the state that issued them`,
        },
        { name: 'no-output-lost-on-failover', holds: m.outputsLost === 0, detail: `${m.outputsLost} output(s) of the surviving copy never left` },
        { name: 'no-rollback-on-failover', holds: m.outputsRolledBack === 0, detail: `${m.outputsRolledBack} output(s) left host A from state that B never received` },
        { name: 'no-split-brain', holds: !stats.splitBrain, detail: stats.splitBrain ? 'host B took over while host A was still running' : 'never two primaries at once' },
      ];
      return { metrics: { replication: m }, invariants };
    },
  };
}
