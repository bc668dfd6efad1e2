/**
 * Kemari on the primary (host A): event-driven synchronization. Each frontend-to-backend notify is
 * trapped by the hypervisor in the event channel; Kemari pauses the guest (a pause, not a suspend),
 * sends the pages dirtied since the last synchronization and the vCPU state to host B, waits for B's
 * acknowledgement, then delivers the event to the backend and unpauses the guest. One event is
 * released per synchronization; no I/O means no synchronization traffic. If B stops answering, A
 * goes on unprotected.
 * @see research/domain-facts.md §4.1–4.3 (what triggers a sync, the sequence) and §7 (Kemari invariants)
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { Micros } from '../sim/time';

export interface KemariContext {
  /** Ports whose notify is trapped and waits for a synchronization, oldest first. */
  readonly waiting: readonly number[];
  /** The port whose synchronization is in flight. */
  readonly syncingPort: number | null;
  readonly syncs: number;
  readonly syncsAcked: number;
  readonly syncStartedAtUs: Micros | null;
}

export type KemariEvent =
  | { type: 'evtchn.trapped'; port: number; atUs: Micros }
  | { type: 'sync.ack'; atUs: Micros }
  | { type: 'peer.lost'; atUs: Micros };

export type KemariEmitted =
  | { type: 'sync.pauseGuest' }
  | { type: 'sync.start'; sync: number; port: number }
  | { type: 'sync.release'; sync: number; port: number }
  | { type: 'sync.resumeGuest' }
  | { type: 'protection.lost'; held: readonly number[] };

export const kemariMachine = setup({
  types: {
    context: {} as KemariContext,
    events: {} as KemariEvent,
    emitted: {} as KemariEmitted,
  },
  guards: {
    hasWaiting: ({ context }) => context.waiting.length > 0,
  },
  actions: {
    queueTrapped: assign({ waiting: ({ context, event }) => (event.type === 'evtchn.trapped' ? [...context.waiting, event.port] : context.waiting) }),
    /** Pause the guest and send its dirty pages and vCPU state for the oldest trapped notify. */
    startSync: enqueueActions(({ context, enqueue }) => {
      const [port, ...rest] = context.waiting;
      const sync = context.syncs + 1;
      if (context.syncingPort === null) enqueue.emit({ type: 'sync.pauseGuest' });
      enqueue.assign({ waiting: rest, syncingPort: port, syncs: sync });
      enqueue.emit({ type: 'sync.start', sync, port });
    }),
    /** B holds the state that issued the event: deliver it to the backend. */
    releaseEvent: enqueueActions(({ context, enqueue }) => {
      if (context.syncingPort === null) return;
      enqueue.emit({ type: 'sync.release', sync: context.syncs, port: context.syncingPort });
      enqueue.assign({ syncingPort: null, syncsAcked: context.syncsAcked + 1 });
    }),
    resumeGuest: emit({ type: 'sync.resumeGuest' as const }),
    giveUp: enqueueActions(({ context, enqueue }) => {
      const held = [...(context.syncingPort === null ? [] : [context.syncingPort]), ...context.waiting];
      enqueue.emit({ type: 'protection.lost', held });
      if (context.syncingPort !== null) enqueue.emit({ type: 'sync.resumeGuest' });
      enqueue.assign({ waiting: [], syncingPort: null });
    }),
  },
}).createMachine({
  id: 'kemari',
  description: 'Kemari on the primary (Tamura et al. 2008): synchronize B each time the guest is about to do I/O.',
  context: { waiting: [], syncingPort: null, syncs: 0, syncsAcked: 0, syncStartedAtUs: null },
  initial: 'protected',
  states: {
    protected: {
      description: 'The guest runs; every notify to a backend is trapped before the I/O leaves.',
      on: {
        'evtchn.trapped': { target: 'syncing', actions: ['queueTrapped', 'startSync'], description: 'A frontend is about to notify its backend: pause the guest and synchronize B first.' },
        'peer.lost': { target: 'unprotected', actions: 'giveUp', description: 'B is gone: nothing to synchronize with, so A runs on unprotected.' },
      },
    },
    syncing: {
      description: 'The guest is paused while its dirty pages and vCPU state travel to B.',
      on: {
        'evtchn.trapped': { actions: 'queueTrapped', description: 'Another I/O event while syncing: it waits its turn and gets a synchronization of its own.' },
        'sync.ack': [
          { guard: 'hasWaiting', target: 'syncing', reenter: true, actions: ['releaseEvent', 'startSync'], description: 'B acknowledged: deliver this event, and synchronize again for the next one.' },
          { target: 'protected', actions: ['releaseEvent', 'resumeGuest'], description: 'B acknowledged: deliver the event to the backend and unpause the guest.' },
        ],
        'peer.lost': { target: 'unprotected', actions: 'giveUp', description: 'B does not answer: release what is held and go on unprotected.' },
      },
    },
    unprotected: {
      description: 'B is gone (or cut off): A runs on without a backup, its notifies no longer trapped.',
    },
  },
});
