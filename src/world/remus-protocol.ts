/**
 * Remus in the world (and naive snapshots, the same with output buffering off): checkpoints over the
 * link, the output buffer released on the backup's acknowledgement, disk writes held on the backup
 * until commit, failover from the last complete checkpoint, and the replication metrics.
 * @see research/domain-facts.md §3 (Remus) and §7 (invariants); ../../shared/DESIGN.md §5
 */
import { backupMachine } from '../machines/backup.machine';
import { remusMachine, type RemusContext } from '../machines/remus.machine';
import type { VmContext, VmRestore } from '../machines/vm.machine';
import { GuestMemory, PAGE_BYTES } from '../sim/memory';
import { OUTPUT_BUFFER_BYTES } from '../sim/remus';
import type { IoRequest } from '../sim/ring';
import { formatMillis, type Micros } from '../sim/time';
import type { BufferedEpoch, CheckpointTimes, HostId, ReplicationFrame, ReplicationMetrics } from './frame';
import type { DeliveredMessage, Emitted, InvariantVerdict, Protocol, WorldKernel } from './kernel';
import { applyPages, failoverOutputs, latencySummary, pickRestore, routeBackupEvent, takeOverOnB, whenBackupSilent } from './replica';

interface Checkpoint {
  readonly checkpoint: number;
  readonly pages: Int32Array;
  readonly versions: Uint32Array;
  readonly restore: VmRestore;
  /** Disk writes of the epoch this checkpoint closes (held on the backup until it is complete). */
  readonly diskWrites: readonly number[];
  readonly digest: string;
}

/** How many released outputs the latency chart keeps. */
const RECENT_LATENCIES = 200;

interface Held {
  readonly request: IoRequest;
  readonly checkpoint: number;
  readonly producedAtUs: Micros;
}


