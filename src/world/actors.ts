/**
 * Making actors: each on the world's clock, watched for the transitions it takes (frames show them),
 * its emitted events traced at once and routed at the same instant, after what is already due then.
 * And the cast every world has: hosts A and B with their hypervisors and event channels, the
 * replication link and the client (the guest's copies are guests.ts's).
 * @see ../../shared/DESIGN.md §3 (the trace) and §4 (the world being simulated)
 */
import type { Actor, AnyActorLogic, AnyStateMachine } from 'xstate';
import { clientMachine } from '../machines/client.machine';
import { eventChannelMachine } from '../machines/event-channel.machine';
import { hostMachine } from '../machines/host.machine';
import { hypervisorMachine } from '../machines/hypervisor.machine';
import { linkMachine } from '../machines/link.machine';
import { LeanActor, leanRefusal } from '../machines/runner';
import { BLK_PORT, NET_PORT, PUBLIC_NET_LATENCY_US } from './hosts';
import type { Emitted } from './port';
import { route } from './routing';
import type { Cast, MakeActor, WorldState } from './state';
import type { XStateEngine } from './xstate-engine';
import { traceData } from './trace-data';
import type { TraceValue } from '../sim/trace';

const PORTS = [
  { port: NET_PORT, name: 'net', frontend: 'netfront', backend: 'netback' },
  { port: BLK_PORT, name: 'blk', frontend: 'blkfront', backend: 'blkback' },
];

/**
 * How the world runs its machines: `lean`, the lean runner (src/machines/runner.ts); or XState's actor
 * throughout (`XSTATE_ENGINE` of ./xstate-engine.ts, the reference, which tests pass in).
 */
export type Engine = 'lean' | XStateEngine;

const isMachine = (logic: AnyActorLogic): logic is AnyStateMachine => 'root' in logic && 'id' in logic;

/** The world's `make`: see `MakeActor`. */
export function actorMaker(w: WorldState, engine: Engine = 'lean'): MakeActor {
  return (name, logic, input, effect) => {
    const watch = w.recordFrames ? w.edgeLog.watch(name, logic) : null;
    let actor: Actor<typeof logic>;
    if (engine !== 'lean') {
      actor = engine.createActor(logic as AnyActorLogic, { clock: w.clock, input, inspect: watch?.inspect }) as Actor<typeof logic>;
      watch?.attach(actor);
    } else {
      const refusal = isMachine(logic) ? leanRefusal(logic) : 'it is not a state machine';
      if (refusal) throw new Error(`actor ${name}: the lean runner cannot run it (${refusal}); run the world with engine: XSTATE_ENGINE (src/world/xstate-engine.ts)`);
      actor = new LeanActor(logic as unknown as AnyStateMachine, { clock: w.clock, input, onMicrostep: watch?.record }) as unknown as Actor<typeof logic>;
    }
    w.actors.set(name, actor);
    actor.on('*', (emitted: Emitted) => emitFrom(w, name, emitted, effect?.(emitted)));
    return actor;
  };
}

/**
 * What actor `name` emits (a machine, or the world's plain-data work in an actor's name): traced now,
 * with `more` data, and routed at this instant after what is already due.
 */
export function emitFrom(w: WorldState, name: string, emitted: Emitted, more?: Record<string, TraceValue>): void {
  const data = traceData(emitted as unknown as Record<string, unknown>);
  const cause = w.trace.add(w.clock.now(), name, emitted.type, more ? { ...data, ...more } : data) + 1;
  w.queue.push(w.clock.now(), new Routing(w, name, emitted, cause));
}

/** A queue entry that routes an emitted event (a class, not a closure: one is made per event). */
class Routing {
  constructor(
    private readonly w: WorldState,
    private readonly name: string,
    private readonly emitted: Emitted,
    private readonly cause: number,
  ) {}

  run(): void {
    // What routing this event narrates is told where the event is in the trace (state.ts `note`).
    const w = this.w;
    const outer = w.noteCause;
    w.noteCause = this.cause;
    try {
      route(w, this.name, this.emitted);
    } finally {
      w.noteCause = outer;
    }
  }
}

/** Makes the hosts, hypervisors, event channels, link and client, in the order their states are listed. */
export function makeCast(w: WorldState, makeGuest: () => void): Cast {
  const p = w.params;
  const hb = { heartbeatMs: p.heartbeatMs, failureTimeoutMs: p.failureTimeoutMs, bootMs: p.bootMs };
  const hosts = { A: w.make('hostA', hostMachine, { id: 'A', ...hb }), B: w.make('hostB', hostMachine, { id: 'B', ...hb }) };
  const hypervisors = { A: w.make('hostA.hypervisor', hypervisorMachine, { host: 'A' }), B: w.make('hostB.hypervisor', hypervisorMachine, { host: 'B' }) };
  const channels = { A: w.make('hostA.evtchn', eventChannelMachine, { ports: PORTS }), B: w.make('hostB.evtchn', eventChannelMachine, { ports: PORTS }) };
  // The running copy of the guest comes next (it is listed between the event channels and the link).
  makeGuest();
  const link = w.make('link', linkMachine, { bandwidthBitsPerSec: p.bandwidthMbps * 1e6, latencyUs: p.latencyUs });
  const client = w.make('client', clientMachine, { clientTimeoutMs: p.clientTimeoutMs, clockHz: p.clockHz, latencyUs: PUBLIC_NET_LATENCY_US });
  return { hosts, hypervisors, channels, link, client };
}
