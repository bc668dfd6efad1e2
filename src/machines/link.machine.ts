/**
 * The replication link between host A and host B: connected or cut. A bandwidth, a latency, one bulk
 * queue per direction and a fast path for control messages (they go ahead of bulk data). What is on
 * the wire is plain data (src/sim/wire.ts, timed by src/world/transport.ts, which delivers messages in
 * this link's name): a message is a high-rate event, the link's state is what a person reads here.
 * Cutting the link loses everything on the wire; healing it carries new messages again.
 * @see ../../shared/DESIGN.md §4 (Link) and §5 (Instants, Link)
 */
import { emit, setup } from 'xstate';
import type { LinkMessage } from '../sim/wire';
import type { Micros } from '../sim/time';

export type { InFlight, LinkMessage } from '../sim/wire';

export interface LinkInput {
  readonly bandwidthBitsPerSec: number;
  readonly latencyUs: Micros;
}

export type LinkContext = LinkInput;

export type LinkEvent =
  /** A partition; `lost` is how many messages were on the wire. */
  | { type: 'link.cut'; lost: number }
  | { type: 'link.heal' };

export type LinkEmitted =
  /** Told in the link's name by the world's wire (transport.ts). */
  | { type: 'link.delivered'; message: LinkMessage }
  | { type: 'link.dropped'; id: number; kind: string; reason: 'cut' | 'sender-down' }
  | { type: 'link.wasCut'; lost: number }
  | { type: 'link.healed' };

export const linkMachine = setup({
  types: {
    context: {} as LinkContext,
    input: {} as LinkInput,
    events: {} as LinkEvent,
    emitted: {} as LinkEmitted,
  },
  actions: {
    announceCut: emit(({ event }) => ({ type: 'link.wasCut' as const, lost: event.type === 'link.cut' ? event.lost : 0 })),
    announceHealed: emit({ type: 'link.healed' as const }),
  },
}).createMachine({
  id: 'link',
  description: 'The replication link between the hosts: bandwidth and latency, and it can be cut (DESIGN §4, Link).',
  context: ({ input }) => ({ ...input }),
  initial: 'connected',
  states: {
    connected: {
      description:
        'Messages cross in size/bandwidth + latency; control messages overtake bulk data, bulk data is serialised per direction (the wire is plain data: src/sim/wire.ts).',
      on: {
        'link.cut': { target: 'cut', actions: 'announceCut', description: 'A partition: everything on the wire is lost; each side hears nothing from the other.' },
      },
    },
    cut: {
      description: 'Partitioned: nothing crosses (a message sent now is dropped). Each host may wrongly believe the other is dead.',
      on: {
        'link.heal': { target: 'connected', actions: 'announceHealed', description: 'The link is repaired: messages cross again.' },
      },
    },
  },
});
