/**
 * Pre-copy's state in the world as one plain record, and its figures as named functions over it:
 * the outcome, Clark's stage, the metrics the runner prints (DESIGN §10 `metrics.migration`), the
 * frame the view draws and the rules a run is judged by.
 * @see ./precopy-protocol.ts (the steps that change it)
 */
import type { Actor } from 'xstate';
import type { migrationTargetMachine } from '../machines/migration-target.machine';
import type { VmRestore } from '../machines/vm.machine';
import { ADAPTIVE_MAX_BPS, XEN3_MAX_FACTOR, XEN3_MAX_LIVE_ROUNDS } from '../sim/precopy';
import type { Micros } from '../sim/time';
import type { HostId } from './frame';
import type { MigrationFrame, MigrationMetrics, MigrationOutcome } from './migration-frame';
import type { InvariantVerdict, WorldPort } from './port';
import type { PrecopyEngine } from './precopy-engine';
import { gridCells, type GridBook } from './precopy-grids';

const STAGE_NAMES = ['pre-migration', 'reservation', 'iterative pre-copy', 'stop-and-copy', 'commitment', 'activation'];

export interface Migration {
  readonly engine: PrecopyEngine;
  readonly target: Actor<typeof migrationTargetMachine>;
  readonly migrateAtUs: Micros;
  readonly linkBitsPerSec: number;
  /** B's copy of the guest: the version of each page it holds (what arrived last), and whether it has one. */
  readonly copyVersions: Uint32Array;
  readonly copyHas: Uint8Array;
  copyCount: number;
  readonly grid: GridBook;
  /** The guest's vCPU and ring state when it was suspended: what B's image holds besides pages. */
  image: VmRestore | null;
  activationConfirmed: boolean;
  readonly times: { suspendedAtUs: Micros | null; committedAtUs: Micros | null; activatedAtUs: Micros | null; resumedOnAAtUs: Micros | null };
  aborted: boolean;
  /** A, past the commitment point, threw its suspended copy away (it heard nothing from B). */
  discardedOnA: boolean;
  /** The link was cut during the migration (its stream lost what was on the wire). */
  lostToCut: boolean;
  /** Pages of B's copy older than A's at activation (null before it). */
  lostUpdates: number | null;
  /** The last frame and what it was built from (rebuilt only when one of them changed). */
  lastFrame: { engine: unknown; target: unknown; loop: number; grid: unknown; vmHost: HostId | null; outcome: MigrationOutcome; resumedOnAAtUs: Micros | null; frame: MigrationFrame } | null;
}

export function outcome(port: WorldPort, m: Migration): MigrationOutcome {
  if (m.times.activatedAtUs !== null) return 'completed';
  if (m.times.committedAtUs !== null) {
    // Past the commitment point only B's activation can run the VM.
    const activating = port.isUp('B') && m.target.getSnapshot().value === 'activating';
    return port.vmHost() === null && !activating && (!port.isUp('B') || m.target.getSnapshot().value === 'discarded' || m.discardedOnA) ? 'vm-lost' : 'in-progress';
  }
  if (port.vmHost() === null) return 'vm-lost';
  if (m.aborted) return 'aborted';
  if (m.engine.actor.getSnapshot().value === 'idle') return 'not-started';
  if (!port.vmAlive()) return 'vm-lost';
  return 'in-progress';
}

/** Clark's stage, 0–5. */
function stage(m: Migration): number {
  if (m.times.activatedAtUs !== null) return 5;
  if (m.times.committedAtUs !== null) return 4;
  const value = m.engine.actor.getSnapshot().value;
  const top = typeof value === 'string' ? value : Object.keys(value)[0];
  return { idle: 0, reserving: 1, precopy: 2, stopAndCopy: 3, committed: 4, aborted: 0 }[top] ?? 0;
}

export function migrationMetrics(port: WorldPort, m: Migration): MigrationMetrics {
  const { times } = m;
  const loop = m.engine.loop;
  const down =
    times.activatedAtUs !== null && times.suspendedAtUs !== null
      ? times.activatedAtUs - times.suspendedAtUs
      : times.suspendedAtUs !== null && times.resumedOnAAtUs !== null
        ? times.resumedOnAAtUs - times.suspendedAtUs
        : null;
  return {
    rounds: loop.rounds.map(({ index, pagesSent, startUs, endUs, rateBitsPerSec }) => ({ index, pagesSent, startUs, endUs, rateBitsPerSec })),
    stopReason: loop.stopReason,
    totalPagesSent: loop.totalSent,
    totalTimeUs: times.activatedAtUs !== null ? times.activatedAtUs - m.migrateAtUs : null,
    downtimeUs: down,
    outcome: outcome(port, m),
  };
}

