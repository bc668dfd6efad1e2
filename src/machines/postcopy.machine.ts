/**
 * Post-copy live migration, the sending side on host A (Hines, Deshpande and Gopalan 2009): reserve
 * a container on B, suspend the VM, send its vCPU and device state first, then, while the VM already
 * runs on B, push the pages in the background and answer B's network faults. Once the vCPU state has
 * left, A never runs the VM again: B may already run it, so A cannot resume an out-of-date copy.
 *
 * The machine keeps the stages; pages, faults and the push order are plain data in the world
 * (src/world/postcopy-protocol.ts, src/sim/postcopy.ts). Its actions only assign and emit.
 * @see ../../docs/fidelity.md (Post-copy)
 */
import { emit, enqueueActions, setup } from 'xstate';
import type { Micros } from '../sim/time';

export interface PostcopyContext {
  readonly suspendedAtUs: Micros | null;
}

export type PostcopyEvent =
  | { type: 'migrate.start'; atUs: Micros }
  | { type: 'reserve.granted'; atUs: Micros }
  | { type: 'guest.suspended'; atUs: Micros }
  | { type: 'state.sent'; atUs: Micros }
  | { type: 'migration.complete'; atUs: Micros }
  | { type: 'target.lost'; atUs: Micros }
  | { type: 'migrate.abort'; atUs: Micros; reason: string };

export type PostcopyEmitted =
  | { type: 'migration.reserve' }
  | { type: 'guest.suspend' }
  | { type: 'state.send' }
  | { type: 'push.start' }
  | { type: 'copy.released' }
  | { type: 'copy.stranded' }
  | { type: 'migration.aborted'; reason: string; resumeGuest: boolean };

export const postcopyMachine = setup({
  types: {
    context: {} as PostcopyContext,
    events: {} as PostcopyEvent,
    emitted: {} as PostcopyEmitted,
  },
  actions: {
    requestReservation: emit({ type: 'migration.reserve' as const }),
    suspendGuest: enqueueActions(({ event, enqueue }) => {
      enqueue.assign({ suspendedAtUs: event.atUs });
      enqueue.emit({ type: 'guest.suspend' });
    }),
    sendState: emit({ type: 'state.send' as const }),
    startPush: emit({ type: 'push.start' as const }),
    release: emit({ type: 'copy.released' as const }),
    strand: emit({ type: 'copy.stranded' as const }),
    abort: enqueueActions(({ context, event, enqueue }) => {
      enqueue.emit({ type: 'migration.aborted', reason: event.type === 'migrate.abort' ? event.reason : 'aborted', resumeGuest: context.suspendedAtUs !== null });
    }),
  },
}).createMachine({
  id: 'postcopy',
  description: 'Post-copy live migration, the sending side on host A (Hines, Deshpande and Gopalan 2009): the vCPU state first, the pages after.',
  context: { suspendedAtUs: null },
  initial: 'idle',
  states: {
    idle: {
      description: 'The VM runs on host A; nothing is being migrated.',
      on: { 'migrate.start': { target: 'reserving', actions: 'requestReservation', description: 'Migrate A to B: ask B for a container of the same size.' } },
    },
    reserving: {
      description: 'Waiting for host B to reserve a container. If that fails, the VM simply runs on at A.',
      on: {
        'reserve.granted': { target: 'suspending', actions: 'suspendGuest', description: 'B reserved a container: suspend the VM at once (no pre-copy rounds).' },
        'migrate.abort': { target: 'aborted', actions: 'abort', description: 'B does not answer: the VM runs on at A.' },
      },
    },
    suspending: {
      description: 'The VM is being suspended on A: downtime starts here.',
      on: {
        'guest.suspended': { target: 'sendingState', actions: 'sendState', description: 'The VM is stopped: send its vCPU and device state to B (Hines §3: the minimal execution state first).' },
        'migrate.abort': { target: 'aborted', actions: 'abort', description: 'B failed before the state left: A resumes its VM.' },
      },
    },
    sendingState: {
      description: 'The vCPU state is on its way to B. From now on A never runs the VM again: B may already run it.',
      on: { 'state.sent': { target: 'pushing', actions: 'startPush', description: 'The state has left A: push every page in the background and answer network faults first.' } },
    },
    pushing: {
      description: "The VM runs on B. A pushes its pages (with pre-paging around each faulted page) and answers B's network faults; neither host holds the whole VM.",
      on: {
        'migration.complete': { target: 'released', actions: 'release', description: 'B holds every page: A frees its copy; the VM no longer depends on A.' },
        'target.lost': { target: 'stranded', actions: 'strand', description: "B is gone with the VM's newest state: A's pages are out of date and cannot run (the VM is lost)." },
      },
    },
    released: { type: 'final', description: 'Every page is on B: the migration is over and A holds nothing of the VM.' },
    stranded: { type: 'final', description: 'B failed while it depended on A: neither host holds the whole VM.' },
    aborted: { type: 'final', description: 'B failed before the vCPU state left: the migration is abandoned and the VM runs on A.' },
  },
});
