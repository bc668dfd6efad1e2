/**
 * Kemari in the world: the trap on host A's event channel, the synchronizations over the link, B's
 * copy of the guest (its pages and the vCPU and ring state of the last synchronization), the
 * failover with fencing, the re-issued pending event, and the replication metrics.
 * @see research/domain-facts.md §4 (Kemari) and §7 (invariants); ../../shared/DESIGN.md §5
 */
import type { BackupEmitted } from '../machines/backup.machine';
import { kemariMachine, type KemariContext, type KemariEmitted } from '../machines/kemari.machine';
import type { VmRestore } from '../machines/vm.machine';
import { PAGE_BYTES } from '../sim/memory';
import type { IoRequest } from '../sim/ring';
import { formatSpanForPeople, type Micros } from '../sim/time';
import type { HostId } from './frame';
import { BLK_PORT, NET_PORT } from './hosts';
import type { DeliveredMessage, Emitted, Installer, InvariantVerdict } from './port';
import {
  backupLive,
  backupState,
  captureDirty,
  createReplica,
  engineLive,
  failoverWords,
  outputLeft,
  pauseFraction,
  pauseGuest,
  peerDead,
  recoveryPending,
  primaryDown,
  receiveSync,
  resumeGuest,
  routeBackupEvent,
  syncBytes,
  takeOver,
} from './replica';
import { failoverInvariants, replicationMetrics } from './replica-metrics';
import type { KemariFrame } from './replication-frame';

/** What one synchronization carries: the pages dirtied since the last one, their versions, the vCPU and rings. */
interface SyncPayload {
  readonly sync: number;
  readonly pages: Int32Array;
  readonly versions: Uint32Array;
  readonly checkpoint: VmRestore;
}

