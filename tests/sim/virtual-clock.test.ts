import { describe, expect, it } from 'vitest';
import { createActor, setup } from 'xstate';
import { simTime } from '../support/sim-harness';

const world = simTime;

const timerMachine = (delayMs: number) =>
  setup({
    types: { events: {} as { type: 'stop' } },
    delays: { wait: () => delayMs },
  }).createMachine({
    initial: 'waiting',
    states: {
      waiting: { after: { wait: 'done' }, on: { stop: 'stopped' } },
      done: {},
      stopped: {},
    },
  });

describe('VirtualClock', () => {
  it('starts at 0 and never goes back', () => {
    const { clock } = world();
    expect(clock.now()).toBe(0);
    clock.advanceTo(10);
    expect(clock.now()).toBe(10);
    expect(() => clock.advanceTo(9)).toThrow(RangeError);
    expect(clock.now()).toBe(10);
  });

  it('drives an XState `after` delay: the transition happens exactly at delay x 1000 µs, not before', () => {
    const { clock, queue, runUntil } = world();
    const seen: [number, unknown][] = [];
    const actor = createActor(timerMachine(2.5), { clock });
    actor.subscribe((s) => seen.push([clock.now(), s.value]));
    actor.start();
    expect(queue.peek()?.at).toBe(2500);
    runUntil(2499);
    expect(actor.getSnapshot().value).toBe('waiting');
    runUntil(2500);
    expect(actor.getSnapshot().value).toBe('done');
    expect(seen.find(([, v]) => v === 'done')?.[0]).toBe(2500);
  });

  it('arms delays relative to the current simulated time and rounds ms to the nearest µs', () => {
    const { clock, queue, runUntil } = world();
    runUntil(7_000);
    const actor = createActor(timerMachine(1.0006), { clock }).start();
    expect(queue.peek()?.at).toBe(8_001);
    runUntil(8_000);
    expect(actor.getSnapshot().value).toBe('waiting');
    runUntil(8_001);
    expect(actor.getSnapshot().value).toBe('done');
  });

  it('fires two timers due at the same instant in the order they were armed', () => {
    for (const order of [
      ['first', 'second'],
      ['second', 'first'],
    ]) {
      const { clock, runUntil } = world();
      const fired: string[] = [];
      const make = (name: string) =>
        setup({ actions: { note: () => fired.push(name) } }).createMachine({
          initial: 'a',
          states: { a: { after: { 100: { target: 'b', actions: 'note' } } }, b: {} },
        });
      const machines = { first: make('first'), second: make('second') };
      for (const name of order) createActor(machines[name as 'first' | 'second'], { clock }).start();
      runUntil(99_999);
      expect(fired).toEqual([]);
      runUntil(100_000);
      expect(fired).toEqual(order);
    }
  });

  it('clearTimeout cancels: a state left before its delay never takes the delayed transition', () => {
    const { clock, queue, runUntil } = world();
    const actor = createActor(timerMachine(50), { clock }).start();
    runUntil(20_000);
    actor.send({ type: 'stop' });
    expect(actor.getSnapshot().value).toBe('stopped');
    expect(queue.size).toBe(0);
    runUntil(1_000_000);
    expect(actor.getSnapshot().value).toBe('stopped');
  });

  it('clearTimeout on a raw timer keeps its callback from running', () => {
    const { clock, runUntil } = world();
    const ran: number[] = [];
    const a = clock.setTimeout(() => ran.push(1), 5);
    clock.setTimeout(() => ran.push(2), 5);
    clock.clearTimeout(a);
    clock.clearTimeout(undefined);
    runUntil(10_000);
    expect(ran).toEqual([2]);
  });
});
