/**
 * A physical host: up, crashed (fail-stop) or fenced (powered off through its management board); a
 * host that is down can be restarted: it boots for `bootMs` and comes up again, with no guest, as a
 * standby.
 * While up it sends a heartbeat to its peer every `heartbeatMs` and watches the peer's heartbeats: after
 * `failureTimeoutMs` of silence it declares the peer dead. The heartbeats themselves and the silence
 * timer are plain data on the world's clock (src/world/heartbeats.ts: they are most of a run's events);
 * this machine holds what they decide: whether the peer is believed alive, and the host's power.
 * @see ../../shared/DESIGN.md §4 (Host) and §5 (Failure detection, Fencing)
 */
import { emit, setup } from 'xstate';

export type HostId = 'A' | 'B';

export interface HostInput {
  readonly id: HostId;
  readonly heartbeatMs: number;
  readonly failureTimeoutMs: number;
  /** How long a restarted host takes to boot. */
  readonly bootMs: number;
}

export type HostContext = HostInput;

export type HostEvent =
  | { type: 'host.crash' }
  | { type: 'host.fence' }
  /** Power a host that is down on again: it boots and rejoins. */
  | { type: 'host.restart' }
  /** The failure detector heard nothing from the peer for failureTimeoutMs. */
  | { type: 'peer.silent' }
  /** A heartbeat arrived (the detector tells the machine only when the peer was declared dead). */
  | { type: 'heartbeat.received' };

export type HostEmitted =
  /** Told in the host's name by the world's heartbeat timer (src/world/heartbeats.ts). */
  | { type: 'heartbeat.sent'; host: HostId }
  | { type: 'peer.dead'; host: HostId }
  | { type: 'peer.back'; host: HostId }
  | { type: 'host.crashed'; host: HostId }
  | { type: 'host.fenced'; host: HostId }
  | { type: 'host.booting'; host: HostId }
  | { type: 'host.up'; host: HostId };

export const hostMachine = setup({
  types: {
    context: {} as HostContext,
    input: {} as HostInput,
    events: {} as HostEvent,
    emitted: {} as HostEmitted,
  },
  actions: {
    declarePeerDead: emit(({ context }) => ({ type: 'peer.dead' as const, host: context.id })),
    notePeerBack: emit(({ context }) => ({ type: 'peer.back' as const, host: context.id })),
    announceCrash: emit(({ context }) => ({ type: 'host.crashed' as const, host: context.id })),
    announceFenced: emit(({ context }) => ({ type: 'host.fenced' as const, host: context.id })),
    announceBooting: emit(({ context }) => ({ type: 'host.booting' as const, host: context.id })),
    announceUp: emit(({ context }) => ({ type: 'host.up' as const, host: context.id })),
  },
  delays: {
    boot: ({ context }) => context.bootMs,
  },
}).createMachine({
  id: 'host',
  description: 'A physical host: fail-stop, with a heartbeat failure detector (Remus §2.6 detects failure by timeouts).',
  context: ({ input }) => ({ ...input }),
  initial: 'up',
  states: {
    up: {
      type: 'parallel',
      tags: ['powered'],
      description: 'Powered and running its hypervisor. Fail-stop: it either works or stops silently.',
      on: {
        'host.crash': { target: 'crashed', actions: 'announceCrash', description: 'Fail-stop crash: the host stops at once, with no last word.' },
        'host.fence': { target: 'fenced', actions: 'announceFenced', description: 'Powered off through its management board, a path independent of the replication link.' },
      },
      states: {
        beating: {
          initial: 'sending',
          description: 'Tells the peer "I am alive" every heartbeatMs over the replication link (DESIGN §5, Failure detection).',
          states: {
            sending: {
              description: 'A heartbeat leaves every heartbeatMs (timed by the world as plain data: heartbeats are most of the traffic).',
            },
          },
        },
        watching: {
          initial: 'peerAlive',
          description: "Watches the peer's heartbeats: failureTimeoutMs of silence and the peer is declared dead (Remus §2.6).",
          states: {
            peerAlive: {
              description: 'Heartbeats arrive: the peer is believed alive (each one starts the failureTimeoutMs of silence again).',
              on: {
                'peer.silent': { target: 'peerSuspected', actions: 'declarePeerDead', description: 'No heartbeat for failureTimeoutMs: the peer is declared dead (it may only be cut off).' },
              },
            },
            peerSuspected: {
              description: 'No heartbeat for failureTimeoutMs: the peer is believed dead, though it may only be cut off (split brain).',
              on: { 'heartbeat.received': { target: 'peerAlive', actions: 'notePeerBack', description: 'The peer is heard again (the link healed): it was alive all along.' } },
            },
          },
        },
      },
    },
    crashed: {
      tags: ['down'],
      description: 'Fail-stop: no heartbeats, no VM, no output.',
      on: { 'host.restart': { target: 'booting', actions: 'announceBooting', description: 'Powered on again (repaired): it boots, with an empty memory.' } },
    },
    fenced: {
      tags: ['down'],
      description: 'Powered off by its peer so that two copies of the VM never run at once.',
      on: { 'host.restart': { target: 'booting', actions: 'announceBooting', description: 'Powered on again: it boots, with an empty memory.' } },
    },
    booting: {
      tags: ['down'],
      description: 'Powering on and booting its hypervisor (bootMs): no heartbeats yet, no VM.',
      on: { 'host.crash': { target: 'crashed', actions: 'announceCrash', description: 'It fails again before it is up.' } },
      after: { boot: { target: 'up', actions: 'announceUp', description: 'Booted: it rejoins as a standby with no copy of the VM, and its heartbeats start again.' } },
    },
  },
});
