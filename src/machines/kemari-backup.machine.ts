/**
 * Kemari on the secondary (host B): it acknowledges each synchronization once the state has arrived,
 * and when host A is declared dead it takes over: it fences A first when `fencing` is on (powers it
 * off through its management board, a path independent of the replication link), then restores the
 * guest from the last synchronized state, rebuilds the backend rings from the guest's shared rings,
 * re-issues the pending event and announces the VM's address.
 * @see research/domain-facts.md §4.4 (failover) and ../../shared/DESIGN.md §5 (Failure detection, Fencing)
 */
import { emit, setup } from 'xstate';

export interface KemariBackupInput {
  readonly fencing: boolean;
  readonly fenceMs: number;
}

export type KemariBackupEvent = { type: 'sync.arrived'; sync: number } | { type: 'source.failed' };

export type KemariBackupEmitted =
  | { type: 'sync.ack'; sync: number }
  | { type: 'fence.request' }
  | { type: 'takeover' };

export const kemariBackupMachine = setup({
  types: {
    context: {} as KemariBackupInput,
    input: {} as KemariBackupInput,
    events: {} as KemariBackupEvent,
    emitted: {} as KemariBackupEmitted,
  },
  guards: {
    isFencingOn: ({ context }) => context.fencing,
  },
  actions: {
    acknowledge: emit(({ event }) => ({ type: 'sync.ack' as const, sync: event.type === 'sync.arrived' ? event.sync : 0 })),
    requestFence: emit({ type: 'fence.request' as const }),
    takeOver: emit({ type: 'takeover' as const }),
  },
  delays: {
    fence: ({ context }) => context.fenceMs,
  },
}).createMachine({
  id: 'kemari-backup',
  context: ({ input }) => ({ ...input }),
  initial: 'standby',
  states: {
    standby: {
      description: 'B holds the state of the last synchronization; it does not run the guest.',
      on: {
        'sync.arrived': { actions: 'acknowledge', description: 'The dirty pages and vCPU state are here: acknowledge, so A may release its event.' },
        'source.failed': [
          { guard: 'isFencingOn', target: 'fencing', description: 'A is declared dead: power it off first, so two copies never run.' },
          { target: 'active', actions: 'takeOver', description: 'A is declared dead: take over at once (unsafe if only the link failed).' },
        ],
      },
    },
    fencing: {
      entry: 'requestFence',
      description: 'Powering A off through its management board.',
      after: { fence: { target: 'active', actions: 'takeOver' } },
    },
    active: {
      type: 'final',
      description: 'B runs the guest from the last synchronized state; the pending event was re-issued.',
    },
  },
});
