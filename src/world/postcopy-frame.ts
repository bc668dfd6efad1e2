/**
 * Post-copy's frame: a migration frame with post-copy's figures (the view draws it with the migration's
 * panels, its own status panel and B's pulled pages), and its memory grids: A shows what it has sent
 * and what is on the wire, B what it holds and what it pulled. Rebuilt only when what it shows changed.
 * @see ./postcopy-figures.ts (the record it reads)
 */
import { CELL_EMPTY, CELL_IN_FLIGHT, CELL_PULLED, CELL_SENT, type MigrationFrame } from './migration-frame';
import type { WorldPort } from './port';
import { postcopyMetrics, postcopyMigrationMetrics, postcopyOutcome, type Postcopy } from './postcopy-figures';

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
  const source = m.source.getSnapshot();
  const target = m.target.getSnapshot();
  const outcome = postcopyOutcome(port, m);
  // While the guest stalls, its stall grows with time: the frame is rebuilt at each instant then.
  const stalledAt = m.stall ? port.now() : -1;
  const last = m.lastFrame;
  if (last && last.version === m.version && last.source === source && last.target === target && last.vmHost === port.vmHost() && last.outcome === outcome && last.stalledAt === stalledAt) return last.frame;
  const frame = buildFrame(port, m);
  m.lastFrame = { version: m.version, source, target, vmHost: port.vmHost(), outcome, stalledAt, frame };
  return frame;
}

function buildFrame(port: WorldPort, m: Postcopy): MigrationFrame {
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

