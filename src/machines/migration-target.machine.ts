/**
 * Pre-copy live migration, the receiving side on host B: reserve a container (stage 1), take in the
 * batches (stages 2-3), report a complete image when the final batch with the vCPU state has
 * arrived, and after A's commit (stage 4) activate the VM (stage 5): resume it after `resumeMs`
 * and announce its address with a gratuitous ARP. If A fails before commitment, the partial copy is
 * discarded.
 * @see research/domain-facts.md §1.2 (stages 4 and 5) and §1.3 (the unsolicited ARP reply)
 */
import { emit, setup } from 'xstate';

export interface MigrationTargetInput {
  readonly resumeMs: number;
}

export type MigrationTargetEvent =
  | { type: 'reserve.request' }
  | { type: 'batch.arrived'; final: boolean }
  | { type: 'commit.received' }
  | { type: 'source.failed' };

export type MigrationTargetEmitted =
  | { type: 'reserve.granted' }
  | { type: 'image.complete' }
  | { type: 'vm.activated' }
  | { type: 'arp.gratuitous' }
  | { type: 'copy.discarded' };

export const migrationTargetMachine = setup({
  types: {
    context: {} as MigrationTargetInput,
    input: {} as MigrationTargetInput,
    events: {} as MigrationTargetEvent,
    emitted: {} as MigrationTargetEmitted,
  },
  guards: {
    isFinalBatch: ({ event }) => event.type === 'batch.arrived' && event.final,
  },
  actions: {
    grantReservation: emit({ type: 'reserve.granted' as const }),
    reportImageComplete: emit({ type: 'image.complete' as const }),
    activate: emit({ type: 'vm.activated' as const }),
    announceAddress: emit({ type: 'arp.gratuitous' as const }),
    discard: emit({ type: 'copy.discarded' as const }),
  },
  delays: {
    resume: ({ context }) => context.resumeMs,
  },
}).createMachine({
  id: 'migration-target',
  description: "Host B's side of a migration: reserve, receive, commit, activate (Clark §3.3).",
  context: ({ input }) => ({ ...input }),
  initial: 'idle',
  states: {
    idle: {
      description: 'Stage 0: B stands by with free resources (Clark §3.3).',
      on: { 'reserve.request': { target: 'receiving', actions: 'grantReservation', description: 'Stage 1: reserve a container of the VM\'s size.' } },
    },
    receiving: {
      description: 'Stages 2-3: pages arrive in batches; later copies of a page overwrite earlier ones.',
      on: {
        'batch.arrived': { guard: 'isFinalBatch', target: 'imageComplete', actions: 'reportImageComplete', description: 'The last batch, with the vCPU state: B holds a consistent image (Clark §3.3, stage 3).' },
        'source.failed': { target: 'discarded', actions: 'discard', description: 'A failed or gave up before commitment: the partial copy is useless (Clark §3.3).' },
      },
    },
    imageComplete: {
      description: 'B holds a consistent image; A is still primary until it commits.',
      on: {
        'commit.received': { target: 'activating', description: 'Stage 4: A committed. B is the primary now.' },
        'source.failed': { target: 'discarded', actions: 'discard', description: "A went silent or gave up and its commit never came: B cannot run the VM, and the copy is dropped (Clark §3.3)." },
      },
    },
    activating: {
      description: 'Stage 5: device drivers reattach and the VM resumes after resumeMs.',
      after: { resume: { target: 'active', actions: ['activate', 'announceAddress'], description: 'Drivers reattached: the VM runs on B, and a gratuitous ARP says where it is (Clark §3.2, stage 5).' } },
    },
    active: { type: 'final', description: 'The VM runs on B; a gratuitous ARP told the network where it is.' },
    discarded: { type: 'final', description: 'The source failed before commitment: the partial copy is useless.' },
  },
});
