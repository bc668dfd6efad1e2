/**
 * COLO on the primary (host A): coarse-grained lock-stepping. Both VMs run on the same inputs; the
 * proxy on A compares each output of the primary VM with the secondary's and releases it when they
 * match (the world does that, packet by packet, while this machine is `comparing`). The first output
 * that differs, or the periodic timer, starts a checkpoint: both VMs stop, the primary's dirty pages
 * and device state go to host B, and when B acknowledges that it loaded them both VMs resume and the
 * held output is released. Every checkpoint, whatever its cause, starts the periodic timer again. If
 * B stops answering, A releases what it holds and runs on unprotected.
 * @see research/domain-facts.md §5 (COLO); QEMU migration/colo.c (the checkpoint steps and the timer)
 */
import { emit, enqueueActions, setup } from 'xstate';

export interface ColoInput {
  readonly checkpointIntervalMs: number;
}

/** Why a checkpoint was taken: an output that differed at the proxy, or the periodic timer. */
export type CheckpointCause = 'divergence' | 'periodic';

export interface ColoContext extends ColoInput {
  /** The checkpoint being taken or last taken (from 1). */
  readonly checkpoint: number;
  /** The last checkpoint B acknowledged. */
  readonly committed: number;
  /** What started the checkpoint being taken or last taken (null: none yet). */
  readonly cause: CheckpointCause | null;
  readonly byCause: { readonly divergence: number; readonly periodic: number };
}

export type ColoEvent = { type: 'compare.mismatch' } | { type: 'checkpoint.ack'; checkpoint: number } | { type: 'backup.lost' };

export type ColoEmitted =
  | { type: 'checkpoint.pause'; checkpoint: number; cause: CheckpointCause }
  | { type: 'checkpoint.commit'; checkpoint: number }
  | { type: 'protection.lost'; checkpointing: boolean };

/** The next checkpoint's number and counts, begun for `cause`. */
const begun = (context: ColoContext, cause: CheckpointCause) => ({
  checkpoint: context.checkpoint + 1,
  cause,
  byCause: { ...context.byCause, [cause]: context.byCause[cause] + 1 },
});

export const coloMachine = setup({
  types: {
    context: {} as ColoContext,
    input: {} as ColoInput,
    events: {} as ColoEvent,
    emitted: {} as ColoEmitted,
  },
  guards: {
    isAckForInFlight: ({ context, event }) => event.type === 'checkpoint.ack' && event.checkpoint === context.checkpoint && context.committed < context.checkpoint,
  },
  actions: {
    beginForDivergence: enqueueActions(({ context, enqueue }) => {
      const next = begun(context, 'divergence');
      enqueue.assign(next);
      enqueue.emit({ type: 'checkpoint.pause', checkpoint: next.checkpoint, cause: 'divergence' });
    }),
    beginPeriodic: enqueueActions(({ context, enqueue }) => {
      const next = begun(context, 'periodic');
      enqueue.assign(next);
      enqueue.emit({ type: 'checkpoint.pause', checkpoint: next.checkpoint, cause: 'periodic' });
    }),
    commit: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ committed: context.checkpoint });
      enqueue.emit({ type: 'checkpoint.commit', checkpoint: context.checkpoint });
    }),
    giveUpComparing: emit({ type: 'protection.lost' as const, checkpointing: false }),
    giveUpCheckpointing: emit({ type: 'protection.lost' as const, checkpointing: true }),
  },
  delays: {
    interval: ({ context }) => context.checkpointIntervalMs,
  },
}).createMachine({
  id: 'colo',
  description: 'COLO on the primary (Dong et al. 2013): release output while both VMs agree; checkpoint when they differ, or periodically.',
  context: ({ input }) => ({ ...input, checkpoint: 0, committed: 0, cause: null, byCause: { divergence: 0, periodic: 0 } }),
  initial: 'comparing',
  states: {
    comparing: {
      description: "Both VMs run; the proxy releases each of the primary's outputs as soon as the secondary's matches it.",
      after: {
        interval: { target: 'checkpointing', actions: 'beginPeriodic', description: 'The periodic timer (x-checkpoint-delay) ran out: checkpoint anyway, to bound what the next one must send.' },
      },
      on: {
        'compare.mismatch': { target: 'checkpointing', actions: 'beginForDivergence', description: 'An output differs: hold it, and make the secondary equal to the primary before it leaves.' },
        'backup.lost': { target: 'unprotected', actions: 'giveUpComparing', description: 'B is gone: release what the proxy holds and run on unprotected.' },
      },
    },
    checkpointing: {
      description: "Both VMs are stopped while the primary's dirty pages and device state travel to B and B loads them.",
      on: {
        'checkpoint.ack': { guard: 'isAckForInFlight', target: 'comparing', actions: 'commit', description: 'B loaded the state: both VMs resume, the held output is released, the periodic timer starts again.' },
        'backup.lost': { target: 'unprotected', actions: 'giveUpCheckpointing', description: 'B does not answer: resume the primary, release what is held and run on unprotected.' },
      },
    },
    unprotected: {
      description: 'No secondary: the primary runs on alone, its output no longer compared.',
    },
  },
});
