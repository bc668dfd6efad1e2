/**
 * Deterministic replay on the primary (host A), as VMware FT and Bressoud and Schneider do it: every
 * non-deterministic input the guest takes (a timer interrupt, an arriving packet, a disk completion) is
 * recorded as a log entry and sent to the backup over the logging channel; the backup replays the same
 * execution behind. The output rule: an output leaves only once the backup has acknowledged every entry
 * logged before it (the world holds it until then). If the backup falls silent, A goes live alone,
 * after winning the test-and-set on shared storage (the world's part), and runs on unprotected.
 * @see research/domain-facts.md §5 (lock-step); Scales, Nelson and Venkitachalam 2010, §2.2 (the output rule)
 */
import { assign, emit, enqueueActions, setup } from 'xstate';

export interface LockstepContext {
  /** Log entries recorded so far, and the last the backup acknowledged. */
  readonly logged: number;
  readonly acked: number;
}

export type LockstepEvent = { type: 'entry.logged'; seq: number } | { type: 'log.ack'; seq: number } | { type: 'backup.lost' };

export type LockstepEmitted = { type: 'log.acked'; seq: number } | { type: 'protection.lost' };

export const lockstepMachine = setup({
  types: {
    context: {} as LockstepContext,
    events: {} as LockstepEvent,
    emitted: {} as LockstepEmitted,
  },
  guards: {
    isNewAck: ({ context, event }) => event.type === 'log.ack' && event.seq > context.acked,
  },
  actions: {
    noteLogged: assign({ logged: ({ context, event }) => (event.type === 'entry.logged' ? Math.max(context.logged, event.seq) : context.logged) }),
    noteAck: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'log.ack') return;
      enqueue.assign({ acked: event.seq });
      enqueue.emit({ type: 'log.acked', seq: event.seq });
    }),
    giveUp: emit({ type: 'protection.lost' as const }),
  },
}).createMachine({
  id: 'lockstep',
  description: 'Deterministic replay on the primary (VMware FT 2010; Bressoud and Schneider 1995): log every non-deterministic input; an output waits for the backup\'s acknowledgement of the entries before it.',
  context: { logged: 0, acked: 0 },
  initial: 'recording',
  states: {
    recording: {
      description: 'The guest runs; each non-deterministic input is logged and sent to the backup, and outputs wait for the acknowledgement of the entries before them.',
      on: {
        'entry.logged': { actions: 'noteLogged', description: 'An input was logged and sent down the logging channel.' },
        'log.ack': { guard: 'isNewAck', actions: 'noteAck', description: 'The backup acknowledged entries up to this one: the outputs that waited for them may leave (the output rule).' },
        'backup.lost': { target: 'unprotected', actions: 'giveUp', description: 'The backup is silent and A won the test-and-set: release what waits and go live alone.' },
      },
    },
    unprotected: {
      description: 'No backup: the primary runs on alone, logging nothing, its outputs leaving at once.',
    },
  },
});
