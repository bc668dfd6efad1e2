/**
 * Pre-copy live migration in the world: the engine on host A (save loop and stages), the receiving
 * side on host B, the messages between them on the replication link, B's copy of the guest's pages,
 * the memory grids and the metrics. At `migrateAtMs` the migration starts; until commitment A is primary.
 * @see ../../shared/DESIGN.md §4 (Pre-copy live migration) and research/domain-facts.md §1–2
 */
import { migrationTargetMachine, type MigrationTargetEmitted } from '../machines/migration-target.machine';
import { precopyMachine, type Batch, type PrecopyEmitted } from '../machines/precopy.machine';
import { CONTROL_MESSAGE_BYTES } from '../sim/link-model';
import { PAGE_BYTES } from '../sim/memory';
import { formatSpanForPeople, ms } from '../sim/time';
import type { HostId } from './frame';
import type { DeliveredMessage, Emitted, Installer } from './port';
import { createPrecopyEngine } from './precopy-engine';
import { migrationFrame, migrationGrids, migrationMetrics, precopyInvariants, type Migration } from './precopy-figures';
import { precopyFailureHooks } from './precopy-failures';
import { batchLeaves, createGridBook, pageArrives } from './precopy-grids';

const STOP_WORDS: Record<string, string> = {
  'few-pages': 'the last round sent fewer than 50 pages',
  'max-rounds': 'the round limit was reached',
  'max-factor': 'more than 3 × the memory was sent',
  'rate-at-max': 'at the maximum rate the round sent more than the one before',
  'below-downtime-limit': 'what remains fits in the downtime limit',
  'stop-and-copy': 'no live rounds (stop-and-copy)',
};

