/**
 * Xen's event channel between a guest's frontends and dom0's backends: ports with PENDING and MASK
 * bits. A frontend's notify sets the port pending; the 0 -> 1 edge on an unmasked port raises an
 * upcall to the backend (a pending or masked port raises none: the edge is remembered by the bit).
 * In `trapping` mode the hypervisor holds each notify before the backend sees it, until a protocol
 * releases it (Kemari's hook).
 * @see research/domain-facts.md §6 (Event channels) and §4.3 (Kemari traps the notification)
 */
import { assign, enqueueActions, setup } from 'xstate';

/** One event-channel port, frontend to backend. */
export interface Port {
  readonly port: number;
  readonly name: string;
  readonly frontend: string;
  readonly backend: string;
  readonly pending: boolean;
  readonly masked: boolean;
  /** A notify trapped by the hypervisor and not yet delivered. */
  readonly held: boolean;
  readonly notifies: number;
}

export interface EventChannelContext {
  readonly ports: readonly Port[];
  /** Whether the trap hook is on from the start (a protocol may switch it later). */
  readonly trapAtStart: boolean;
}

export interface EventChannelInput {
  readonly ports: readonly Pick<Port, 'port' | 'name' | 'frontend' | 'backend'>[];
  readonly trap?: boolean;
}

export type EventChannelEvent =
  | { type: 'evtchn.notify'; port: number }
  | { type: 'evtchn.release'; port: number }
  | { type: 'evtchn.mask'; port: number }
  | { type: 'evtchn.unmask'; port: number }
  | { type: 'evtchn.clear'; port: number }
  | { type: 'evtchn.trap.enable' }
  | { type: 'evtchn.trap.disable' }
  /** The host booted again: every port clear, notifies go straight to the backend. */
  | { type: 'evtchn.reset' };

export type EventChannelEmitted =
  | { type: 'evtchn.upcall'; port: number; backend: string }
  | { type: 'evtchn.trapped'; port: number; frontend: string }
  | { type: 'evtchn.pending'; port: number };

function update(ports: readonly Port[], port: number, change: Partial<Port>): Port[] {
  return ports.map((p) => (p.port === port ? changed(p, change) : p));
}

/** `p` with `change`, built field by field (one shape whatever changes: a spread of changes of many shapes is slow). */
function changed(p: Port, change: Partial<Port>): Port {
  return {
    port: p.port,
    name: p.name,
    frontend: p.frontend,
    backend: p.backend,
    pending: change.pending ?? p.pending,
    masked: change.masked ?? p.masked,
    held: change.held ?? p.held,
    notifies: change.notifies ?? p.notifies,
  };
}

function find(ports: readonly Port[], port: number): Port | undefined {
  return ports.find((p) => p.port === port);
}

export const eventChannelMachine = setup({
  types: {
    context: {} as EventChannelContext,
    input: {} as EventChannelInput,
    events: {} as EventChannelEvent,
    emitted: {} as EventChannelEmitted,
  },
  guards: {
    isTrapOnAtStart: ({ context }) => context.trapAtStart,
    isHeld: ({ context, event }) => 'port' in event && find(context.ports, event.port)?.held === true,
  },
  actions: {
    /** Sets PENDING; raises the upcall only on a 0 -> 1 edge of an unmasked port. */
    setPending: enqueueActions(({ context, event, enqueue }) => {
      if (!('port' in event)) return;
      const p = find(context.ports, event.port);
      if (!p) return;
      const edge = !p.pending;
      enqueue.assign({ ports: update(context.ports, p.port, { pending: true, held: false, notifies: p.notifies + (event.type === 'evtchn.notify' ? 1 : 0) }) });
      if (edge && !p.masked) enqueue.emit({ type: 'evtchn.upcall', port: p.port, backend: p.backend });
      else enqueue.emit({ type: 'evtchn.pending', port: p.port });
    }),
    trapNotify: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'evtchn.notify') return;
      const p = find(context.ports, event.port);
      if (!p) return;
      enqueue.assign({ ports: update(context.ports, p.port, { held: true, notifies: p.notifies + 1 }) });
      enqueue.emit({ type: 'evtchn.trapped', port: p.port, frontend: p.frontend });
    }),
    mask: assign({ ports: ({ context, event }) => ('port' in event ? update(context.ports, event.port, { masked: true }) : context.ports) }),
    unmask: enqueueActions(({ context, event, enqueue }) => {
      if (!('port' in event)) return;
      const p = find(context.ports, event.port);
      if (!p) return;
      enqueue.assign({ ports: update(context.ports, p.port, { masked: false }) });
      // Unmasking a pending port delivers the edge that the mask held back.
      if (p.masked && p.pending) enqueue.emit({ type: 'evtchn.upcall', port: p.port, backend: p.backend });
    }),
    clearPending: assign({ ports: ({ context, event }) => ('port' in event ? update(context.ports, event.port, { pending: false }) : context.ports) }),
    resetPorts: assign({ ports: ({ context }) => context.ports.map((p) => ({ ...p, pending: false, masked: false, held: false, notifies: 0 })) }),
  },
}).createMachine({
  id: 'event-channel',
  description: "Xen's event channels: a PENDING and a MASK bit per port between frontends and backends (domain facts §6).",
  context: ({ input }) => ({
    ports: input.ports.map((p) => ({ ...p, pending: false, masked: false, held: false, notifies: 0 })),
    trapAtStart: input.trap === true,
  }),
  initial: 'starting',
  states: {
    starting: {
      description: 'Picks its mode as it starts: trapping when Kemari protects the guest, direct otherwise.',
      always: [
        { guard: 'isTrapOnAtStart', target: 'trapping', description: 'Kemari protects this guest: trap notifies from the start ("Kemari in VMM taps event channel", Kemari v1.0).' },
        { target: 'direct', description: 'No protocol traps notifies: they go straight to the backend.' },
      ],
    },
    direct: {
      description: 'Notifies go straight to the backend: the I/O leaves as soon as the guest asks.',
      on: {
        'evtchn.notify': { actions: 'setPending', description: 'Frontend notify: the port becomes pending and the backend gets an upcall.' },
        'evtchn.trap.enable': { target: 'trapping', description: 'A protocol taps the event channel (Kemari v1.0: trap, pause, sync, then deliver).' },
      },
    },
    trapping: {
      description: 'The hypervisor traps every notify and holds it until the protocol releases it (Kemari).',
      on: {
        'evtchn.notify': { actions: 'trapNotify', description: 'Trapped before the backend sees it.' },
        'evtchn.release': { guard: 'isHeld', actions: 'setPending', description: 'The protocol delivers the held notify to the backend.' },
        'evtchn.trap.disable': { target: 'direct', description: 'Stop trapping: Kemari lost its backup and lets I/O go at once.' },
      },
    },
  },
  on: {
    'evtchn.mask': { actions: 'mask', description: 'Mask the port: a notify raises no upcall (PENDING remembers the edge).' },
    'evtchn.unmask': { actions: 'unmask', description: 'Unmask the port; an edge missed while masked must be checked for.' },
    'evtchn.clear': { actions: 'clearPending', description: 'The backend has consumed the ring and clears PENDING.' },
    'evtchn.reset': { target: '.direct', actions: 'resetPorts', description: 'The host booted again: every port clear, no trap.' },
  },
});