export const installKemari: Installer = (port) => {
  const trapOn = port.params.trapEvents;
  const now = () => port.now();
  const r = createReplica(port, port.make('hostA.kemari', kemariMachine, undefined), 'hostB.kemari');
  const engineCtx = () => r.engine.getSnapshot().context as KemariContext;

  const stats = {
    addedLatencies: [] as number[],
    trappedAtUs: new Map<number, Micros>(),
    lastSyncAtUs: null as Micros | null,
    /** The outputs of the state B acknowledged last (what A may let out). */
    ackedOutputs: 0,
    unsyncedOutputs: 0,
  };
  const pendingSyncs = new Map<number, VmRestore>();

  if (trapOn) port.atInput(0, () => port.trapEvents('A', true));

  /** The guest is paused for sync `sync`: send its dirty pages and vCPU state to B. */
  function startSync(sync: number): void {
    const { pages, versions } = captureDirty(port.memory);
    const checkpoint = port.guestState();
    pendingSyncs.set(sync, checkpoint);
    const bytes = syncBytes(pages.length, PAGE_BYTES);
    r.bytes += bytes;
    stats.lastSyncAtUs = now();
    const payload: SyncPayload = { sync, pages, versions, checkpoint };
    port.send({ from: 'A', to: 'B', kind: 'sync', bytes, traffic: 'bulk', body: { payload } });
  }

  /** B acknowledged sync `sync`: deliver the event it was trapped for. */
  function releaseEvent(sync: number, eventPort: number): void {
    const acked = pendingSyncs.get(sync);
    if (acked) stats.ackedOutputs = acked.outputsIssued;
    const trappedAt = stats.trappedAtUs.get(eventPort);
    if (trappedAt !== undefined) stats.addedLatencies.push(now() - trappedAt);
    if (port.isUp('A')) port.releaseEvent('A', eventPort);
  }

  function takeOverOnB(): void {
    const from = r.holds;
    // The backends are rebuilt from the guest's shared rings; what they hold is re-issued.
    const pending = [...from.net.outstanding, ...from.blk.outstanding];
    takeOver(port, r);
    port.note(
      `host B takes over from synchronization #${r.holdsSync}: it rebuilds the backend rings from the guest's shared rings` +
        `${pending.length > 0 ? `, re-issues the pending event (output ${pending.map((q) => q.id).join(', ')})` : ''} and announces the VM's address (gratuitous ARP).` +
        failoverWords(r, now(), formatSpanForPeople),
    );
  }

  function metrics() {
    const e = engineCtx();
    let rolledBack = 0;
    if (r.takeoverFrom) for (const id of r.left[0]) if (id > r.takeoverFrom.outputsIssued) rolledBack++;
    return replicationMetrics(r, now(), { checkpoints: 0, checkpointsAcked: 0, syncs: e.syncs }, stats.addedLatencies, rolledBack);
  }

  return {
    mayRestartVm: true,
    reprotects: true,

    route(source: string, emitted: Emitted): boolean {
      const e = emitted as KemariEmitted | BackupEmitted | { type: 'evtchn.trapped'; port: number };
      switch (e.type) {
        case 'evtchn.trapped':
          if (source !== 'hostA.evtchn') return false;
          stats.trappedAtUs.set(e.port, now());
          if (engineLive(port, r)) r.engine.send({ type: 'evtchn.trapped', port: e.port, atUs: now() });
          return true;
        case 'sync.pauseGuest':
          pauseGuest(port, r);
          return true;
        case 'sync.start':
          startSync(e.sync);
          return true;
        case 'sync.release':
          releaseEvent(e.sync, e.port);
          return true;
        case 'sync.resumeGuest':
          resumeGuest(port, r);
          return true;
        case 'protection.lost':
          if (port.isUp('A')) {
            for (const held of e.held) port.releaseEvent('A', held);
            port.trapEvents('A', false);
          }
          port.note('host A hears nothing from host B: it releases the I/O it held and runs on unprotected.');
          return true;
        default:
          return routeBackupEvent(port, e, 'sync.ack', (sync) => ({ sync }), takeOverOnB);
      }
    },

    delivered(m: DeliveredMessage): boolean {
      if (m.kind === 'sync') {
        const payload = (m.body as { payload: SyncPayload }).payload;
        if (!backupLive(port, r) || r.backup.getSnapshot().value !== 'standby') return true;
        receiveSync(r, payload.sync, payload.pages, payload.versions, payload.checkpoint);
        r.backup.send({ type: 'state.arrived', sync: payload.sync });
        return true;
      }
      if (m.kind === 'sync.ack') {
        if (engineLive(port, r)) r.engine.send({ type: 'sync.ack', atUs: now() });
        return true;
      }
      return false;
    },

    // With fencing configured, a primary that hears nothing waits out the backup's fencing window
    // before it lets held output go: if the backup believes it dead, it is powered off first.
    peerDead: (h: HostId) => peerDead(port, r, h, () => r.engine.send({ type: 'peer.lost', atUs: now() })),
    recoveryPending: () => recoveryPending(port, r),

    hostDown(h: HostId): void {
      if (h === 'A') primaryDown(r, now());
    },

    outputLeft(request: IoRequest, host: HostId): void {
      outputLeft(r, request.id);
      // Sync-before-output: on a protected primary, nothing leaves that B does not already hold.
      const protectedNow = host === 'A' && r.generation === 0 && r.engine.getSnapshot().status === 'active' && r.engine.getSnapshot().value !== 'unprotected';
      if (protectedNow && request.id > stats.ackedOutputs) {
        stats.unsyncedOutputs++;
        port.violation('sync-before-output', `output ${request.id} (${request.kind}) left host A before B held the state that issued it`);
      }
      // With the trap off the hypervisor still synchronizes on each event, but only after its output left: the subtle break.
      if (!trapOn && protectedNow) r.engine.send({ type: 'evtchn.trapped', port: request.kind === 'disk' ? BLK_PORT : NET_PORT, atUs: now() });
    },

    frame(): KemariFrame {
      const e = r.engine.getSnapshot();
      const ctx = e.context as KemariContext;
      return {
        kind: 'kemari',
        technique: 'kemari',
        primary: !port.isUp('A') ? 'down' : (e.value as KemariFrame['primary']),
        backup: backupState(port, r),
        syncs: ctx.syncs,
        syncsAcked: ctx.syncsAcked,
        backupHoldsSync: r.holdsSync,
        lastSyncAtUs: stats.lastSyncAtUs,
        guestPauseFraction: pauseFraction(r, now()),
        bytesReplicated: r.bytes,
        takeoverAtUs: r.takeoverAtUs,
        splitBrain: r.splitBrain,
        trapEvents: trapOn,
        fencing: port.params.fencing,
      };
    },

    result() {
      const m = metrics();
      const [lost, splitBrain] = failoverInvariants(m, r);
      const invariants: InvariantVerdict[] = [
        {
          name: 'sync-before-output',
          holds: stats.unsyncedOutputs === 0,
          detail: stats.unsyncedOutputs === 0 ? 'every output left after B acknowledged the state that issued it' : `${stats.unsyncedOutputs} output(s) left host A before B held the state that issued them`,
        },
        lost,
        { name: 'no-rollback-on-failover', holds: m.outputsRolledBack === 0, detail: `${m.outputsRolledBack} output(s) left host A from state that B never received` },
        splitBrain,
      ];
      return { metrics: { replication: m }, invariants };
    },
  };
};