export function installRemus(k: WorldKernel): Protocol {
  const p = k.spec.params;
  const bufferOutput = p.bufferOutput as boolean;
  const fencing = p.fencing as boolean;
  const memory = k.memory;
  const engine = k.make('hostA.remus', remusMachine, { epochMs: p.epochMs as number, suspendUs: p.suspendUs as number });
  const backup = k.make('hostB.remus', backupMachine, { fencing, fenceMs: p.fenceMs as number });
  const now = () => k.clock.now();

  // The backup: the initial full copy is taken as done before t = 0 (checkpoint 0).
  const copyVersions = new Uint32Array(memory.versions);
  let holds: VmRestore = pickRestore(k.vm.getSnapshot().context as VmContext);
  let holdsCheckpoint = 0;
  let holdsDigest = memory.digest();
  /** Disk writes applied to the backup's disk (output ids), and whether any was uncommitted. */
  const backupDisk = new Set<number>();
  let uncommittedOnBackupDisk = 0;

  let buffer: Held[] = [];
  /** The last released outputs' added latencies, for the chart. */
  let recentLatencies: NonNullable<ReplicationFrame['latencies']> = [];
  let bufferBytes = 0;
  let dropped = 0;
  let epochDiskWrites: number[] = [];
  let capture: Checkpoint | null = null;
  const pipeline: CheckpointTimes[] = [];
  const stats = {
    bytes: 0,
    pausedUs: 0,
    pauseStartUs: null as Micros | null,
    latencies: [] as number[],
    crashAtUs: null as Micros | null,
    takeoverAtUs: null as Micros | null,
    takeoverFrom: null as VmRestore | null,
    splitBrain: false,
    /** Outputs released before the backup acknowledged their checkpoint (naive: every one). */
    earlyOutputs: 0,
    firstEarlyOutput: null as string | null,
    outOfOrderReleases: 0,
    lastReleasedCheckpoint: 0,
    failoverStateMatches: null as boolean | null,
    /** Whether the primary sent output the backup's state does not include (naive's harm window). */
    unsafe: false,
  };
  /** Outputs that left, per copy of the guest: 0 the original on A, 1 the copy that took over on B. */
  const left: [Set<number>, Set<number>] = [new Set(), new Set()];
  let generation: 0 | 1 = 0;
  /** Network outputs that left the original primary, and the highest output id that left it. */
  const networkLeftA = new Set<number>();
  let lastLeftOnA = 0;

  const engineCtx = () => engine.getSnapshot().context as RemusContext;
  const engineLive = () => engine.getSnapshot().status === 'active' && k.isUp('A');
  const backupLive = () => backup.getSnapshot().status === 'active' && k.isUp('B');
  const protecting = () => engineLive() && engine.getSnapshot().value !== 'unprotected' && generation === 0;
  const setTimes = (n: number, change: Partial<CheckpointTimes>) => {
    version++;
    const i = pipeline.findIndex((c) => c.checkpoint === n);
    if (i >= 0) pipeline[i] = { ...pipeline[i], ...change };
  };

  function release(upTo: number): void {
    version++;
    const keep: Held[] = [];
    for (const held of buffer) {
      if (held.checkpoint > upTo) {
        keep.push(held);
        continue;
      }
      if (held.checkpoint < stats.lastReleasedCheckpoint) stats.outOfOrderReleases++;
      stats.lastReleasedCheckpoint = held.checkpoint;
      stats.latencies.push(now() - held.producedAtUs);
      recentLatencies = [...recentLatencies.slice(-(RECENT_LATENCIES - 1)), { releasedAtUs: now(), addedUs: now() - held.producedAtUs, kind: held.request.kind === 'vnc' ? ('vnc' as const) : ('packet' as const) }];
      bufferBytes -= held.request.bytes;
      if (k.isUp('A')) k.releaseOutput(held.request, 'A');
    }
    buffer = keep;
  }

  function takeOver(): void {
    version++;
    stats.takeoverAtUs = now();
    const from = holds;
    stats.takeoverFrom = from;
    generation = 1;
    buffer = [];
    bufferBytes = 0;
    stats.splitBrain = takeOverOnB(k, from, copyVersions, fencing, () => {
      // Check B's pages against the checkpoint's fingerprint before the guest runs (and redraws) on them.
      const check = new GuestMemory(memory.pageCount);
      check.restore(copyVersions);
      stats.failoverStateMatches = check.digest() === holdsDigest;
    });
    // The restored guest's TCP stack still has the segments it sent in the epochs the backup holds but
    // the primary never released: it sends them again (the client saw none of them). Output of later
    // epochs vanished with their state.
    for (const held of bufferAtCrash) if (held.checkpoint <= holdsCheckpoint) k.releaseOutput(held.request, 'B');
    bufferAtCrash = [];
    k.note(
      `host B takes over from checkpoint ${holdsCheckpoint}: it applies the committed disk writes, discards any incomplete checkpoint, resumes the guest and announces the VM's address (gratuitous ARP).` +
        `${stats.crashAtUs !== null ? ` Failover took ${formatMillis(now() - stats.crashAtUs)}.` : ''}`,
    );
  }

  /** The share of the run the guest spent paused for checkpoints (cheap: read on every frame). */
  function pauseFraction(): number {
    const paused = stats.pausedUs + (stats.pauseStartUs !== null ? now() - stats.pauseStartUs : 0);
    return paused / Math.max(1, now());
  }

  function metrics(): ReplicationMetrics {
    const e = engineCtx();
    const runUs = Math.max(1, now());
    const from = stats.takeoverFrom;
    const { lost, duplicated } = failoverOutputs(left, from);
    let rolledBack = 0;
    if (from) {
      // Rolled back: what the outside world got from state that vanished — packets that left A, and
      // writes that reached the disk that survives (B's). A's own disk dies with A.
      for (const id of networkLeftA) if (id > from.outputsIssued) rolledBack++;
      for (const id of backupDisk) if (id > from.outputsIssued) rolledBack++;
    }
    return {
      checkpoints: e.checkpoint,
      checkpointsAcked: e.committed,
      checkpointsPerSec: e.checkpoint / (runUs / 1e6),
      syncs: 0,
      syncsPerSec: 0,
      bytesReplicated: stats.bytes,
      bytesPerSync: e.checkpoint ? stats.bytes / e.checkpoint : 0,
      addedLatencyUs: latencySummary(stats.latencies),
      guestPauseFraction: pauseFraction(),
      failoverUs: stats.takeoverAtUs !== null && stats.crashAtUs !== null ? stats.takeoverAtUs - stats.crashAtUs : null,
      outputsLost: lost,
      outputsDuplicated: duplicated,
      outputsRolledBack: rolledBack,
    };
  }
  /** Bumped whenever the buffer, the pipeline or the backup's copy changes (the frame's cache key). */
  let version = 0;
  let lastFrame: { engine: unknown; backup: unknown; version: number; vmHost: HostId | null; part: { replication: ReplicationFrame } } | null = null;

  /** What A's buffer held when A died: the restored guest resends what its state includes. */
  let bufferAtCrash: Held[] = [];

  return {
    mayRestartVm: true,

    route(_source: string, e: Emitted): boolean {
      switch (e.type) {
        case 'checkpoint.pause': {
          const n = e.checkpoint as number;
          stats.pauseStartUs = now();
          if (k.isUp('A')) k.hypervisors.A.send({ type: 'guest.pause' });
          // The guest is paused: read and clear the dirty bitmap, and take its vCPU and ring state.
          const pages = memory.clean();
          const versions = new Uint32Array(pages.length);
          for (let i = 0; i < pages.length; i++) versions[i] = memory.versions[pages[i]];
          capture = { checkpoint: n, pages, versions, restore: pickRestore(k.vm.getSnapshot().context as VmContext), diskWrites: epochDiskWrites, digest: memory.digest() };
          epochDiskWrites = [];
          version++;
          pipeline.push({ checkpoint: n, pauseAtUs: now(), resumeAtUs: null, arrivedAtUs: null, committedAtUs: null, pages: pages.length });
          if (pipeline.length > 8) pipeline.shift();
          engine.send({ type: 'checkpoint.dirty', pages: pages.length });
          return true;
        }
        case 'checkpoint.resume': {
          const n = e.checkpoint as number;
          if (stats.pauseStartUs !== null) stats.pausedUs += now() - stats.pauseStartUs;
          stats.pauseStartUs = null;
          if (k.isUp('A')) k.hypervisors.A.send({ type: 'guest.resume' });
          setTimes(n, { resumeAtUs: now() });
          if (capture && capture.checkpoint === n) {
            const bytes = capture.pages.length * PAGE_BYTES + PAGE_BYTES;
            stats.bytes += bytes;
            k.sendOnLink({ from: 'A', to: 'B', kind: 'checkpoint', bytes, traffic: 'bulk', body: { checkpoint: capture } });
          }
          return true;
        }
        case 'checkpoint.commit': {
          const n = e.checkpoint as number;
          setTimes(n, { committedAtUs: now() });
          release(n);
          return true;
        }
        case 'protection.lost':
          release(Number.MAX_SAFE_INTEGER);
          k.note('host A hears nothing from host B: it releases its buffered output and runs on unprotected.');
          return true;
        default:
          return routeBackupEvent(k, e, 'checkpoint.ack', (checkpoint) => ({ checkpoint }), takeOver);
      }
    },

    delivered(m: DeliveredMessage): boolean {
      if (m.kind === 'checkpoint') {
        const c = (m.body as { checkpoint: Checkpoint }).checkpoint;
        if (!backupLive() || backup.getSnapshot().value !== 'standby') return true;
        // A complete checkpoint: only now does it replace what the backup holds (an incomplete one
        // would have been discarded). Its disk writes are applied now too.
        applyPages(copyVersions, c.pages, c.versions);
        holds = c.restore;
        holdsCheckpoint = c.checkpoint;
        holdsDigest = c.digest;
        if (bufferOutput) for (const id of c.diskWrites) backupDisk.add(id);
        setTimes(c.checkpoint, { arrivedAtUs: now() });
        // Harmless again only if nothing left A after the state this checkpoint holds.
        stats.unsafe = lastLeftOnA > c.restore.outputsIssued;
        backup.send({ type: 'state.arrived', sync: c.checkpoint });
        return true;
      }
      if (m.kind === 'checkpoint.ack') {
        if (engineLive()) engine.send({ type: 'checkpoint.ack', checkpoint: (m.body as { checkpoint: number }).checkpoint });
        return true;
      }
      return false;
    },

    holdOutput(request: IoRequest, host: HostId): boolean {
      if (host !== 'A' || !protecting() || !bufferOutput) return false;
      if (bufferBytes + request.bytes > OUTPUT_BUFFER_BYTES) {
        dropped++;
        return true;
      }
      version++;
      buffer.push({ request, checkpoint: engineCtx().checkpoint + 1, producedAtUs: now() });
      bufferBytes += request.bytes;
      return true;
    },

    outputLeft(request: IoRequest, host: HostId): void {
      left[generation].add(request.id);
      if (host === 'A' && generation === 0) {
        lastLeftOnA = Math.max(lastLeftOnA, request.id);
        if (request.kind !== 'disk') networkLeftA.add(request.id);
      }
      if (host !== 'A' || !protecting()) return;
      if (request.kind === 'disk') {
        epochDiskWrites.push(request.id);
        if (!bufferOutput) {
          // Naive: the write reaches the backup's disk at once, before any checkpoint covers it.
          backupDisk.add(request.id);
          uncommittedOnBackupDisk++;
          k.violation('backup-disk-committed-only', `disk write ${request.id} reached the backup's disk before any checkpoint covered it`);
        }
      }
      const ackedState = holdsCheckpoint;
      if (!bufferOutput) {
        if (!stats.unsafe) version++;
        stats.unsafe = true;
        stats.earlyOutputs++;
        stats.firstEarlyOutput ??= `output ${request.id} (${request.kind}) left at ${formatMillis(now())} before checkpoint ${ackedState + 1} was acknowledged`;
        k.violation('output-commit', `output ${request.id} (${request.kind}) left host A before the backup held the state that produced it`);
      }
    },

    peerDead(h: HostId): void {
      if (h === 'A' && engineLive()) whenBackupSilent(k, fencing, p.fenceMs as number, engineLive, () => engine.send({ type: 'backup.lost' }));
      if (h === 'B' && backupLive()) backup.send({ type: 'source.failed' });
    },

    hostDown(h: HostId): void {
      if (h === 'A' && stats.crashAtUs === null) {
        stats.crashAtUs = now();
        bufferAtCrash = buffer;
        if (stats.pauseStartUs !== null) {
          stats.pausedUs += now() - stats.pauseStartUs;
          stats.pauseStartUs = null;
        }
      }
      if (h === 'B' && k.isUp('A')) k.note('host B is down: host A runs on unprotected once it notices.');
    },

    frame() {
      const e = engine.getSnapshot();
      const b = backup.getSnapshot();
      // Rebuilt only when something it shows changed (most instants are heartbeats and I/O).
      if (lastFrame && lastFrame.engine === e && lastFrame.backup === b && lastFrame.version === version && lastFrame.vmHost === k.vmHost()) return lastFrame.part;
      const ctx = e.context as RemusContext;
      const byEpoch = new Map<number, BufferedEpoch>();
      for (const held of buffer) {
        const prev = byEpoch.get(held.checkpoint) ?? { checkpoint: held.checkpoint, outputs: 0, bytes: 0 };
        byEpoch.set(held.checkpoint, { checkpoint: held.checkpoint, outputs: prev.outputs + 1, bytes: prev.bytes + held.request.bytes });
      }
      const primaryState = !k.isUp('A') ? 'down' : e.value === 'unprotected' ? 'unprotected' : e.value === 'pausing' || e.value === 'copying' ? 'syncing' : 'protected';
      const replication: ReplicationFrame = {
        protocol: bufferOutput ? 'remus' : 'naive',
        primary: primaryState,
        backup: !k.isUp('B') ? 'down' : (b.value as ReplicationFrame['backup']),
        syncs: ctx.checkpoint,
        syncsAcked: ctx.committed,
        backupHoldsSync: holdsCheckpoint,
        lastSyncAtUs: pipeline.length ? pipeline[pipeline.length - 1].pauseAtUs : null,
        guestPauseFraction: pauseFraction(),
        bytesReplicated: stats.bytes,
        takeoverAtUs: stats.takeoverAtUs,
        splitBrain: stats.splitBrain,
        trapEvents: false,
        fencing,
        checkpoint: ctx.checkpoint,
        committed: ctx.committed,
        buffer: [...byEpoch.values()],
        pipeline: [...pipeline],
        unsafeNow: !bufferOutput && stats.unsafe && generation === 0,
        latencies: recentLatencies,
      };
      lastFrame = { engine: e, backup: b, version, vmHost: k.vmHost(), part: { replication } };
      return lastFrame.part;
    },

    result() {
      const m = metrics();
      const invariants: InvariantVerdict[] = [
        {
          name: 'output-commit',
          holds: stats.earlyOutputs === 0,
          detail: stats.earlyOutputs === 0 ? 'no output left before the backup acknowledged the checkpoint that produced it' : `broken: ${stats.firstEarlyOutput} (${stats.earlyOutputs} in all)`,
        },
        { name: 'release-in-order', holds: stats.outOfOrderReleases === 0, detail: `${stats.outOfOrderReleases} output(s) released ahead of an earlier epoch's` },
        {
          name: 'backup-disk-committed-only',
          holds: uncommittedOnBackupDisk === 0,
          detail: uncommittedOnBackupDisk === 0 ? 'the backup\'s disk only ever got writes of acknowledged checkpoints' : `${uncommittedOnBackupDisk} write(s) reached the backup's disk before their checkpoint`,
        },
        {
          name: 'failover-from-last-checkpoint',
          holds: stats.failoverStateMatches !== false,
          detail: stats.failoverStateMatches === null ? 'no failover in this run' : stats.failoverStateMatches ? `the backup resumed exactly the primary's state at checkpoint ${holdsCheckpoint}` : 'the backup resumed a state that differs from its last checkpoint',
        },
        { name: 'no-output-lost-on-failover', holds: m.outputsLost === 0, detail: `${m.outputsLost} output(s) of the surviving copy never left` },
        { name: 'no-split-brain', holds: !stats.splitBrain, detail: stats.splitBrain ? 'host B took over while host A was still running' : 'never two primaries at once' },
      ];
      if (dropped > 0) invariants.push({ name: 'output-buffer-overflow', holds: true, detail: `${dropped} packet(s) dropped because the 10 MiB buffer was full (never released early)` });
      return { metrics: { replication: m }, invariants };
    },
  };
}
