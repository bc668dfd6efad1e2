/**
 * Post-copy's state in the world as one plain record, and its figures as named functions over it:
 * the outcome, the metrics the runner prints (`metrics.migration` as pre-copy's, and
 * `metrics.postcopy`) and the rules a run is judged by; ./postcopy-frame.ts draws its frame.
 * @see ./postcopy-protocol.ts (the steps that change it)
 */
import type { Actor } from 'xstate';
import type { postcopyMachine } from '../machines/postcopy.machine';
import type { postcopyTargetMachine } from '../machines/postcopy-target.machine';
import type { PushOrder } from '../sim/postcopy';
import type { Micros } from '../sim/time';
import type { MigrationFrame, MigrationMetrics, MigrationOutcome, PostcopyMetrics } from './migration-frame';
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
  /** The last frame and what it was built from (rebuilt only when one of them changed). */
  lastFrame: { version: number; source: unknown; target: unknown; vmHost: string | null; outcome: MigrationOutcome; stalledAt: number; frame: MigrationFrame } | null;
}

/** A migration of `order.pageCount` pages about to start, its grid in cells of `1 << shift` pages. */
export function createPostcopy(
  source: Postcopy['source'],
  target: Postcopy['target'],
  migrateAtUs: Micros,
  linkBitsPerSec: number,
  order: PushOrder,
  shift: number,
  cellCount: number,
): Postcopy {
  const n = order.pageCount;
  const cells = () => new Uint32Array(cellCount);
  return {
    source,
    target,
    migrateAtUs,
    linkBitsPerSec,
    order,
    onB: new Uint8Array(n),
    onBCount: 0,
    waiting: new Uint8Array(n),
    cells: { shift, sent: cells(), inFlight: cells(), onB: cells(), pulled: cells() },
    pagesPushed: 0,
    pagesPulled: 0,
    networkFaults: 0,
    stall: null,
    stalledUs: 0,
    lastFaultAtUs: null,
    times: { suspendedAtUs: null, stateSentAtUs: null, resumedAtUs: null, lastPageSentAtUs: null, completeAtUs: null, resumedOnAAtUs: null },
    aborted: false,
    lost: false,
    version: 0,
    lastGrid: null,
    lastFrame: null,
  };
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
