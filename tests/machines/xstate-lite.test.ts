/**
 * The page's `xstate` (src/machines/xstate-lite.ts) builds every machine exactly as XState does, as far
 * as the lean runner and the statechart read it: the same states in the same document order, the same
 * transitions per event (targets, guards, actions, reenter, delays), `after` as the same entry raises
 * and exit cancels, the same initial and eventless transitions, the same statechart and edge keys.
 * (tests/lite/ runs the golden traces and random runs with these machines, as the page does.)
 */
import { describe, expect, it } from 'vitest';
import * as xs from 'xstate';
import type { AnyStateMachine } from 'xstate';
import { MACHINES } from '../../src/machines/catalogue';
import { statechart } from '../../src/machines/statechart';
import * as lite from '../../src/machines/xstate-lite';

/* eslint-disable @typescript-eslint/no-explicit-any */
const action = (a: any): unknown => {
  if (typeof a === 'string') return a;
  if (a?.type === 'xstate.raise') return { type: a.type, id: a.id, delay: a.delay, event: a.event };
  if (a?.type === 'xstate.cancel') return { type: a.type, sendId: a.sendId };
  return a;
};
const transition = (t: any) => ({
  eventType: t.eventType,
  source: t.source.id,
  target: t.target?.map((n: any) => n.id),
  reenter: t.reenter,
  guard: t.guard,
  actions: t.actions.map(action),
  delay: t.delay,
  event: t.event,
  description: t.description,
});
function shape(node: any): unknown {
  return {
    id: node.id,
    key: node.key,
    type: node.type,
    order: node.order,
    parent: node.parent?.id ?? null,
    tags: node.tags,
    description: node.description,
    entry: node.entry.map(action),
    exit: node.exit.map(action),
    transitions: [...node.transitions].map(([k, ts]: [string, any[]]) => [k, ts.map(transition)]),
    always: node.always?.map(transition),
    initial: node.type === 'compound' ? transition({ ...node.initial, eventType: node.initial.eventType }) : null,
    states: Object.entries(node.states).map(([k, c]) => [k, shape(c)]),
  };
}

describe('xstate-lite', () => {
  for (const machine of MACHINES) {
    it(`${machine.id}: the same states, transitions, timers and statechart as XState`, () => {
      const built = lite.createMachine(machine.config, machine.implementations) as AnyStateMachine;
      expect(built.id).toBe(machine.id);
      expect(built.implementations.actions).toBe(machine.implementations.actions);
      expect(built.implementations.guards).toBe(machine.implementations.guards);
      expect(shape(built.root)).toEqual(shape(machine.root));
      expect(statechart(built)).toEqual(statechart(machine));
    });
  }

  it('builds through setup() with the implementations given, as XState does', () => {
    const guards = { isBig: ({ context }: { context: any }) => context.n > 2 };
    const config: any = { id: 'm', context: { n: 0 }, initial: 'a', states: { a: { after: { 5: 'b', late: { target: 'c', guard: 'isBig' } } }, b: { always: 'c' }, c: { type: 'final' } } };
    const real = xs.setup({ guards, delays: { late: 9 } }).createMachine(config);
    const mine = lite.setup({ guards, delays: { late: 9 } }).createMachine(config) as AnyStateMachine;
    expect(mine.implementations.delays).toEqual({ late: 9 });
    expect(shape(mine.root)).toEqual(shape(real.root));
    expect(mine.root.entry).toEqual([]);
    expect((mine.root.states.a.entry as any[]).map((a) => a.id)).toEqual(['xstate.after.5.m.a', 'xstate.after.late.m.a']);
  });

  it("makes XState's action objects: the same type, fields and name", () => {
    const fn = () => ({});
    const pairs: [any, any][] = [
      [xs.assign(fn), lite.assign(fn)],
      [xs.emit({ type: 'x' }), lite.emit({ type: 'x' })],
      [xs.enqueueActions(fn), lite.enqueueActions(fn)],
      [xs.raise({ type: 'x' }, { id: 'i', delay: 3 }), lite.raise({ type: 'x' }, { id: 'i', delay: 3 })],
      [xs.cancel('i'), lite.cancel('i')],
    ];
    for (const [real, mine] of pairs) {
      expect(mine.type).toBe(real.type);
      expect(mine.name).toBe(real.name);
      expect('resolve' in mine).toBe(true);
      for (const field of ['assignment', 'event', 'collect', 'id', 'delay', 'sendId']) expect(mine[field]).toEqual(real[field]);
    }
  });

  it("answers matchesState as XState does", () => {
    const value = { running: { guest: 'paused', logDirty: 'off' } };
    const cases: [unknown, unknown][] = [
      ['running', value],
      ['running.guest.paused', value],
      ['running.guest.running', value],
      [{ running: { logDirty: 'off' } }, value],
      [{ up: { watching: 'peerSuspected' } }, { up: { watching: 'peerAlive', beating: 'sending' } }],
      ['a', 'a'],
      ['a', 'b'],
      [{ a: 'b' }, 'a'],
    ];
    const answers = cases.map(([p, c]) => lite.matchesState(p, c));
    expect(answers).toEqual(cases.map(([p, c]) => xs.matchesState(p as never, c as never)));
    expect(answers).toEqual([true, true, false, true, false, true, false, false]);
  });

  it('resolves `#id.child` targets and takes an empty target for none, as XState does', () => {
    const config: any = {
      id: 't',
      initial: 'p',
      states: { p: { id: 'P', initial: 'x', states: { x: { on: { GO: '#P.y', STAY: { target: '', actions: [] } } }, y: {} } } },
    };
    expect(shape(lite.createMachine(config).root)).toEqual(shape(xs.createMachine(config).root));
    expect((lite.createMachine(config) as any).root.states.p.states.x.transitions.get('STAY')[0].target).toBeUndefined();
  });

  it('refuses an initial state that does not exist when it builds the machine (XState, when the machine starts)', () => {
    const config: any = { id: 'i', initial: 'nowhere', states: { a: {} } };
    expect(() => lite.createMachine(config)).toThrow('Initial state node "nowhere" not found on parent state node #i');
  });

  it('refuses what the page does not use, by name', () => {
    expect(() => lite.createMachine({ id: 'h', initial: 'a', states: { a: { invoke: { src: 'x' } } } })).toThrow('xstate-lite: invoke is not supported');
  });
});