/** The grids' cells now (redrawn when a batch or round changes them, their dirt every 100 ms of simulated time). */
export function migrationGrids(port: WorldPort, m: Migration): { A: Uint8Array; B: Uint8Array } {
  return gridCells(m.grid, port.memory, port.now(), m.times.activatedAtUs !== null, m.aborted, () => m.target.getSnapshot().value === 'discarded');
}

/** The migration as the screen shows it now (the grids as `migrationGrids` last drew them: after every instant, see ProtocolPart.afterInstant). */
export function migrationFrame(port: WorldPort, m: Migration): MigrationFrame {
  const engineSnap = m.engine.actor.getSnapshot();
  const targetSnap = m.target.getSnapshot();
  const loop = m.engine.loop;
  const g = migrationGrids(port, m);
  const last = m.lastFrame;
  // The outcome and A's resumption can change with no machine moving (host B dies after the commit,
  // and A takes its suspended copy back), so they are part of what the frame was built from.
  const from = { outcome: outcome(port, m), resumedOnAAtUs: m.times.resumedOnAAtUs };
  if (
    last &&
    last.engine === engineSnap &&
    last.target === targetSnap &&
    last.loop === loop.version &&
    last.vmHost === port.vmHost() &&
    last.outcome === from.outcome &&
    last.resumedOnAAtUs === from.resumedOnAAtUs
  ) {
    if (last.grid !== g) m.lastFrame = { ...last, grid: g, frame: { ...last.frame, grid: { ...last.frame.grid, A: g.A, B: g.B } } };
    return m.lastFrame!.frame;
  }
  const s = stage(m);
  const metrics = migrationMetrics(port, m);
  const frame: MigrationFrame = {
    kind: 'migration',
    technique: 'migration',
    stage: s,
    stageName: STAGE_NAMES[s],
    outcome: metrics.outcome,
    round: loop.round,
    finalRound: loop.final,
    roundPagesPlanned: loop.toSend.length,
    roundPagesSent: loop.sentThisRound,
    roundStartUs: loop.roundStartUs,
    rateBitsPerSec: loop.rateLimit === 'adaptive' ? Math.min(loop.final ? ADAPTIVE_MAX_BPS : loop.rateBitsPerSec, m.linkBitsPerSec) : m.linkBitsPerSec,
    rounds: loop.rounds,
    stopReason: loop.stopReason,
    totalPagesSent: loop.totalSent,
    migrateAtUs: m.migrateAtUs,
    suspendedAtUs: m.times.suspendedAtUs,
    activatedAtUs: m.times.activatedAtUs,
    downtimeUs: metrics.downtimeUs,
    totalTimeUs: metrics.totalTimeUs,
    dirtyPagesPerSec: port.params.dirtyPagesPerSec,
    linkBitsPerSec: m.linkBitsPerSec,
    grid: { cellPages: 1 << m.grid.shift, cells: m.grid.cells, A: g.A, B: g.B },
  };
  m.lastFrame = { engine: engineSnap, target: targetSnap, loop: loop.version, grid: g, vmHost: port.vmHost(), ...from, frame };
  return frame;
}

/** The rules a migration is judged by: no lost update, every page sent, Xen's bounds, transactional safety. */
export function precopyInvariants(port: WorldPort, m: Migration, metrics: MigrationMetrics): InvariantVerdict[] {
  const loop = m.engine.loop;
  const n = port.memory.pageCount;
  const invariants: InvariantVerdict[] = [];
  if (metrics.outcome === 'completed') {
    invariants.push({ name: 'no-lost-update', holds: m.lostUpdates === 0, detail: m.lostUpdates === 0 ? "at activation every page on B has A's latest version" : `${m.lostUpdates} page(s) on B were older than A's at activation` });
    invariants.push({ name: 'every-page-sent', holds: m.copyCount === n, detail: `${m.copyCount} of ${n} pages reached B` });
  }
  if (loop.policy === 'xen3' && loop.rounds.length > 0) {
    const ok = loop.rounds.length <= XEN3_MAX_LIVE_ROUNDS + 1 && loop.totalSent <= (XEN3_MAX_FACTOR + 2) * n;
    invariants.push({ name: 'xen3-bounds', holds: ok, detail: `${loop.rounds.length} iteration(s) (at most 30), ${loop.totalSent} pages sent (at most 5N = ${5 * n})` });
  }
  const safe = metrics.outcome !== 'aborted' || port.vmHost() === 'A' || !port.isUp('A');
  invariants.push({
    name: 'transactional-safety',
    holds: safe,
    detail:
      metrics.outcome === 'aborted'
        ? safe
          ? 'aborted before commitment: the VM runs on host A'
          : 'aborted, yet the VM does not run on A'
        : metrics.outcome === 'vm-lost'
          ? 'host A failed before commitment: migration is not high availability'
          : 'no failure before commitment',
  });
  return invariants;
}
