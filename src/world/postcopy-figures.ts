/**
 * Post-copy's state in the world as one plain record, and its figures as named functions over it:
 * the outcome, the metrics the runner prints (`metrics.migration` as pre-copy's, and
 * `metrics.postcopy`), the frame the view draws (a migration frame with post-copy's figures) and the
 * rules a run is judged by.
 * @see ./postcopy-protocol.ts (the steps that change it)
 */
import type { Actor } from 'xstate';
import type { postcopyMachine } from '../machines/postcopy.machine';
import type { postcopyTargetMachine } from '../machines/postcopy-target.machine';
import type { PushOrder } from '../sim/postcopy';
import type { Micros } from '../sim/time';
import { CELL_EMPTY, CELL_IN_FLIGHT, CELL_PULLED, CELL_SENT, type MigrationFrame, type MigrationMetrics, type MigrationOutcome, type PostcopyMetrics } from './migration-frame';
import type { InvariantVerdict, WorldPort } from './port';

/** B's copy of a page: none yet, pushed by A, or pulled after a network fault. */
export const ON_B_NONE = 0;
export const ON_B_PUSHED = 1;
export const ON_B_PULLED = 2;

/** Counts per memory-grid cell, kept as pages move (one cell per `1 << shift` pages). */
export interface PostcopyCells {
  readonly shift: number;
  readonly sent: Uint32Array;
  readonly inFlight: Uint32Array;
  readonly onB: Uint32Array;
  readonly pulled: Uint32Array;
}

export interface Postcopy {
  readonly source: Actor<typeof postcopyMachine>;
  readonly target: Actor<typeof postcopyTargetMachine>;
  readonly migrateAtUs: Micros;
  readonly linkBitsPerSec: number;
  /** What A has sent, and what it pushes next. */
  readonly order: PushOrder;
  /** B's copy of each page (ON_B_*). */
  readonly onB: Uint8Array;
  onBCount: number;
  /** The pages the stalled guest on B waits for (1 each). */
  readonly waiting: Uint8Array;
  readonly cells: PostcopyCells;
  pagesPushed: number;
  pagesPulled: number;
  networkFaults: number;
  /** The guest on B is stalled on network faults: since when, how many pages it still waits for, and the earliest it can go on. */
  stall: { sinceUs: Micros; remaining: number; minEndUs: Micros } | null;
  stalledUs: number;
  lastFaultAtUs: Micros | null;
  readonly times: {
    suspendedAtUs: Micros | null;
    /** The vCPU state left A: from here A never runs the VM again. */
    stateSentAtUs: Micros | null;
    resumedAtUs: Micros | null;
    /** The last page left A. */
    lastPageSentAtUs: Micros | null;
    completeAtUs: Micros | null;
    resumedOnAAtUs: Micros | null;
  };
  aborted: boolean;
  /** Neither host holds the whole VM any more. */
  lost: boolean;
  /** Bumped whenever a page moves (the grids are redrawn only then). */
  version: number;
  lastGrid: { version: number; outcome: MigrationOutcome; A: Uint8Array; B: Uint8Array } | null;
}

export function postcopyOutcome(port: WorldPort, m: Postcopy): MigrationOutcome {
  if (m.times.completeAtUs !== null) return 'completed';
  if (m.lost) return 'vm-lost';
  if (m.aborted) return port.vmHost() === 'A' ? 'aborted' : 'vm-lost';
  if (port.vmHost() === null) {
    const resuming = port.isUp('B') && m.target.getSnapshot().value === 'resuming';
    return resuming ? 'in-progress' : 'vm-lost';
  }
  return m.source.getSnapshot().value === 'idle' ? 'not-started' : 'in-progress';
}

/** The stage in Clark's numbering, as the migration panel and the stage read it (4: B resuming, 5: the VM runs on B). */
function stageOf(m: Postcopy): { stage: number; name: string } {
  if (m.times.completeAtUs !== null) return { stage: 5, name: 'complete: every page on host B' };
  if (m.times.resumedAtUs !== null) return { stage: 5, name: 'running on host B, pages still arriving' };
  const target = m.target.getSnapshot().value;
  if (target === 'resuming') return { stage: 4, name: 'resuming on host B' };
  const value = m.source.getSnapshot().value;
  if (value === 'reserving') return { stage: 1, name: 'reservation' };
  if (value === 'suspending' || value === 'sendingState' || value === 'pushing') return { stage: 3, name: 'suspended: the vCPU state moves first' };
  return { stage: 0, name: 'pre-migration' };
}

export function postcopyMetrics(m: Postcopy, nowUs: Micros): PostcopyMetrics {
  const { times } = m;
  return {
    networkFaults: m.networkFaults,
    pagesPushed: m.pagesPushed,
    pagesPulled: m.pagesPulled,
    degradedTimeUs: times.completeAtUs !== null && times.resumedAtUs !== null ? times.completeAtUs - times.resumedAtUs : null,
    stalledUs: m.stalledUs + (m.stall ? nowUs - m.stall.sinceUs : 0),
    pagesOnB: m.onBCount,
  };
}