export const installPrecopy: Installer = (port) => {
  const p = port.params;
  const memory = port.memory;
  const n = memory.pageCount;
  const linkBitsPerSec = p.bandwidthMbps * 1e6;
  const actor = port.make('hostA.precopy', precopyMachine, undefined);
  const engine = createPrecopyEngine(actor, memory, { policy: p.stopPolicy, rateLimit: p.rateLimit, skipRedirtied: p.skipRedirtied, linkBitsPerSec, downtimeLimitMs: p.downtimeLimitMs });
  const loop = engine.loop;
  const target = port.make('hostB.migration', migrationTargetMachine, { resumeMs: p.resumeMs });
  const now = () => port.now();
  // (A second attempt, installed after its migrateAtMs, starts as it is installed: ./migration-retry.ts.)
  const migrateAtUs = Math.max(ms(p.migrateAtMs), port.now());
  /** The suspend handshake on A before the final round (Remus §2.3: 30–40 ms on Xen 3.x's xend path). */
  const suspendHandshakeUs = ms(p.migrationSuspendMs);
  const m: Migration = {
    engine,
    target,
    migrateAtUs,
    linkBitsPerSec,
    copyVersions: new Uint32Array(n),
    copyHas: new Uint8Array(n),
    copyCount: 0,
    grid: createGridBook(memory),
    image: null,
    activationConfirmed: false,
    times: { suspendedAtUs: null, committedAtUs: null, activatedAtUs: null, resumedOnAAtUs: null },
    aborted: false,
    discardedOnA: false,
    lostToCut: false,
    lostUpdates: null,
    lastFrame: null,
  };
  const { times, grid, copyVersions, copyHas } = m;

  const engineLive = () => actor.getSnapshot().status === 'active' && port.isUp('A');
  const targetLive = () => target.getSnapshot().status === 'active' && port.isUp('B');
  const control = (from: HostId, kind: string) => port.send({ from, to: from === 'A' ? 'B' : 'A', kind, bytes: CONTROL_MESSAGE_BYTES, traffic: 'control' });

  port.atInput(migrateAtUs, () => {
    port.record('lab', 'migrate.start', { from: 'A', to: 'B' });
    if (!engineLive() || port.vmHost() !== 'A' || !port.vmAlive()) {
      port.note('the migration could not start: the VM is not running on host A.');
      return;
    }
    port.note('migration of the VM from host A to host B begins (stage 1: reservation).');
    engine.start(now());
    // A host that already hears nothing from B gets no reservation: give up at once.
    if (port.suspectsPeer('A')) engine.abort(now(), 'host B does not answer');
  });

  function sendBatch(batch: Batch): void {
    batchLeaves(grid, batch.pages);
    const bytes = batch.pages.length * PAGE_BYTES + (batch.final ? PAGE_BYTES : 0);
    port.send({ from: 'A', to: 'B', kind: batch.final ? 'pages+vcpu' : 'pages', bytes, traffic: 'bulk', rateBitsPerSec: batch.rateBitsPerSec, body: { batch } }, () => {
      if (engineLive()) engine.batchSent(now());
    });
  }

  function receiveBatch(batch: Batch): void {
    for (let i = 0; i < batch.pages.length; i++) {
      const page = batch.pages[i];
      pageArrives(grid, page, !copyHas[page]);
      if (!copyHas[page]) {
        copyHas[page] = 1;
        m.copyCount++;
      }
      copyVersions[page] = batch.versions[i];
    }
    grid.version++;
    if (targetLive()) target.send({ type: 'batch.arrived', final: batch.final });
  }

  function activate(): void {
    times.activatedAtUs = now();
    // No lost update: every page of B's copy must hold the version A last wrote.
    let stale = 0;
    for (let i = 0; i < n; i++) if (!copyHas[i] || copyVersions[i] !== memory.versions[i]) stale++;
    m.lostUpdates = stale;
    port.destroyGuest('A');
    port.createGuest('B');
    if (port.vmAlive()) port.resumeVm();
    else if (m.image) port.startVm(m.image, undefined, 'B'); // A died after committing: B's image is all there is, and enough.
    port.setVmHost('B');
    control('B', 'activated');
    const down = times.activatedAtUs - (times.suspendedAtUs ?? times.activatedAtUs);
    port.note(`the VM runs on host B (stage 5). Downtime ${formatSpanForPeople(down)}, total migration time ${formatSpanForPeople(times.activatedAtUs - migrateAtUs)}.`);
  }

  return {
    mayRestartVm: false,
    retries: true,

    route(_source: string, emitted: Emitted): boolean {
      const e = emitted as PrecopyEmitted | MigrationTargetEmitted;
      switch (e.type) {
        case 'migration.reserve':
          control('A', 'reserve.request');
          return true;
        case 'reserve.granted':
          control('B', 'reserve.granted');
          return true;
        case 'logdirty.enable':
          port.setLogDirty('A', true);
          return true;
        case 'round.start':
          grid.sentThisRound.fill(0);
          grid.version++;
          if (e.final) port.note(`stage 3: the VM is suspended on host A; the final round sends ${e.pages} dirty pages and the vCPU state.`);
          return true;
        case 'batch.send':
          sendBatch(e.batch);
          return true;
        case 'precopy.stop':
          port.note(`pre-copy stops after round ${loop.round}: ${STOP_WORDS[e.reason] ?? e.reason}.`);
          return true;
        case 'guest.suspend':
          times.suspendedAtUs = now();
          port.pauseGuest('A');
          // The suspend handshake (xend asks the guest through xenstore and waits for it to stop) takes
          // migrationSuspendMs, with the VM already down; the final round starts once it is through.
          // With 0, after whatever else this instant still holds.
          port.at(now() + suspendHandshakeUs, () => {
            if (!engineLive()) return;
            m.image = port.guestState();
            engine.suspended(now());
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
          port.note('stage 4: host A commits; host B is the primary now.');
          return true;
        case 'vm.activated':
          if (port.isUp('B')) activate();
          return true;
        case 'arp.gratuitous':
          port.note("host B sends a gratuitous ARP: the network now delivers the VM's traffic to B.");
          return true;
        case 'migration.aborted':
          m.aborted = true;
          grid.inFlight.fill(0);
          grid.version++;
          if (e.resumeGuest && port.isUp('A') && port.vmHost() === 'A') {
            times.resumedOnAAtUs = now();
            port.resumeGuest('A');
          }
          port.setLogDirty('A', false);
          // Tell B, which drops its partial copy (if the link carries it; else B's own detector will).
          control('A', 'abort');
          port.note(`the migration is aborted (${e.reason}): the VM ${port.vmHost() === 'A' ? 'keeps running on host A' : 'is gone'}.`);
          return true;
        case 'copy.discarded':
          if (times.committedAtUs === null) port.note('host B discards its partial copy of the VM.');
          else {
            // A committed, but its commit never reached B: B knows only that A went silent before committing.
            port.note(`host B never got host A's commit and discards its image${port.vmHost() === null ? ': no copy of the VM runs anywhere (the VM is lost).' : '.'}`);
            if (port.vmHost() === null) port.vmLost();
          }
          return true;
        default:
          return false;
      }
    },

    delivered(msg: DeliveredMessage): boolean {
      switch (msg.kind) {
        case 'reserve.request':
          if (targetLive()) target.send({ type: 'reserve.request' });
          return true;
        case 'reserve.granted':
          if (engineLive()) engine.granted(now());
          return true;
        case 'pages':
        case 'pages+vcpu':
          receiveBatch((msg.body as { batch: Batch }).batch);
          return true;
        case 'image.complete':
          if (engineLive()) engine.imageComplete(now());
          return true;
        case 'commit':
          if (targetLive()) target.send({ type: 'commit.received' });
          return true;
        case 'abort':
          if (targetLive()) target.send({ type: 'source.failed' });
          return true;
        case 'activated':
          m.activationConfirmed = true;
          return true;
        default:
          return false;
      }
    },

    ...precopyFailureHooks(port, m, { engineLive, targetLive, control }),

    afterInstant: () => void migrationGrids(port, m),
    frame: () => migrationFrame(port, m),

    result() {
      const metrics = migrationMetrics(port, m);
      return { metrics: { migration: metrics }, invariants: precopyInvariants(port, m, metrics) };
    },
  };
};
