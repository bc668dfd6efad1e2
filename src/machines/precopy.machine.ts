/**
 * Pre-copy live migration, the sending side on host A (Xen's save loop after Clark et al.): stage 1
 * reservation, stage 2 iterative pre-copy in rounds, stage 3 stop-and-copy (suspend, send what is
 * still dirty and the vCPU state), stage 4 commitment. Until commitment A is primary: any failure
 * aborts and the VM keeps running here.
 *
 * The machine keeps the stages; the pages are plain data. The world runs the save loop's named steps
 * (src/sim/save-loop.ts: which pages each round sends, CLEAN, PEEK and the stop rule) when a batch
 * has left, the reservation is granted or the guest is suspended, and sends the machine what they
 * did (`progress`); the machine emits it, step by step, and moves from stage to stage. Its actions
 * only assign and emit: `transition()` is pure.
 * @see research/domain-facts.md §1.2 (the six stages), §1.4 (CLEAN, PEEK, skip), §1.5 (stop rules)
 */
import { emit, enqueueActions, setup } from 'xstate';
import type { Batch, SaveProgress } from '../sim/save-loop';
import type { StopReason } from '../sim/precopy';
import type { Micros } from '../sim/time';

export type { Batch } from '../sim/save-loop';

export interface PrecopyContext {
  /** When the guest was suspended for stop-and-copy (an abort after it resumes the guest on A). */
  readonly suspendedAtUs: Micros | null;
  readonly abortReason: string | null;
}

export type PrecopyEvent =
  | { type: 'migrate.start'; atUs: Micros }
  | { type: 'reserve.granted'; atUs: Micros; progress: SaveProgress }
  | { type: 'batch.sent'; atUs: Micros; progress: SaveProgress }
  | { type: 'guest.suspended'; atUs: Micros; progress: SaveProgress }
  | { type: 'image.complete'; atUs: Micros }
  | { type: 'migrate.abort'; atUs: Micros; reason: string };

export type PrecopyEmitted =
  | { type: 'migration.reserve' }
  | { type: 'logdirty.enable' }
  | { type: 'round.start'; round: number; pages: number; final: boolean; rateBitsPerSec: number }
  | { type: 'batch.send'; round: number; pages: number; final: boolean; batch: Batch }
  | { type: 'round.end'; round: number; sent: number; skipped: number; dirtied: number; final: boolean }
  | { type: 'precopy.stop'; reason: StopReason }
  | { type: 'guest.suspend' }
  | { type: 'migration.commit' }
  | { type: 'migration.aborted'; reason: string; resumeGuest: boolean };

const NO_PROGRESS: SaveProgress = { steps: [], waits: 'batch' };
const progressOf = (e: PrecopyEvent): SaveProgress => ('progress' in e ? e.progress : NO_PROGRESS);

