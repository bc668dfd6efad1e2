/**
 * Remus on the primary (host A): asynchronous checkpointing in epochs. Once per epoch the guest is
 * paused and its dirty pages copied to a staging buffer; it resumes at once (speculative execution)
 * while the checkpoint travels to the backup; when the backup acknowledges the complete checkpoint,
 * the disk commits and the network output of that epoch is released. The next checkpoint pauses the
 * guest one epoch after this one did, but never before this one committed: checkpoints never overlap.
 * If the backup stops answering, the primary releases what it holds and runs on unprotected.
 * @see research/domain-facts.md §3.2 (the pipelined checkpoint) and §3.5 (failure detection)
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import { checkpointPauseUs } from '../sim/remus';
import type { Micros } from '../sim/time';

export interface RemusInput {
  readonly epochMs: number;
  readonly suspendUs: Micros;
}

export interface RemusContext extends RemusInput {
  /** The checkpoint being taken or last taken (from 1). */
  readonly checkpoint: number;
  /** The last checkpoint the backup acknowledged (its output released). */
  readonly committed: number;
  /** The guest's pause for the checkpoint being taken (µs). */
  readonly pauseUs: Micros;
}

export type RemusEvent =
  | { type: 'checkpoint.dirty'; pages: number }
  | { type: 'checkpoint.ack'; checkpoint: number }
  | { type: 'backup.lost' };

export type RemusEmitted =
  | { type: 'checkpoint.pause'; checkpoint: number }
  | { type: 'checkpoint.resume'; checkpoint: number; pauseUs: number }
  | { type: 'checkpoint.commit'; checkpoint: number }
  | { type: 'protection.lost' };

export const remusMachine = setup({
  types: {
    context: {} as RemusContext,
    input: {} as RemusInput,
    events: {} as RemusEvent,
    emitted: {} as RemusEmitted,
  },
  guards: {
    isCommitPending: ({ context }) => context.committed < context.checkpoint,
    isAckForInFlight: ({ context, event }) => event.type === 'checkpoint.ack' && event.checkpoint === context.checkpoint && context.committed < context.checkpoint,
  },
  actions: {
    /** Pause the guest: the world CLEANs the dirty bitmap and answers with the number of pages. */
    pauseGuest: enqueueActions(({ context, enqueue }) => {
      const checkpoint = context.checkpoint + 1;
      enqueue.assign({ checkpoint, pauseUs: context.suspendUs });
      enqueue.emit({ type: 'checkpoint.pause', checkpoint });
    }),
    notePages: assign({ pauseUs: ({ context, event }) => (event.type === 'checkpoint.dirty' ? checkpointPauseUs(context.suspendUs, event.pages) : context.pauseUs) }),
    resumeGuest: emit(({ context }) => ({ type: 'checkpoint.resume' as const, checkpoint: context.checkpoint, pauseUs: context.pauseUs })),
    commit: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ committed: context.checkpoint });
      enqueue.emit({ type: 'checkpoint.commit', checkpoint: context.checkpoint });
    }),
    giveUp: emit({ type: 'protection.lost' as const }),
  },
  delays: {
    /** From resume to the next pause: the rest of the epoch that began when this checkpoint paused. */
    restOfEpoch: ({ context }) => Math.max(0, context.epochMs - context.pauseUs / 1000),
    pause: ({ context }) => context.pauseUs / 1000,
  },
}).createMachine({
  id: 'remus',
  description: 'Remus on the primary (Cully et al. 2008, §2.2): each epoch pause, copy, resume, send; release output on ack.',
  context: ({ input }) => ({ ...input, checkpoint: 0, committed: 0, pauseUs: 0 }),
  initial: 'speculating',
  on: {
    'backup.lost': { target: '.unprotected', actions: 'giveUp', description: 'The backup does not answer: release what is buffered and run on unprotected.' },
  },
  states: {
    speculating: {
      description: 'The guest runs ahead of what the backup holds: its output waits in the buffer.',
      after: {
        restOfEpoch: [
          { guard: 'isCommitPending', target: 'waitingForCommit', description: 'The epoch is over but the last checkpoint is not acknowledged yet: checkpoints never overlap.' },
          { target: 'pausing', description: 'The epoch is over: take the next checkpoint.' },
        ],
      },
      on: {
        'checkpoint.ack': { guard: 'isAckForInFlight', actions: 'commit', description: 'The backup holds the checkpoint: commit the disk, release that epoch\'s output.' },
      },
    },
    waitingForCommit: {
      description: 'The epoch is over before the last checkpoint was acknowledged: the next one waits (Remus §2.2).',
      on: {
        'checkpoint.ack': { guard: 'isAckForInFlight', target: 'pausing', actions: 'commit', description: 'Acknowledged: commit, release that epoch\'s output, and take the next checkpoint (Remus §2.2).' },
      },
    },
    pausing: {
      description: 'The guest is paused; its dirty pages are copied to a staging buffer (suspend + copy).',
      entry: 'pauseGuest',
      on: { 'checkpoint.dirty': { target: 'copying', actions: 'notePages', description: 'The dirty pages are known: copy them to the staging buffer while paused (Remus §2.2, stage 1).' } },
    },
    copying: {
      description: 'Copying the dirty pages to a staging buffer (Remus §2.3: faster than sending while paused).',
      after: { pause: { target: 'speculating', actions: 'resumeGuest', description: 'Resume the guest (speculative execution) and send the checkpoint.' } },
    },
    unprotected: {
      description: 'No backup: the primary runs on, its output no longer buffered.',
    },
  },
});
