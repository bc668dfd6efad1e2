/**
 * The replication core: what every technique that keeps a backup of the running VM shares (Kemari
 * and Remus now; the family-tree techniques next), as one plain state record and named steps. The
 * engine on A and the backup on B; B's copy (page versions, the guest state besides pages, and which
 * synchronization it is); the guest's pauses; the failover (fence first when asked, notice split
 * brain, start the guest from what B holds, re-issue what its rings hold); the primary's reaction to a
 * silent backup; and the accounting of outputs across a failover. One vocabulary: a *sync* is one
 * complete copy of the primary's state (a Kemari synchronization, a Remus checkpoint). Its figures are
 * in replica-metrics.ts.
 * @see ../../shared/DESIGN.md §5 (Failure detection, Fencing, Outputs)
 */
import { backupMachine, type BackupEmitted } from '../machines/backup.machine';
import type { VmRestore } from '../machines/vm.machine';
import { CONTROL_MESSAGE_BYTES } from '../sim/link-model';
import type { GuestMemory } from '../sim/memory';
import type { IoRequest } from '../sim/ring';
import { formatSpanForPeople, ms, type Micros } from '../sim/time';
import type { HostId } from './frame';
import type { AnyActor, Emitted, WorldPort } from './port';
import type { ReplicationCoreFrame } from './replication-frame';

export interface Replica {
  readonly engine: AnyActor;
  readonly backup: AnyActor;
  /** B's copy: the version of each page, the vCPU and ring state, and the sync it is (0: the initial copy). */
  readonly copy: Uint32Array;
  holds: VmRestore;
  holdsSync: number;
  bytes: number;
  pauseStartUs: Micros | null;
  pausedUs: Micros;
  crashAtUs: Micros | null;
  takeoverAtUs: Micros | null;
  /** The state B resumed from (null before a takeover). */
  takeoverFrom: VmRestore | null;
  splitBrain: boolean;
  /** Outputs that left, per copy of the guest: 0 the original on A, 1 the copy that took over on B. */
  readonly left: readonly [Set<number>, Set<number>];
  generation: 0 | 1;
  /** The first output this replica accounts for: 1, or after a repair the first the guest issued once it protected the VM again. */
  readonly firstOutput: number;
}

/**
 * A replica of the running guest: the engine (made by the caller), the backup on B, and B's copy of
 * the guest as the initial full copy left it before t = 0 (the screen says so).
 */
export function createReplica(port: WorldPort, engine: AnyActor, backupName: string): Replica {
  const backup = port.make(backupName, backupMachine, { fencing: port.params.fencing, fenceMs: port.params.fenceMs });
  const holds = port.guestState();
  return {
    engine,
    backup,
    copy: new Uint32Array(port.memory.versions),
    holds,
    holdsSync: 0,
    bytes: 0,
    pauseStartUs: null,
    pausedUs: 0,
    crashAtUs: null,
    takeoverAtUs: null,
    takeoverFrom: null,
    splitBrain: false,
    left: [new Set(), new Set()],
    generation: 0,
    firstOutput: holds.outputsIssued + 1,
  };
}

export const engineLive = (port: WorldPort, r: Replica): boolean => r.engine.getSnapshot().status === 'active' && port.isUp('A');
export const backupLive = (port: WorldPort, r: Replica): boolean => r.backup.getSnapshot().status === 'active' && port.isUp('B');

/** The guest is paused: read and clear the dirty bitmap, with each page's version as it is now. */
export function captureDirty(memory: GuestMemory): { pages: Int32Array; versions: Uint32Array } {
  const pages = memory.clean();
  const versions = new Uint32Array(pages.length);
  for (let i = 0; i < pages.length; i++) versions[i] = memory.versions[pages[i]];
  return { pages, versions };
}

/** The bytes a sync puts on the link: its pages plus one page for the vCPU state. */
export function syncBytes(pages: number, pageBytes: number): number {
  return pages * pageBytes + pageBytes;
}

/**
 * The guest pauses for a sync (host A's hypervisor pauses it). On a host that is already down there
 * is no guest to pause: a sync begun in the instant A crashed costs no pause time.
 */
export function pauseGuest(port: WorldPort, r: Replica): void {
  if (!port.isUp('A')) return;
  r.pauseStartUs = port.now();
  port.pauseGuest('A');
}

/** The sync is taken: the guest runs again. */
export function resumeGuest(port: WorldPort, r: Replica): void {
  closePause(r, port.now());
  port.resumeGuest('A');
}

function closePause(r: Replica, now: Micros): void {
  if (r.pauseStartUs !== null) r.pausedUs += now - r.pauseStartUs;
  r.pauseStartUs = null;
}

/** The share of the run the guest spent paused for syncs so far (cheap: read on every frame). */
export function pauseFraction(r: Replica, now: Micros): number {
  const paused = r.pausedUs + (r.pauseStartUs !== null ? now - r.pauseStartUs : 0);
  return paused / Math.max(1, now);
}

/** Host A stopped: the failover clock starts, and a pause in progress ends with it. */
export function primaryDown(r: Replica, now: Micros): void {
  if (r.crashAtUs !== null) return;
  r.crashAtUs = now;
  closePause(r, now);
}

/** A complete sync arrived at B: its pages replace B's, and B holds its state (an incomplete one is never applied). */
export function receiveSync(r: Replica, sync: number, pages: Int32Array, versions: Uint32Array, holds: VmRestore): void {
  for (let i = 0; i < pages.length; i++) r.copy[pages[i]] = versions[i];
  r.holds = holds;
  r.holdsSync = sync;
}

