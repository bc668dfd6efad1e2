/**
 * Pre-copy live migration in the world: the sending engine on host A, the receiving side on host B,
 * the messages between them on the replication link, B's copy of the guest's pages, the memory grids
 * and the metrics. At `migrateAtMs` the migration starts; until commitment A is primary.
 * @see ../../shared/DESIGN.md §4 (Pre-copy live migration) and research/domain-facts.md §1–2
 */
import { migrationTargetMachine } from '../machines/migration-target.machine';
import { precopyMachine, type Batch, type PrecopyContext } from '../machines/precopy.machine';
import type { VmContext, VmRestore } from '../machines/vm.machine';
import { CONTROL_MESSAGE_BYTES } from '../sim/link-model';
import { PAGE_BYTES } from '../sim/memory';
import { ADAPTIVE_MAX_BPS, XEN3_MAX_FACTOR, XEN3_MAX_LIVE_ROUNDS, type RateLimit, type StopPolicy } from '../sim/precopy';
import { formatMillis, ms, type Micros } from '../sim/time';
import { CELL_DIRTY, CELL_EMPTY, CELL_IN_FLIGHT, CELL_SENT, type HostId, type MigrationFrame, type MigrationMetrics, type MigrationOutcome } from './frame';

// Local copies: the grid loop runs per frame over every cell.
const EMPTY = CELL_EMPTY;
const SENT = CELL_SENT;
const DIRTY = CELL_DIRTY;
const IN_FLIGHT = CELL_IN_FLIGHT;
import type { DeliveredMessage, Emitted, InvariantVerdict, Protocol, WorldKernel } from './kernel';

/** How often newly dirtied pages show in the grids (simulated µs). */
const GRID_DIRT_REFRESH_US = 100_000;

const STAGE_NAMES = ['pre-migration', 'reservation', 'iterative pre-copy', 'stop-and-copy', 'commitment', 'activation'];

const STOP_WORDS: Record<string, string> = {
  'few-pages': 'the last round sent fewer than 50 pages',
  'max-rounds': 'the round limit was reached',
  'max-factor': 'more than 3 × the memory was sent',
  'rate-at-max': 'at the maximum rate the round sent more than the one before',
  'below-downtime-limit': 'what remains fits in the downtime limit',
  'stop-and-copy': 'no live rounds (stop-and-copy)',
};

