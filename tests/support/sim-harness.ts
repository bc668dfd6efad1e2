/**
 * Drives actors on simulated time the way the world does: one event queue, one virtual clock,
 * `runUntil(t)` pops every entry due up to `t` (advancing the clock first), then moves time to `t`.
 */
import { createActor, type AnyActorLogic, type EventObject } from 'xstate';
import { EventQueue } from '../../src/sim/event-queue';
import { VirtualClock, type Scheduled } from '../../src/sim/virtual-clock';

export function simTime() {
  const queue = new EventQueue<Scheduled>();
  const clock = new VirtualClock(queue);
  const runUntil = (t: number) => {
    for (let e = queue.peek(); e && e.at <= t; e = queue.peek()) {
      queue.pop();
      clock.advanceTo(e.at);
      e.item.run();
    }
    clock.advanceTo(t);
  };
  return { queue, clock, runUntil };
}

/** Starts `logic` with `input` on simulated time and records what it emits, stamped with the time. */
export function startOnClock<TEmitted extends EventObject, TLogic extends AnyActorLogic = AnyActorLogic>(logic: TLogic, input: unknown) {
  const time = simTime();
  const actor = createActor(logic, { clock: time.clock, input } as never);
  const emitted: (TEmitted & { at: number })[] = [];
  actor.on('*', (e: unknown) => emitted.push({ ...(e as TEmitted), at: time.clock.now() }));
  actor.start();
  return { ...time, actor, emitted };
}
