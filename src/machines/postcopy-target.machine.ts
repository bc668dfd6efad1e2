/**
 * Post-copy live migration, the receiving side on host B: reserve a container, take the vCPU state,
 * resume the VM after `resumeMs` with none of its pages, then run it while pages arrive (pushed by A,
 * or pulled after a network fault) until the last one is there. If A fails before that, the VM lacks
 * pages no other host holds: it is lost.
 * @see ../../docs/fidelity.md (Post-copy)
 */
import { emit, setup } from 'xstate';

export interface PostcopyTargetInput {
  readonly resumeMs: number;
}

export type PostcopyTargetEvent = { type: 'reserve.request' } | { type: 'state.arrived' } | { type: 'pages.complete' } | { type: 'source.failed' };

export type PostcopyTargetEmitted =
  | { type: 'reserve.granted' }
  | { type: 'vm.resumed' }
  | { type: 'arp.gratuitous' }
  | { type: 'migration.complete' }
  | { type: 'copy.discarded' }
  | { type: 'vm.incomplete' };

export const postcopyTargetMachine = setup({
  types: {
    context: {} as PostcopyTargetInput,
    input: {} as PostcopyTargetInput,
    events: {} as PostcopyTargetEvent,
    emitted: {} as PostcopyTargetEmitted,
  },
  actions: {
    grantReservation: emit({ type: 'reserve.granted' as const }),
    resume: emit({ type: 'vm.resumed' as const }),
    announceAddress: emit({ type: 'arp.gratuitous' as const }),
    complete: emit({ type: 'migration.complete' as const }),
    discard: emit({ type: 'copy.discarded' as const }),
    giveUp: emit({ type: 'vm.incomplete' as const }),
  },
  delays: {
    resume: ({ context }) => context.resumeMs,
  },
}).createMachine({
  id: 'postcopy-target',
  description: "Host B's side of a post-copy migration: take the vCPU state, run the VM at once, fetch its pages as it touches them.",
  context: ({ input }) => ({ ...input }),
  initial: 'idle',
  states: {
    idle: {
      description: 'B stands by with free resources.',
      on: { 'reserve.request': { target: 'reserved', actions: 'grantReservation', description: "Reserve a container of the VM's size." } },
    },
    reserved: {
      description: 'A container is reserved; the vCPU state has not arrived.',
      on: {
        'state.arrived': { target: 'resuming', description: 'The vCPU and device state arrived: resume the VM here, with none of its pages.' },
        'source.failed': { target: 'discarded', actions: 'discard', description: 'A failed or gave up before the state arrived: nothing to run.' },
      },
    },
    resuming: {
      description: 'Device drivers reattach; the VM resumes after resumeMs.',
      after: { resume: { target: 'degraded', actions: ['resume', 'announceAddress'], description: 'The VM runs on B; a gratuitous ARP says where it is. Its pages are still on A.' } },
      on: { 'source.failed': { target: 'lost', actions: 'giveUp', description: 'A failed before the VM ran here: B holds none of its pages.' } },
    },
    degraded: {
      description: 'The VM runs on B while its pages arrive: a touch of a page B lacks is a network fault that stalls the vCPU for a round trip to A.',
      on: {
        'pages.complete': { target: 'complete', actions: 'complete', description: 'The last page arrived: B holds the whole VM.' },
        'source.failed': { target: 'lost', actions: 'giveUp', description: 'A failed while B lacked pages that only A held: the VM cannot go on (Hines §: neither host has the whole state).' },
      },
    },
    complete: { type: 'final', description: 'B holds every page: the migration is over.' },
    discarded: { type: 'final', description: 'The source failed before the state arrived: nothing was ever run here.' },
    lost: { type: 'final', description: 'A failed before every page reached B: the VM is lost.' },
  },
});