export const precopyMachine = setup({
  types: {
    context: {} as PrecopyContext,
    events: {} as PrecopyEvent,
    emitted: {} as PrecopyEmitted,
  },
  guards: {
    isSuspendNext: ({ event }) => progressOf(event).waits === 'suspend',
    isImageSent: ({ event }) => progressOf(event).waits === 'image',
  },
  actions: {
    requestReservation: emit({ type: 'migration.reserve' as const }),
    enableLogDirty: emit({ type: 'logdirty.enable' as const }),
    /** Tells what the save loop did, in order: rounds begun and ended (and why pre-copy stops), batches sent. */
    emitSteps: enqueueActions(({ event, enqueue }) => {
      for (const step of progressOf(event).steps) {
        if (step.kind === 'round.start') enqueue.emit({ type: 'round.start', round: step.round, pages: step.pages, final: step.final, rateBitsPerSec: step.rateBitsPerSec });
        else if (step.kind === 'batch') enqueue.emit({ type: 'batch.send', round: step.batch.round, pages: step.batch.pages.length, final: step.batch.final, batch: step.batch });
        else {
          enqueue.emit({ type: 'round.end', round: step.round, sent: step.sent, skipped: step.skipped, dirtied: step.dirtied, final: step.final });
          if (step.stop) enqueue.emit({ type: 'precopy.stop', reason: step.stop });
        }
      }
    }),
    suspendGuest: enqueueActions(({ event, enqueue }) => {
      enqueue.assign({ suspendedAtUs: event.atUs });
      enqueue.emit({ type: 'guest.suspend' });
    }),
    commit: emit({ type: 'migration.commit' as const }),
    abort: enqueueActions(({ context, event, enqueue }) => {
      const reason = event.type === 'migrate.abort' ? event.reason : 'aborted';
      enqueue.assign({ abortReason: reason });
      enqueue.emit({ type: 'migration.aborted', reason, resumeGuest: context.suspendedAtUs !== null });
    }),
  },
}).createMachine({
  id: 'precopy',
  description: 'Pre-copy live migration, the sending side on host A (Clark et al. 2005, §3.3: stages 0-5).',
  context: { suspendedAtUs: null, abortReason: null },
  initial: 'idle',
  states: {
    idle: {
      description: 'Stage 0: the VM runs on host A; nothing is being migrated.',
      on: { 'migrate.start': { target: 'reserving', actions: 'requestReservation', description: 'Migrate A to B: stage 1 starts (Clark §3.3).' } },
    },
    reserving: {
      description: 'Stage 1: ask host B to reserve a VM container of the same size. If that fails, the VM simply runs on.',
      on: {
        'reserve.granted': [
          { guard: 'isSuspendNext', target: 'stopAndCopy', actions: ['enableLogDirty', 'emitSteps'], description: 'B reserved a container; the stop-and-copy baseline skips the live rounds (Clark §3.1).' },
          { target: 'precopy', actions: ['enableLogDirty', 'emitSteps'], description: 'B reserved a container: log-dirty on (a CLEAN bitmap), round 1 sends every page (Clark §3.3, stage 2).' },
        ],
        'migrate.abort': { target: 'aborted', actions: 'abort', description: 'Reservation failed: the VM simply runs on at A (Clark §3.3, stage 1).' },
      },
    },
    precopy: {
      description: "Stage 2: iterative pre-copy. Round 1 sends every page; each later round sends the pages dirtied during the one before, in batches of 1024 (4 MiB), while the VM runs on (Xen's save loop).",
      on: {
        'batch.sent': [
          { guard: 'isSuspendNext', target: 'stopAndCopy', actions: 'emitSteps', description: 'The round ended and the stop rule fired (Xen 3: under 50 pages, 29 rounds, or 3N pages sent; domain facts §1.5): go to stop-and-copy.' },
          { actions: 'emitSteps', description: "A batch left: send the next one; at a round's end CLEAN the bitmap and send the pages dirtied during the round." },
        ],
        'migrate.abort': { target: 'aborted', actions: 'abort', description: 'B or the link failed before commitment: abort; the VM runs on at A (Clark §3.3).' },
      },
    },
    stopAndCopy: {
      description: 'Stage 3: suspend the VM on A and send the pages still dirty plus the vCPU state. Downtime starts here.',
      entry: 'suspendGuest',
      initial: 'suspending',
      on: { 'migrate.abort': { target: 'aborted', actions: 'abort', description: 'A failure before commitment: abort; A resumes its suspended VM (Clark §3.3, stage 3).' } },
      states: {
        suspending: {
          description: 'Waiting for the guest to stop on A (Clark §3.3, stage 3).',
          on: { 'guest.suspended': { target: 'sending', actions: 'emitSteps', description: 'The guest is paused: read what is still dirty and send it.' } },
        },
        sending: {
          description: 'Sending the pages still dirty, then the vCPU state: the VM is down (Clark §3.3, stage 3).',
          on: {
            'batch.sent': [
              { guard: 'isImageSent', target: 'imageSent', actions: 'emitSteps', description: 'The last pages and the vCPU state are on their way: wait for B.' },
              { actions: 'emitSteps', description: 'A batch left: send the next one.' },
            ],
          },
        },
        imageSent: {
          description: 'All sent: waiting for B to report a consistent image (Clark §3.3, stage 4).',
          on: { 'image.complete': { target: '#precopy.committed', actions: 'commit', description: 'Stage 4: B holds a consistent image; A commits and may discard its copy.' } },
        },
      },
    },
    committed: {
      type: 'final',
      description: 'Stage 4 done: B is now the primary. A failure of A no longer matters.',
    },
    aborted: {
      type: 'final',
      description: 'Something failed before commitment: the migration is abandoned and the VM runs on A (if A is alive).',
    },
  },
});

/** The machine's own view of the loop's progress before any step ran (for `snapshot.can`). */
export const NOTHING_DONE = NO_PROGRESS;
