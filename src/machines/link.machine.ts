/**
 * The replication link between host A and host B: a bandwidth, a latency, one bulk queue per
 * direction and a fast path for control messages (they go ahead of bulk data). A message arrives as a
 * delayed event on the simulated clock. Cutting the link loses everything on the wire; healing it
 * carries new messages again. (The world sends its many heartbeats on the control path itself with
 * the same arithmetic, `timeTransfer`, and this machine's state: see world.ts `sendOnLink`.)
 * @see ../../shared/DESIGN.md §4 (Link) and §5 (Instants, Link)
 */
import { emit, enqueueActions, setup } from 'xstate';
import { IDLE_STREAM, streamTransfer, timeTransfer, type BulkStream, type TrafficClass } from '../sim/link-model';
import type { Micros } from '../sim/time';
import type { HostId } from './host.machine';

/** A message on the link. `body` is whatever the protocol carries (plain data). */
export interface LinkMessage {
  readonly id: number;
  readonly from: HostId;
  readonly to: HostId;
  readonly kind: string;
  readonly bytes: number;
  readonly traffic: TrafficClass;
  /** A sender's rate limit for this message (bulk), below the link's bandwidth. */
  readonly rateBitsPerSec?: number;
  readonly body?: Readonly<Record<string, unknown>>;
}

/** A message on the wire, with its times. */
export interface InFlight extends LinkMessage {
  readonly sentAtUs: Micros;
  readonly arrivesAtUs: Micros;
}

export interface LinkInput {
  readonly bandwidthBitsPerSec: number;
  readonly latencyUs: Micros;
}

export interface LinkContext extends LinkInput {
  readonly inFlight: readonly InFlight[];
  /** Each direction's bulk stream (back-to-back transfers keep their exact sub-µs ends). */
  readonly bulk: Readonly<Record<HostId, BulkStream>>;
  readonly nextId: number;
}

export type LinkEvent =
  | { type: 'link.send'; atUs: Micros; message: Omit<LinkMessage, 'id'> & { readonly id?: number } }
  | { type: 'link.arrive'; id: number }
  | { type: 'link.cut' }
  | { type: 'link.heal' }
  | { type: 'link.senderDown'; host: HostId; atUs: Micros };

export type LinkEmitted =
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
    /** Puts a message on the wire and arms its arrival on the simulated clock. */
    transmit: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'link.send') return;
      const m = event.message;
      const bandwidth = m.rateBitsPerSec ? Math.min(m.rateBitsPerSec, context.bandwidthBitsPerSec) : context.bandwidthBitsPerSec;
      const t =
        m.traffic === 'bulk'
          ? streamTransfer(event.atUs, m.bytes * 8, context.bulk[m.from], bandwidth, context.latencyUs)
          : { ...timeTransfer(event.atUs, m.bytes * 8, 'control', 0, bandwidth, context.latencyUs), stream: context.bulk[m.from] };
      const id = m.id ?? context.nextId;
      const flight: InFlight = { ...m, id, sentAtUs: t.startUs, arrivesAtUs: t.arrivesUs };
      enqueue.assign({
        nextId: Math.max(context.nextId, id + 1),
        inFlight: [...context.inFlight, flight],
        bulk: { ...context.bulk, [m.from]: t.stream },
      });
      enqueue.raise({ type: 'link.arrive', id }, { delay: (t.arrivesUs - event.atUs) / 1000 });
    }),
    deliver: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'link.arrive') return;
      const flight = context.inFlight.find((f) => f.id === event.id);
      if (!flight) return;
      enqueue.assign({ inFlight: context.inFlight.filter((f) => f.id !== event.id) });
      const { sentAtUs: _s, arrivesAtUs: _a, ...message } = flight;
      enqueue.emit({ type: 'link.delivered', message });
    }),
    dropNew: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'link.send') return;
      const id = event.message.id ?? context.nextId;
      enqueue.assign({ nextId: Math.max(context.nextId, id + 1) });
      enqueue.emit({ type: 'link.dropped', id, kind: event.message.kind, reason: 'cut' });
    }),
    loseInFlight: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'link.wasCut', lost: context.inFlight.length });
      enqueue.assign({ inFlight: [], bulk: { A: IDLE_STREAM, B: IDLE_STREAM } });
    }),
    announceHealed: emit({ type: 'link.healed' as const }),
    /** A sender that stops mid-transfer never finishes it: its bulk messages still leaving are lost. */
    dropUnfinished: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'link.senderDown') return;
      const unfinished = context.inFlight.filter((f) => f.from === event.host && f.traffic === 'bulk' && f.arrivesAtUs - context.latencyUs > event.atUs);
      if (unfinished.length === 0) return;
      enqueue.assign({ inFlight: context.inFlight.filter((f) => !unfinished.includes(f)), bulk: { ...context.bulk, [event.host]: IDLE_STREAM } });
      for (const f of unfinished) enqueue.emit({ type: 'link.dropped', id: f.id, kind: f.kind, reason: 'sender-down' });
    }),
  },
}).createMachine({
  id: 'link',
  description: 'The replication link between the hosts: bandwidth and latency, and it can be cut (DESIGN §4, Link).',
  context: ({ input }) => ({ ...input, inFlight: [], bulk: { A: IDLE_STREAM, B: IDLE_STREAM }, nextId: 1 }),
  initial: 'connected',
  states: {
    connected: {
      description: 'Messages cross in size/bandwidth + latency; control messages overtake bulk data.',
      on: {
        'link.senderDown': { actions: 'dropUnfinished', description: 'A host died while sending: the bulk data it had not finished sending never arrives.' },
        'link.send': { actions: 'transmit', description: 'On the wire: it arrives size/bandwidth + latency later, after the bulk queued before it (DESIGN §5).' },
        'link.arrive': { actions: 'deliver', description: 'A message crossed: deliver it to the other host.' },
        'link.cut': { target: 'cut', actions: 'loseInFlight', description: 'A partition: everything on the wire is lost; each side hears nothing from the other.' },
      },
    },
    cut: {
      description: 'Partitioned: nothing crosses. Each host may wrongly believe the other is dead.',
      on: {
        'link.send': { actions: 'dropNew', description: 'Nothing crosses a cut link: the message is lost.' },
        'link.heal': { target: 'connected', actions: 'announceHealed', description: 'The link is repaired: messages cross again.' },
      },
    },
  },
});
