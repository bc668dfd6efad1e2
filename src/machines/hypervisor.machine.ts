/**
 * A host's hypervisor (Xen-like): dom0 with the backend drivers (netback, blkback), log-dirty tracking
 * and pause/resume of the guest. A backend woken by an event-channel upcall consumes the requests on
 * its ring and performs them: netback puts packets on the wire, blkback writes to the disk.
 * @see ../../shared/DESIGN.md §4 (Hypervisor) and research/domain-facts.md §6
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { IoRequest } from '../sim/ring';
import type { HostId } from './host.machine';

export interface HypervisorInput {
  readonly host: HostId;
}

export interface HypervisorContext extends HypervisorInput {
  /** Requests netback and blkback have performed. */
  readonly netbackDone: number;
  readonly blkbackDone: number;
}

export type HypervisorEvent =
  | { type: 'guest.create' }
  | { type: 'guest.pause' }
  | { type: 'guest.resume' }
  | { type: 'guest.destroy' }
  | { type: 'logdirty.enable' }
  | { type: 'logdirty.disable' }
  | { type: 'backend.kick'; backend: string; port: number; requests: readonly IoRequest[] }
  | { type: 'hypervisor.halt' }
  | { type: 'hypervisor.boot' };

export type HypervisorEmitted =
  | { type: 'guest.created' }
  | { type: 'guest.paused' }
  | { type: 'guest.resumed' }
  | { type: 'guest.destroyed' }
  | { type: 'netback.tx'; request: IoRequest }
  | { type: 'blkback.write'; request: IoRequest }
  | { type: 'backend.done'; backend: string; port: number; count: number };

export const hypervisorMachine = setup({
  types: {
    context: {} as HypervisorContext,
    input: {} as HypervisorInput,
    events: {} as HypervisorEvent,
    emitted: {} as HypervisorEmitted,
  },
  actions: {
    announceCreated: emit({ type: 'guest.created' as const }),
    pauseGuest: emit({ type: 'guest.paused' as const }),
    resumeGuest: emit({ type: 'guest.resumed' as const }),
    announceDestroyed: emit({ type: 'guest.destroyed' as const }),
    resetCounts: assign({ netbackDone: 0, blkbackDone: 0 }),
    /** The backend consumes its ring: each request becomes real I/O, then the port is answered. */
    processRing: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'backend.kick') return;
      let net = 0;
      let blk = 0;
      for (const request of event.requests) {
        if (request.kind === 'disk') {
          blk++;
          enqueue.emit({ type: 'blkback.write', request });
        } else {
          net++;
          enqueue.emit({ type: 'netback.tx', request });
        }
      }
      enqueue.assign({ netbackDone: context.netbackDone + net, blkbackDone: context.blkbackDone + blk });
      enqueue.emit({ type: 'backend.done', backend: event.backend, port: event.port, count: event.requests.length });
    }),
  },
}).createMachine({
  id: 'hypervisor',
  description: "The host's Xen hypervisor with dom0: backends, log-dirty tracking, pause and resume of the guest (Clark §5.1).",
  context: ({ input }) => ({ ...input, netbackDone: 0, blkbackDone: 0 }),
  initial: 'running',
  states: {
    running: {
      type: 'parallel',
      description: 'Xen runs: what it does with the guest and whether it tracks writes are independent regions.',
      on: {
        'hypervisor.halt': { target: 'halted', description: 'The host lost power: the hypervisor, dom0 and the guest stop with it.' },
        'backend.kick': { actions: 'processRing', description: 'A backend woken by an upcall consumes its ring and performs the I/O.' },
      },
      states: {
        guest: {
          initial: 'none',
          description: 'The guest domain (domU), as the hypervisor sees it.',
          states: {
            none: {
              description: 'No guest domain on this host.',
              on: { 'guest.create': { target: 'running', actions: 'announceCreated', description: 'Build the guest domain and start its vCPU.' } },
            },
            running: {
              description: "The guest's vCPU is scheduled: it runs.",
              on: {
                'guest.pause': { target: 'paused', actions: 'pauseGuest', description: 'Pause the guest vCPU (a pause, not a suspend).' },
                'guest.destroy': { target: 'none', actions: 'announceDestroyed', description: 'The guest domain is torn down (its copy moved away or its host stopped).' },
              },
            },
            paused: {
              description: 'The vCPU is paused, not suspended: devices stay connected, as Remus (§2.3) and Kemari pause it.',
              on: {
                'guest.resume': { target: 'running', actions: 'resumeGuest', description: 'Unpause: the guest runs on from where it stopped (Remus §2.2, speculative execution).' },
                'guest.destroy': { target: 'none', actions: 'announceDestroyed', description: 'The guest domain is torn down while paused.' },
              },
            },
          },
        },
        logDirty: {
          initial: 'off',
          description: 'Log-dirty mode: shadow page tables trap guest writes and mark pages in a dirty bitmap.',
          states: {
            off: {
              description: 'Guest writes are not tracked.',
              on: { 'logdirty.enable': { target: 'on', description: 'Shadow paging in log-dirty mode, before the first pre-copy round (Clark §3.3 Fig. 1, §5.1).' } },
            },
            on: {
              description: 'Each guest write marks its page in the dirty bitmap (Clark §5.1).',
              on: { 'logdirty.disable': { target: 'off', description: 'Stop tracking guest writes.' } },
            },
          },
        },
      },
    },
    halted: {
      description: 'Nothing runs on a host without power.',
      on: { 'hypervisor.boot': { target: 'running', actions: 'resetCounts', description: 'The host was powered on again: Xen and dom0 boot, with no guest.' } },
    },
  },
});
