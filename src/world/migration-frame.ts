/**
 * Pre-copy migration's part of a frame and of a run's result: the stage and round, the rounds so
 * far, the memory grids, and the metrics the runner prints (DESIGN §10 `metrics.migration`). Types
 * and the grid cell states; a leaf module.
 */
import type { Micros } from '../sim/time';

/** Page states in a memory grid cell (the most notable state of the pages it holds). */
export const CELL_EMPTY = 0;
export const CELL_SENT = 1;
export const CELL_DIRTY = 2;
export const CELL_IN_FLIGHT = 3;
/** Post-copy: pulled to B on demand, after a network fault. */
export const CELL_PULLED = 4;

/** One migration round, as the runner prints it (the final round is the stop-and-copy). */
export interface RoundFrame {
  readonly index: number;
  readonly pagesSent: number;
  readonly pagesSkipped: number;
  readonly pagesDirtied: number;
  readonly startUs: Micros;
  readonly endUs: Micros;
  readonly rateBitsPerSec: number;
  readonly final: boolean;
}

export type MigrationOutcome = 'not-started' | 'in-progress' | 'completed' | 'aborted' | 'vm-lost';

export interface MigrationMetrics {
  readonly rounds: readonly { index: number; pagesSent: number; startUs: Micros; endUs: Micros; rateBitsPerSec: number }[];
  readonly stopReason: string | null;
  readonly totalPagesSent: number;
  readonly totalTimeUs: Micros | null;
  readonly downtimeUs: Micros | null;
  readonly outcome: MigrationOutcome;
}

/** Pre-copy migration as the screen shows it. */
export interface MigrationFrame {
  readonly kind: 'migration';
  /** The technique this run shows (its descriptor's id: `migration`). */
  readonly technique: string;
  /** Clark's stage, 0–5, and its name. */
  readonly stage: number;
  readonly stageName: string;
  readonly outcome: MigrationOutcome;
  /** The round in progress (0 before the first). */
  readonly round: number;
  readonly finalRound: boolean;
  readonly roundPagesPlanned: number;
  readonly roundPagesSent: number;
  readonly roundStartUs: Micros;
  readonly rateBitsPerSec: number;
  /** Closed rounds so far. */
  readonly rounds: readonly RoundFrame[];
  readonly stopReason: string | null;
  readonly totalPagesSent: number;
  readonly migrateAtUs: Micros;
  readonly suspendedAtUs: Micros | null;
  readonly activatedAtUs: Micros | null;
  readonly downtimeUs: Micros | null;
  readonly totalTimeUs: Micros | null;
  readonly dirtyPagesPerSec: number;
  readonly linkBitsPerSec: number;
  /** Memory grids: one cell per `cellPages` pages; A shows the source, B the copy. */
  readonly grid: { readonly cellPages: number; readonly cells: number; readonly A: Uint8Array; readonly B: Uint8Array };
  /** Post-copy's own figures (technique `postcopy`); absent for pre-copy. */
  readonly postcopy?: PostcopyFigures;
}

/**
 * Post-copy after the VM resumed on B (DESIGN §10 `metrics.postcopy`): how its pages got there (pushed
 * in the background or pulled after a network fault) and what the faults cost the guest.
 */
export interface PostcopyMetrics {
  /** Pages B touched before it had them (each one a network fault). */
  readonly networkFaults: number;
  readonly pagesPushed: number;
  readonly pagesPulled: number;
  /** From the resume on B to the last page's arrival (null while pages are missing, or when it never came). */
  readonly degradedTimeUs: number | null;
  /** The guest's vCPU stalled on network faults, in all. */
  readonly stalledUs: number;
  readonly pagesOnB: number;
}

export interface PostcopyFigures extends PostcopyMetrics {
  readonly pageCount: number;
  readonly resumedAtUs: Micros | null;
  readonly completeAtUs: Micros | null;
  /** The guest on B waits for faulted pages now. */
  readonly stalled: boolean;
  readonly lastFaultAtUs: Micros | null;
  readonly prepaging: string;
}

