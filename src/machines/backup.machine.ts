/**
 * The backup (host B) of a replicated VM, Kemari's or Remus's: it acknowledges each complete copy of
 * the primary's state (a Kemari synchronization, a Remus checkpoint) once it has arrived, and when host
 * A is declared dead it takes over: it fences A first when `fencing` is on (powers it off through its
 * management board, a path independent of the replication link), then the world starts the guest
 * from the last complete state, rebuilds its backend rings and announces the VM's address.
 * @see research/domain-facts.md §3.5 and §4.4 (failover); ../../shared/DESIGN.md §5 (Failure detection, Fencing)
 */
import { emit, setup } from 'xstate';

export interface BackupInput {
  readonly fencing: boolean;
  readonly fenceMs: number;
}

export type BackupEvent = { type: 'state.arrived'; sync: number } | { type: 'source.failed' };

export type BackupEmitted =
  | { type: 'state.ack'; sync: number }
  | { type: 'fence.request' }
  | { type: 'takeover' };

export const backupMachine = setup({
  types: {
    context: {} as BackupInput,
    input: {} as BackupInput,
    events: {} as BackupEvent,
    emitted: {} as BackupEmitted,
  },
  guards: {
    isFencingOn: ({ context }) => context.fencing,
  },
  actions: {
    acknowledge: emit(({ event }) => ({ type: 'state.ack' as const, sync: event.type === 'state.arrived' ? event.sync : 0 })),
    requestFence: emit({ type: 'fence.request' as const }),
    takeOver: emit({ type: 'takeover' as const }),
  },
  delays: {
    fence: ({ context }) => context.fenceMs,
  },
}).createMachine({
  id: 'backup',
  description: "The backup's engine on host B: it holds the last complete state and takes over when A is declared dead (Remus §2.6).",
  context: ({ input }) => ({ ...input }),
  initial: 'standby',
  states: {
    standby: {
      description: 'B holds the primary\'s last complete state; it does not run the guest.',
      on: {
        'state.arrived': { actions: 'acknowledge', description: 'A complete synchronization or checkpoint is here: acknowledge, so A may release the output it held.' },
        'source.failed': [
          { guard: 'isFencingOn', target: 'fencing', description: 'A is declared dead: power it off first, so two copies never run.' },
          { target: 'active', actions: 'takeOver', description: 'A is declared dead: take over at once (unsafe if only the link failed).' },
        ],
      },
    },
    fencing: {
      entry: 'requestFence',
      description: 'Powering A off through its management board.',
      after: { fence: { target: 'active', actions: 'takeOver', description: 'A is powered off: resume the guest from the last complete state (Remus §2.6; Kemari failover).' } },
    },
    active: {
      type: 'final',
      description: 'B runs the guest from the last complete state it received.',
    },
  },
});
