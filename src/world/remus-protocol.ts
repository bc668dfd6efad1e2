/**
 * Remus in the world (and naive snapshots, the same with output buffering off): checkpoints over the
 * link, the output buffer released on the backup's acknowledgement, disk writes held on the backup
 * until commit, failover from the last complete checkpoint, and the replication metrics.
 * @see research/domain-facts.md §3 (Remus) and §7 (invariants); ../../shared/DESIGN.md §5
 */
import type { BackupEmitted } from '../machines/backup.machine';
import { remusMachine, type RemusContext, type RemusEmitted } from '../machines/remus.machine';
import { GuestMemory, PAGE_BYTES } from '../sim/memory';
import type { IoRequest } from '../sim/ring';
import { formatMillis, formatSpanForPeople } from '../sim/time';
import type { HostId } from './frame';
import type { DeliveredMessage, Emitted, Installer } from './port';
import { checkpointTimes, checkpointBegins, createOutputBuffer, drain, holdPacket, releaseUpTo } from './remus-buffer';
import { checkpointFrame, remusInvariants, remusMetrics, type Checkpoint, type Checkpointing } from './remus-figures';
import {
  backupLive,
  captureDirty,
  createReplica,
  engineLive,
  failoverWords,
  outputLeft,
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

export const installRemus: Installer = (port) => {
  const { bufferOutput, epochMs, suspendUs } = port.params;
  const memory = port.memory;
  const now = () => port.now();
  const c: Checkpointing = {
    r: createReplica(port, port.make('hostA.remus', remusMachine, { epochMs, suspendUs }), 'hostB.remus'),
    out: createOutputBuffer(),
    bufferOutput,
    holdsDigest: memory.digest(),
    backupDisk: new Set(),
    uncommittedOnBackupDisk: 0,
    epochDiskWrites: [],
    capture: null,
    bufferAtCrash: [],
    earlyOutputs: 0,
    firstEarlyOutput: null,
    failoverStateMatches: null,
    unsafe: false,
    networkLeftA: new Set(),
    lastLeftOnA: 0,
    lastFrame: null,
  };
  const { r, out } = c;
  const engineCtx = () => r.engine.getSnapshot().context as RemusContext;
  const protecting = () => engineLive(port, r) && r.engine.getSnapshot().value !== 'unprotected' && r.generation === 0;
  const release = (upTo: number) => releaseUpTo(out, upTo, now(), (request) => port.isUp('A') && port.releaseOutput(request, 'A'));

  /** The guest pauses for checkpoint `n`: read and clear the dirty bitmap, and take its vCPU and ring state. */
  function pauseForCheckpoint(n: number): void {
    pauseGuest(port, r);
    const { pages, versions } = captureDirty(memory);
    c.capture = { checkpoint: n, pages, versions, restore: port.guestState(), diskWrites: c.epochDiskWrites, digest: memory.digest() };
    c.epochDiskWrites = [];
    checkpointBegins(out, n, now(), pages.length);
    // (A crash at this very phase stopped the engine: nothing to tell it.)
    if (engineLive(port, r)) r.engine.send({ type: 'checkpoint.dirty', pages: pages.length });
  }

  /** The guest resumes (speculative execution) and checkpoint `n` goes to B. */
  function sendCheckpoint(n: number): void {
    resumeGuest(port, r);
    checkpointTimes(out, n, { resumeAtUs: now() });
    const capture = c.capture;
    if (capture && capture.checkpoint === n) {
      const bytes = syncBytes(capture.pages.length, PAGE_BYTES);
      r.bytes += bytes;
      port.send({ from: 'A', to: 'B', kind: 'checkpoint', bytes, traffic: 'bulk', body: { checkpoint: capture } });
    }
  }

  /** A complete checkpoint arrived at B: only now does it replace what B holds (an incomplete one is discarded). */
  function receiveCheckpoint(cp: Checkpoint): void {
    receiveSync(r, cp.checkpoint, cp.pages, cp.versions, cp.restore);
    c.holdsDigest = cp.digest;
    if (bufferOutput) for (const id of cp.diskWrites) c.backupDisk.add(id);
    checkpointTimes(out, cp.checkpoint, { arrivedAtUs: now() });
    // Harmless again only if nothing left A after the state this checkpoint holds.
    c.unsafe = c.lastLeftOnA > cp.restore.outputsIssued;
    r.backup.send({ type: 'state.arrived', sync: cp.checkpoint });
  }

  function takeOverOnB(): void {
    const heldOnA = drain(out);
    // A link cut, not a crash: B fences A as it takes over, and A's buffer goes with it (as a crash's does).
    if (port.params.fencing && port.isUp('A')) c.bufferAtCrash = heldOnA;
    takeOver(port, r, () => {
      // Check B's pages against the checkpoint's fingerprint before the guest runs (and redraws) on them.
      const check = new GuestMemory(memory.pageCount);
      check.restore(r.copy);
      c.failoverStateMatches = check.digest() === c.holdsDigest;
    });
    // The restored guest's TCP stack still has the segments it sent in the epochs the backup holds but
    // the primary never released: it sends them again (the client saw none of them). Output of later
    // epochs vanished with their state.
    for (const held of c.bufferAtCrash) if (held.checkpoint <= r.holdsSync) port.releaseOutput(held.request, 'B');
    c.bufferAtCrash = [];
    port.note(
      `host B takes over from checkpoint ${r.holdsSync}: it applies the committed disk writes, discards any incomplete checkpoint, resumes the guest and announces the VM's address (gratuitous ARP).` +
        failoverWords(r, now(), formatSpanForPeople),
    );
  }

  /** An output left A while it protects the guest: a disk write belongs to this epoch; without the buffer it broke output commit. */
  function leftWhileProtecting(request: IoRequest): void {
    if (request.kind === 'disk') {
      c.epochDiskWrites.push(request.id);
      if (!bufferOutput) {
        // Naive: the write reaches the backup's disk at once, before any checkpoint covers it.
        c.backupDisk.add(request.id);
        c.uncommittedOnBackupDisk++;
        port.violation('backup-disk-committed-only', `disk write ${request.id} reached the backup's disk before any checkpoint covered it`);
      }
    }
    if (!bufferOutput) {
      if (!c.unsafe) out.version++;
      c.unsafe = true;
      c.earlyOutputs++;
      c.firstEarlyOutput ??= `output ${request.id} (${request.kind}) left at ${formatMillis(now())} before checkpoint ${r.holdsSync + 1} was acknowledged`;
      port.violation('output-commit', `output ${request.id} (${request.kind}) left host A before the backup held the state that produced it`);
    }
  }

  return {
    mayRestartVm: true,
    reprotects: true,

    route(_source: string, emitted: Emitted): boolean {
      const e = emitted as RemusEmitted | BackupEmitted;
      switch (e.type) {
        case 'checkpoint.pause':
          pauseForCheckpoint(e.checkpoint);
          return true;
        case 'checkpoint.resume':
          sendCheckpoint(e.checkpoint);
          return true;
        case 'checkpoint.commit':
          checkpointTimes(out, e.checkpoint, { committedAtUs: now() });
          release(e.checkpoint);
          return true;
        case 'protection.lost':
          release(Number.MAX_SAFE_INTEGER);
          port.note('host A hears nothing from host B: it releases its buffered output and runs on unprotected.');
          return true;
        default:
          return routeBackupEvent(port, e, 'checkpoint.ack', (checkpoint) => ({ checkpoint }), takeOverOnB);
      }
    },

    delivered(m: DeliveredMessage): boolean {
      if (m.kind === 'checkpoint') {
        if (backupLive(port, r) && r.backup.getSnapshot().value === 'standby') receiveCheckpoint((m.body as { checkpoint: Checkpoint }).checkpoint);
        return true;
      }
      if (m.kind === 'checkpoint.ack') {
        if (engineLive(port, r)) r.engine.send({ type: 'checkpoint.ack', checkpoint: (m.body as { checkpoint: number }).checkpoint });
        return true;
      }
      return false;
    },

    holdOutput(request: IoRequest, host: HostId): boolean {
      if (host !== 'A' || !protecting() || !bufferOutput) return false;
      // Held for the checkpoint that closes this epoch; a full buffer drops it (held, never released early).
      if (!holdPacket(out, request, engineCtx().checkpoint + 1, now())) port.outputDropped(request);
      return true;
    },

    outputLeft(request: IoRequest, host: HostId): void {
      outputLeft(r, request.id);
      if (host === 'A' && r.generation === 0) {
        c.lastLeftOnA = Math.max(c.lastLeftOnA, request.id);
        if (request.kind !== 'disk') c.networkLeftA.add(request.id);
      }
      if (host === 'A' && protecting()) leftWhileProtecting(request);
    },

    peerDead: (h: HostId) => peerDead(port, r, h, () => r.engine.send({ type: 'backup.lost' })),
    recoveryPending: () => recoveryPending(port, r),

    hostDown(h: HostId): void {
      // (Fenced by B as it takes over: takeOverOnB kept the buffer.)
      if (h === 'A' && r.crashAtUs === null && r.generation === 0) c.bufferAtCrash = out.held;
      if (h === 'A') primaryDown(r, now());
      if (h === 'B' && port.isUp('A')) port.note('host B is down: host A runs on unprotected once it notices.');
    },

    frame: () => checkpointFrame(port, c),

    result() {
      const m = remusMetrics(port, c);
      return { metrics: { replication: m }, invariants: remusInvariants(c, m) };
    },
  };
};