export function postcopyMigrationMetrics(port: WorldPort, m: Postcopy): MigrationMetrics {
  const { times } = m;
  const down =
    times.resumedAtUs !== null && times.suspendedAtUs !== null
      ? times.resumedAtUs - times.suspendedAtUs
      : times.resumedOnAAtUs !== null && times.suspendedAtUs !== null
        ? times.resumedOnAAtUs - times.suspendedAtUs
        : null;
  return {
    rounds: [],
    stopReason: null,
    totalPagesSent: m.pagesPushed + m.pagesPulled,
    totalTimeUs: times.completeAtUs !== null ? times.completeAtUs - m.migrateAtUs : null,
    downtimeUs: down,
    outcome: postcopyOutcome(port, m),
  };
}

/** The pages in cell `c` of a memory of `n` pages. */
function cellSize(shift: number, c: number, n: number): number {
  return Math.min(1 << shift, n - (c << shift));
}

/** The grids' cells: A shows what it has sent and what is on the wire, B what it holds and what it pulled. */
export function postcopyGrids(port: WorldPort, m: Postcopy): { A: Uint8Array; B: Uint8Array } {
  const outcome = postcopyOutcome(port, m);
  const last = m.lastGrid;
  if (last && last.version === m.version && last.outcome === outcome) return last;
  const { shift, sent, inFlight, onB, pulled } = m.cells;
  const n = m.onB.length;
  const a = new Uint8Array(sent.length);
  const b = new Uint8Array(sent.length);
  const released = outcome === 'completed';
  const emptyB = outcome === 'aborted' || (outcome === 'vm-lost' && m.times.resumedAtUs === null);
  for (let c = 0; c < sent.length; c++) {
    const size = cellSize(shift, c, n);
    a[c] = released ? CELL_EMPTY : inFlight[c] > 0 ? CELL_IN_FLIGHT : sent[c] === size ? CELL_SENT : CELL_EMPTY;
    b[c] = emptyB ? CELL_EMPTY : inFlight[c] > 0 ? CELL_IN_FLIGHT : pulled[c] > 0 ? CELL_PULLED : onB[c] === size ? CELL_SENT : CELL_EMPTY;
  }
  m.lastGrid = { version: m.version, outcome, A: a, B: b };
  return m.lastGrid;
}

export function postcopyFrame(port: WorldPort, m: Postcopy): MigrationFrame {
  const metrics = postcopyMigrationMetrics(port, m);
  const g = postcopyGrids(port, m);
  const { stage, name } = stageOf(m);
  const { times } = m;
  return {
    kind: 'migration',
    technique: 'postcopy',
    stage,
    stageName: name,
    outcome: metrics.outcome,
    round: 0,
    finalRound: false,
    roundPagesPlanned: 0,
    roundPagesSent: 0,
    roundStartUs: 0,
    rateBitsPerSec: m.linkBitsPerSec,
    rounds: [],
    stopReason: null,
    totalPagesSent: metrics.totalPagesSent,
    migrateAtUs: m.migrateAtUs,
    suspendedAtUs: times.suspendedAtUs,
    activatedAtUs: times.resumedAtUs,
    downtimeUs: metrics.downtimeUs,
    totalTimeUs: metrics.totalTimeUs,
    dirtyPagesPerSec: port.params.dirtyPagesPerSec,
    linkBitsPerSec: m.linkBitsPerSec,
    grid: { cellPages: 1 << m.cells.shift, cells: m.cells.sent.length, A: g.A, B: g.B },
    postcopy: {
      ...postcopyMetrics(m, port.now()),
      pageCount: m.onB.length,
      resumedAtUs: times.resumedAtUs,
      completeAtUs: times.completeAtUs,
      stalled: m.stall !== null,
      lastFaultAtUs: m.lastFaultAtUs,
      prepaging: m.order.prepaging,
    },
  };
}

/** The rules a post-copy migration is judged by. */
export function postcopyInvariants(port: WorldPort, m: Postcopy, metrics: MigrationMetrics): InvariantVerdict[] {
  const n = m.onB.length;
  const sent = m.pagesPushed + m.pagesPulled;
  const invariants: InvariantVerdict[] = [
    { name: 'no-page-twice', holds: sent === m.order.sentCount && sent <= n, detail: `${sent} page(s) sent for ${n} pages (${m.pagesPushed} pushed, ${m.pagesPulled} pulled): none twice` },
  ];
  const complete = metrics.outcome === 'completed';
  invariants.push({ name: 'every-page-on-b', holds: !complete || m.onBCount === n, detail: `${m.onBCount} of ${n} pages on B${complete ? ' when the migration completed' : ' (the migration did not complete)'}` });
  const safe = metrics.outcome !== 'aborted' || port.vmHost() === 'A' || !port.isUp('A');
  invariants.push({
    name: 'resume-only-before-handover',
    holds: safe && (m.times.resumedOnAAtUs === null || m.times.stateSentAtUs === null || m.times.resumedOnAAtUs < m.times.stateSentAtUs),
    detail: m.times.resumedOnAAtUs !== null ? 'the migration was abandoned before the vCPU state left A: the VM runs on A' : 'A never ran the VM again after handing it over',
  });
  return invariants;
}