export function installPrecopy(k: WorldKernel): Protocol {
  const p = k.spec.params;
  const memory = k.memory;
  const n = memory.pageCount;
  const linkBitsPerSec = (p.bandwidthMbps as number) * 1e6;
  const engine = k.make('hostA.precopy', precopyMachine, {
    memory,
    policy: p.stopPolicy as StopPolicy,
    rateLimit: p.rateLimit as RateLimit,
    skipRedirtied: p.skipRedirtied as boolean,
    linkBitsPerSec,
    downtimeLimitMs: p.downtimeLimitMs as number,
  });
  const target = k.make('hostB.migration', migrationTargetMachine, { resumeMs: p.resumeMs as number });
  const now = () => k.clock.now();
  const migrateAtUs = ms(p.migrateAtMs as number);

  // B's copy of the guest: the version of each page it holds (what arrived last), and whether it has one.
  const copyVersions = new Uint32Array(n);
  const copyHas = new Uint8Array(n);
  let copyCount = 0;
  // Grid bookkeeping per cell: pages on the wire, pages sent this round, pages B holds.
  const shift = memory.cellShift;
  const cells = memory.dirtyPerCell.length;
  const inFlight = new Uint32Array(cells);
  const sentThisRound = new Uint32Array(cells);
  const received = new Uint32Array(cells);
  let gridVersion = 0;

  /** The guest's vCPU and ring state when it was suspended: what B's image holds besides pages. */
  let image: VmRestore | null = null;
  let activationConfirmed = false;

  /** B died between A's commit and its activation: A still has the suspended VM and resumes it. */
  function takeBack(): void {
    aborted = true;
    times.resumedOnAAtUs = now();
    k.hypervisors.A.send({ type: 'guest.resume' });
    k.note('host B died before the VM ran there: host A resumes its own suspended copy.');
  }

  const times = { suspendedAtUs: null as Micros | null, committedAtUs: null as Micros | null, activatedAtUs: null as Micros | null, resumedOnAAtUs: null as Micros | null };
  let aborted = false;
  let lostUpdates: number | null = null;

  const engineCtx = () => engine.getSnapshot().context as PrecopyContext;
  const engineLive = () => engine.getSnapshot().status === 'active' && k.isUp('A');
  const targetLive = () => target.getSnapshot().status === 'active' && k.isUp('B');
  const pickRestore = (ctx: VmContext): VmRestore => ({ clockSeq: ctx.clockSeq, outputsIssued: ctx.outputsIssued, net: ctx.net, blk: ctx.blk });
  const control = (from: HostId, kind: string) => k.sendOnLink({ from, to: from === 'A' ? 'B' : 'A', kind, bytes: CONTROL_MESSAGE_BYTES, traffic: 'control' });

  k.atInput(migrateAtUs, () => {
    k.trace.record(now(), 'lab', 'migrate.start', { from: 'A', to: 'B' });
    if (!engineLive() || k.vmHost() !== 'A' || !k.vmAlive()) {
      k.note('the migration could not start: the VM is not running on host A.');
      return;
    }
    k.note('migration of the VM from host A to host B begins (stage 1: reservation).');
    engine.send({ type: 'migrate.start', atUs: now() });
    // A host that already hears nothing from B gets no reservation: give up at once.
    if (k.suspectsPeer('A')) engine.send({ type: 'migrate.abort', atUs: now(), reason: 'host B does not answer' });
  });

  function sendBatch(batch: Batch): void {
    for (const page of batch.pages) {
      inFlight[page >> shift]++;
      sentThisRound[page >> shift]++;
    }
    gridVersion++;
    const bytes = batch.pages.length * PAGE_BYTES + (batch.final ? PAGE_BYTES : 0);
    k.sendOnLink({ from: 'A', to: 'B', kind: batch.final ? 'pages+vcpu' : 'pages', bytes, traffic: 'bulk', rateBitsPerSec: batch.rateBitsPerSec, body: { batch } }, () => {
      if (engineLive()) engine.send({ type: 'batch.sent', atUs: now() });
    });
  }

  function receiveBatch(batch: Batch): void {
    for (let i = 0; i < batch.pages.length; i++) {
      const page = batch.pages[i];
      inFlight[page >> shift]--;
      if (!copyHas[page]) {
        copyHas[page] = 1;
        copyCount++;
        received[page >> shift]++;
      }
      copyVersions[page] = batch.versions[i];
    }
    gridVersion++;
    if (targetLive()) target.send({ type: 'batch.arrived', final: batch.final });
  }

  function activate(): void {
    times.activatedAtUs = now();
    // No lost update: every page of B's copy must hold the version A last wrote.
    let stale = 0;
    for (let i = 0; i < n; i++) if (!copyHas[i] || copyVersions[i] !== memory.versions[i]) stale++;
    lostUpdates = stale;
    if (k.isUp('A')) k.hypervisors.A.send({ type: 'guest.destroy' });
    k.hypervisors.B.send({ type: 'guest.create' });
    if (k.vmAlive()) k.resumeVm();
    else if (image) k.startVm(image, undefined, 'B'); // A died after committing: B's image is all there is, and enough.
    k.setVmHost('B');
    control('B', 'activated');
    const down = times.activatedAtUs - (times.suspendedAtUs ?? times.activatedAtUs);
    k.note(`the VM runs on host B (stage 5). Downtime ${formatMillis(down)}, total migration time ${formatMillis(times.activatedAtUs - migrateAtUs)}.`);
  }

  function outcome(): MigrationOutcome {
    if (times.activatedAtUs !== null) return 'completed';
    if (k.vmHost() === null && (times.committedAtUs === null || !k.isUp('B'))) return 'vm-lost';
    if (aborted) return 'aborted';
    if (engine.getSnapshot().value === 'idle') return 'not-started';
    if (!k.vmAlive()) return 'vm-lost';
    return 'in-progress';
  }

  function stage(): number {
    if (times.activatedAtUs !== null) return 5;
    if (times.committedAtUs !== null) return 4;
    const value = engine.getSnapshot().value;
    const top = typeof value === 'string' ? value : Object.keys(value)[0];
    return { idle: 0, reserving: 1, precopy: 2, stopAndCopy: 3, committed: 4, aborted: 0 }[top] ?? 0;
  }

  let lastGrid: { version: number; tick: number; activated: boolean; aborted: boolean; A: Uint8Array; B: Uint8Array } | null = null;
  let lastFrame: { engine: unknown; target: unknown; grid: unknown; vmHost: HostId | null; part: { migration: MigrationFrame } } | null = null;
  function grids(): { A: Uint8Array; B: Uint8Array } {
    // Batches and rounds redraw the grids at once; newly dirtied pages at most every 100 ms (simulated),
    // which keeps the recorded frames small without hiding anything a person could see.
    const tick = Math.floor(now() / GRID_DIRT_REFRESH_US);
    const activated = times.activatedAtUs !== null;
    if (lastGrid && lastGrid.version === gridVersion && lastGrid.tick === tick && lastGrid.activated === activated && lastGrid.aborted === aborted) return lastGrid;
    const a = new Uint8Array(cells);
    const b = new Uint8Array(cells);
    const discarded = aborted || target.getSnapshot().value === 'discarded';
    const dirty = memory.dirtyPerCell;
    for (let c = 0; c < cells; c++) {
      // After activation A has discarded its copy; after an abort B has.
      a[c] = activated ? EMPTY : inFlight[c] > 0 ? IN_FLIGHT : dirty[c] > 0 ? DIRTY : sentThisRound[c] > 0 ? SENT : EMPTY;
      b[c] = discarded ? EMPTY : inFlight[c] > 0 ? IN_FLIGHT : received[c] === 0 ? EMPTY : dirty[c] > 0 && !activated ? DIRTY : SENT;
    }
    lastGrid = { version: gridVersion, tick, activated, aborted, A: a, B: b };
    return lastGrid;
  }

  function metrics(): MigrationMetrics {
    const ctx = engineCtx();
    const down = times.activatedAtUs !== null && times.suspendedAtUs !== null
      ? times.activatedAtUs - times.suspendedAtUs
      : times.suspendedAtUs !== null && times.resumedOnAAtUs !== null
        ? times.resumedOnAAtUs - times.suspendedAtUs
        : null;
    return {
      rounds: ctx.rounds.map(({ index, pagesSent, startUs, endUs, rateBitsPerSec }) => ({ index, pagesSent, startUs, endUs, rateBitsPerSec })),
      stopReason: ctx.stopReason,
      totalPagesSent: ctx.totalSent,
      totalTimeUs: times.activatedAtUs !== null ? times.activatedAtUs - migrateAtUs : null,
      downtimeUs: down,
      outcome: outcome(),
    };
  }

  return {
    route(_source: string, e: Emitted): boolean {
      switch (e.type) {
        case 'migration.reserve':
          control('A', 'reserve.request');
          return true;
        case 'reserve.granted':
          control('B', 'reserve.granted');
          return true;
        case 'logdirty.enable':
          if (k.isUp('A')) k.hypervisors.A.send({ type: 'logdirty.enable' });
          return true;
        case 'round.start':
          sentThisRound.fill(0);
          gridVersion++;
          if (e.final) k.note(`stage 3: the VM is suspended on host A; the final round sends ${e.pages} dirty pages and the vCPU state.`);
          return true;
        case 'batch.send':
          sendBatch(e.batch as Batch);
          return true;
        case 'precopy.stop':
          k.note(`pre-copy stops after round ${engineCtx().round}: ${STOP_WORDS[e.reason as string] ?? e.reason}.`);
          return true;
        case 'guest.suspend':
          times.suspendedAtUs = now();
          if (k.isUp('A')) k.hypervisors.A.send({ type: 'guest.pause' });
          // Confirm once the pause has gone through, after whatever else this instant still holds.
          k.at(now(), () => {
            if (!engineLive()) return;
            image = pickRestore(k.vm.getSnapshot().context as VmContext);
            engine.send({ type: 'guest.suspended', atUs: now() });
          });
          return true;
        case 'image.complete':
          control('B', 'image.complete');
          return true;
        case 'migration.commit':
          // A acknowledges: the migration is committed and B's copy is the VM from now on. A keeps its
          // suspended copy until B says the VM runs there, so a B that dies now costs nothing.
          times.committedAtUs = now();
          control('A', 'commit');
          k.note('stage 4: host A commits; host B is the primary now.');
          return true;
        case 'vm.activated':
          if (k.isUp('B')) activate();
          return true;
        case 'arp.gratuitous':
          k.note('host B sends a gratuitous ARP: the network now delivers the VM\'s traffic to B.');
          return true;
        case 'migration.aborted':
          aborted = true;
          inFlight.fill(0);
          gridVersion++;
          if (e.resumeGuest && k.isUp('A') && k.vmHost() === 'A') {
            times.resumedOnAAtUs = now();
            k.hypervisors.A.send({ type: 'guest.resume' });
          }
          if (k.isUp('A')) k.hypervisors.A.send({ type: 'logdirty.disable' });
          k.note(`the migration is aborted (${e.reason}): the VM ${k.vmHost() === 'A' ? 'keeps running on host A' : 'is gone'}.`);
          return true;
        case 'copy.discarded':
          k.note('host B discards its partial copy of the VM.');
          return true;
        default:
          return false;
      }
    },

    delivered(m: DeliveredMessage): boolean {
      switch (m.kind) {
        case 'reserve.request':
          if (targetLive()) target.send({ type: 'reserve.request' });
          return true;
        case 'reserve.granted':
          if (engineLive()) engine.send({ type: 'reserve.granted', atUs: now() });
          return true;
        case 'pages':
        case 'pages+vcpu':
          receiveBatch((m.body as { batch: Batch }).batch);
          return true;
        case 'image.complete':
          if (engineLive()) engine.send({ type: 'image.complete', atUs: now() });
          return true;
        case 'commit':
          if (targetLive()) target.send({ type: 'commit.received' });
          return true;
        case 'activated':
          activationConfirmed = true;
          return true;
        default:
          return false;
      }
    },

    peerDead(h: HostId): void {
      if (h === 'A' && k.isUp('A')) {
        if (times.committedAtUs === null && engineLive()) engine.send({ type: 'migrate.abort', atUs: now(), reason: 'host B does not answer' });
        else if (times.committedAtUs !== null && !activationConfirmed && k.vmHost() === 'A' && k.vmAlive()) takeBack();
      }
      if (h === 'B' && targetLive() && times.committedAtUs === null) target.send({ type: 'source.failed' });
    },

    vmSurvivesLossOf(h: HostId): boolean {
      // After A's commit, B holds a complete, consistent image: the migration completes without A.
      return h === 'A' && times.committedAtUs !== null && k.isUp('B');
    },

    linkCut(): void {
      // The migration's stream broke: whatever was on the wire is gone, so it cannot go on.
      if (times.committedAtUs === null && engineLive() && engine.getSnapshot().value !== 'idle') engine.send({ type: 'migrate.abort', atUs: now(), reason: 'the link was cut' });
    },

    frame() {
      const engineSnap = engine.getSnapshot();
      const targetSnap = target.getSnapshot();
      const g = grids();
      if (lastFrame && lastFrame.engine === engineSnap && lastFrame.target === targetSnap && lastFrame.vmHost === k.vmHost()) {
        if (lastFrame.grid !== g) {
          const migration = { ...lastFrame.part.migration, grid: { ...lastFrame.part.migration.grid, A: g.A, B: g.B } };
          lastFrame = { ...lastFrame, grid: g, part: { migration } };
        }
        return lastFrame.part;
      }
      const ctx = engineCtx();
      const s = stage();
      const m = metrics();
      const migration: MigrationFrame = {
        stage: s,
        stageName: STAGE_NAMES[s],
        outcome: m.outcome,
        round: ctx.round,
        finalRound: ctx.final,
        roundPagesPlanned: ctx.toSend.length,
        roundPagesSent: ctx.sentThisRound,
        roundStartUs: ctx.roundStartUs,
        rateBitsPerSec: ctx.rateLimit === 'adaptive' ? Math.min(ctx.final ? ADAPTIVE_MAX_BPS : ctx.rateBitsPerSec, linkBitsPerSec) : linkBitsPerSec,
        rounds: ctx.rounds,
        stopReason: ctx.stopReason,
        totalPagesSent: ctx.totalSent,
        migrateAtUs,
        suspendedAtUs: times.suspendedAtUs,
        activatedAtUs: times.activatedAtUs,
        downtimeUs: m.downtimeUs,
        totalTimeUs: m.totalTimeUs,
        dirtyPagesPerSec: p.dirtyPagesPerSec as number,
        linkBitsPerSec,
        grid: { cellPages: 1 << shift, cells, A: g.A, B: g.B },
      };
      lastFrame = { engine: engineSnap, target: targetSnap, grid: g, vmHost: k.vmHost(), part: { migration } };
      return lastFrame.part;
    },

    result() {
      const m = metrics();
      const ctx = engineCtx();
      const invariants: InvariantVerdict[] = [];
      if (m.outcome === 'completed') {
        invariants.push({ name: 'no-lost-update', holds: lostUpdates === 0, detail: lostUpdates === 0 ? 'at activation every page on B has A\'s latest version' : `${lostUpdates} page(s) on B were older than A's at activation` });
        invariants.push({ name: 'every-page-sent', holds: copyCount === n, detail: `${copyCount} of ${n} pages reached B` });
      }
      if (ctx.policy === 'xen3' && ctx.rounds.length > 0) {
        const ok = ctx.rounds.length <= XEN3_MAX_LIVE_ROUNDS + 1 && ctx.totalSent <= (XEN3_MAX_FACTOR + 2) * n;
        invariants.push({ name: 'xen3-bounds', holds: ok, detail: `${ctx.rounds.length} iteration(s) (at most 30), ${ctx.totalSent} pages sent (at most 5N = ${5 * n})` });
      }
      const safe = m.outcome !== 'aborted' || k.vmHost() === 'A' || !k.isUp('A');
      invariants.push({
        name: 'transactional-safety',
        holds: safe,
        detail: m.outcome === 'aborted' ? (safe ? 'aborted before commitment: the VM runs on host A' : 'aborted, yet the VM does not run on A') : m.outcome === 'vm-lost' ? 'host A failed before commitment: migration is not high availability' : 'no failure before commitment',
      });
      return { metrics: { migration: m }, invariants };
    },
  };
}