/** An output left host `host` (through netback or blkback). */
export function outputLeft(r: Replica, id: number): void {
  r.left[r.generation].add(id);
}

/**
 * Host B takes over: it powers A off first when fencing is on, reports split brain if A still runs,
 * starts the guest from what it holds, and has its backends process what the restored rings hold
 * (re-issuing it). `beforeStart` runs just before the guest starts.
 */
export function takeOver(port: WorldPort, r: Replica, beforeStart?: () => void): void {
  r.takeoverAtUs = port.now();
  r.takeoverFrom = r.holds;
  r.generation = 1;
  if (port.params.fencing && port.isUp('A')) port.powerOff('A', 'fence');
  // Two primaries only if A still runs its copy of the VM: a host A that crashed and rebooted before B
  // noticed is up but empty (it rejoins as the standby), and B taking over then is no split brain.
  r.splitBrain = port.isUp('A') && port.vmHost() === 'A';
  if (r.splitBrain) {
    port.violation('no-split-brain', 'host B took over while host A was still running');
    // Why A still runs, truthfully: a cut link hid it from B, or B's detector suspected a live peer.
    const why = port.linkCuts() > 0
      ? 'host A is still running (only the link failed) and host B takes over too.'
      : 'host A is still running and host B takes over too. The link never failed: host B declared a live host A dead (its failure detector suspected a live peer).';
    port.note(`split brain: ${why} Fencing would have powered A off first.`);
  }
  beforeStart?.();
  port.startVm(r.holds, r.copy, 'B');
  port.createGuest('B');
  if (r.holds.net.outstanding.length > 0) port.notifyBackend('B', 'net');
  if (r.holds.blk.outstanding.length > 0) port.notifyBackend('B', 'blk');
}

/**
 * After a takeover, the restored guest's TCP stack still has the outputs the primary held back (a proxy,
 * the output rule) that the state B resumed from had already produced: B sends them again. Returns how many.
 */
export function resendHeld(port: WorldPort, r: Replica, held: readonly { readonly request: IoRequest }[]): number {
  let resent = 0;
  for (const h of held) {
    if (h.request.id > r.holds.outputsIssued) continue;
    port.releaseOutput(h.request, 'B');
    resent++;
  }
  return resent;
}

/** ` Failover took 212 ms.` after a crash of A (the span written by `formatSpan`), or nothing (a cut link). */
export function failoverWords(r: Replica, now: Micros, formatSpan: (us: Micros) => string): string {
  return r.crashAtUs !== null ? ` Failover took ${formatSpan(now - r.crashAtUs)}.` : '';
}

/**
 * The primary hears nothing from its backup: `giveUp` (release what is held, run on unprotected),
 * but with fencing configured only after twice the fencing time (and strictly after it: a fence that
 * takes no time still comes first), so that a backup that believes the primary dead powers it off first.
 */
export function whenBackupSilent(port: WorldPort, r: Replica, giveUp: () => void): void {
  const live = () => engineLive(port, r);
  if (port.params.fencing) port.at(port.now() + ms(2 * port.params.fenceMs) + 1, () => live() && giveUp());
  else giveUp();
}

/** A host declared its peer dead: A's engine hears that its backup is gone; B's backup that the primary is. */
export function peerDead(port: WorldPort, r: Replica, h: HostId, backupLost: () => void): void {
  if (h === 'A' && engineLive(port, r)) whenBackupSilent(port, r, backupLost);
  if (h === 'B' && backupLive(port, r)) r.backup.send({ type: 'source.failed' });
}

/**
 * Routes what the backup machine emits: its acknowledgement goes back to A as a control message of
 * `ackKind`, a fence request is narrated, a takeover runs `onTakeover`. Returns false for events that
 * are not the backup's.
 */
export function routeBackupEvent(port: WorldPort, e: Emitted, ackKind: string, ackBody: (sync: number) => Readonly<Record<string, unknown>>, onTakeover: () => void): boolean {
  switch (e.type) {
    case 'state.ack':
      port.send({ from: 'B', to: 'A', kind: ackKind, bytes: CONTROL_MESSAGE_BYTES, traffic: 'control', body: ackBody((e as BackupEmitted & { type: 'state.ack' }).sync) });
      return true;
    case 'fence.request':
      port.note(`host B powers host A off through its management board (fencing, ${formatSpanForPeople(ms(port.params.fenceMs))}) before taking over.`);
      return true;
    case 'takeover':
      onTakeover();
      return true;
    default:
      return false;
  }
}

/**
 * Why the VM may still run again on B although it runs nowhere now: B's detector has not yet
 * declared A dead, or B is still fencing A. Null once B took over, or when B is down.
 */
export function recoveryPending(port: WorldPort, r: Replica): string | null {
  if (r.takeoverAtUs !== null || !backupLive(port, r)) return null;
  const state = r.backup.getSnapshot().value;
  if (state === 'fencing') return 'host B was still fencing host A before taking over';
  if (state === 'standby' && !port.suspectsPeer('B')) return `host B's failure detector had not yet declared host A dead (it waits ${port.params.failureTimeoutMs} ms without a heartbeat)`;
  return null;
}

/** What the backup is doing, for the frame. */
export function backupState(port: WorldPort, r: Replica): ReplicationCoreFrame['backup'] {
  return !port.isUp('B') ? 'down' : (r.backup.getSnapshot().value as ReplicationCoreFrame['backup']);
}
