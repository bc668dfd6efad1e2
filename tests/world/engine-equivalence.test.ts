/**
 * The lean runner (src/machines/runner.ts) against XState's actor, the reference: the same run on both
 * engines writes the same trace byte for byte, takes the same transitions at the same instants and
 * shows the same machine states on every frame — over every scenario, random seeds, presets and faults
 * (crashes, cuts and heals at random times, and at named phases of the protocol).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { formatFault, type Fault } from '../../src/scenarios/faults';
import { SCENARIOS } from '../../src/scenarios/all';
import { resolveRun, type RawRun } from '../../src/scenarios/run-spec';
import { MACHINES } from '../../src/machines/catalogue';
import { LeanActor, leanRefusal, leanSupports } from '../../src/machines/runner';
import { remusMachine } from '../../src/machines/remus.machine';
import { VirtualClock } from '../../src/sim/virtual-clock';
import { EventQueue } from '../../src/sim/event-queue';
import { XSTATE_ENGINE } from '../../src/world/xstate-engine';
import { createWorld, type WorldOptions } from '../../src/world/world';

function run(raw: RawRun, options: WorldOptions) {
  const { spec, errors } = resolveRun(raw);
  expect(errors).toEqual([]);
  const world = createWorld(spec, options);
  const machines: string[] = [];
  // Every frame's machine states, by instant (the statechart panel and the stage read these).
  for (let ok = world.step(); ok && world.now() <= spec.untilUs; ok = world.step()) {
    const f = world.frames[world.frames.length - 1];
    machines.push(`${f.atUs} ${JSON.stringify(f.machines)} ${f.edgesTaken.join(',')}`);
  }
  return { text: world.trace.toText(), hash: world.trace.hash(), machines, edges: world.edgeLog.codes, world };
}

function same(raw: RawRun): { events: number } {
  const lean = run(raw, { engine: 'lean' });
  const xstate = run(raw, { engine: XSTATE_ENGINE });
  expect(lean.hash).toBe(xstate.hash);
  expect(lean.text).toBe(xstate.text);
  expect(lean.edges).toEqual(xstate.edges);
  expect(lean.machines).toEqual(xstate.machines);
  return { events: lean.world.trace.length };
}

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constant('crash' as const), target: fc.constantFrom('A' as const, 'B' as const), atUs: fc.integer({ min: 0, max: 4_000_000 }) }),
  fc.record({ kind: fc.constantFrom('cut' as const, 'heal' as const), target: fc.constant('link' as const), atUs: fc.integer({ min: 0, max: 4_000_000 }) }),
  fc.record({ kind: fc.constant('restart' as const), target: fc.constantFrom('A' as const, 'B' as const), atUs: fc.integer({ min: 0, max: 4_000_000 }) }),
);

describe('the lean runner and XState write the same run', () => {
  it('supports every machine of the catalogue (none falls back to XState)', () => {
    expect(MACHINES.filter((m) => !leanSupports(m)).map((m) => m.id)).toEqual([]);
  });

  it('names what it does not implement in a machine that uses it (a history state, a wildcard event)', async () => {
    const { setup } = await import('xstate');
    const history = setup({}).createMachine({ id: 'h', initial: 'a', states: { a: { initial: 'x', states: { x: {}, back: { type: 'history' } } } } });
    expect(leanRefusal(history)).toBe('state h.a.back is a history state');
    const wildcard = setup({}).createMachine({ id: 'w', initial: 'a', states: { a: { on: { '*': 'b' } }, b: {} } });
    expect(leanRefusal(wildcard)).toBe('state w.a takes the wildcard event *');
    expect(leanSupports(history)).toBe(false);
    expect(leanSupports(remusMachine)).toBe(true);
  });

  it('the same through a repair: crash A, restart A (booting, resync, a second protection), crash B', () => {
    for (const scenario of ['remus', 'kemari']) {
      const { events } = same({ scenario, until: '10s', params: [['bootMs', '500']], faults: ['crash:A@1s', 'restart:A@1.5s', 'crash:B@8s'] });
      expect(events).toBeGreaterThan(1000);
    }
  });

  for (const id of SCENARIOS.map((s) => s.id)) {
    it(`${id}: the same trace, transitions and frames with a crash of A, a cut and a heal`, () => {
      const { events } = same({ scenario: id, until: '4s', faults: ['cut:link@900ms', 'heal:link@1300ms', 'crash:A@2500ms'] });
      expect(events).toBeGreaterThan(200);
    });
  }

  it('the same on random scenarios, seeds, presets and faults (property)', () => {
    let withFaults = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...SCENARIOS.map((s) => s.id)),
        fc.integer({ min: 0, max: 4_294_967_295 }),
        fc.array(faultArb, { maxLength: 3 }),
        fc.integer({ min: 1000, max: 4000 }),
        (scenario, seed, faults, untilMs) => {
          if (faults.length) withFaults++;
          same({ scenario, seed: String(seed), until: `${untilMs}ms`, faults: faults.map(formatFault) });
        },
      ),
      { numRuns: 30, seed: 7 },
    );
    expect(withFaults).toBeGreaterThan(5);
  });

  it('pins the hash of one remus run with a crash on both engines (tests/lite pins the same for the shipped machines)', () => {
    const { spec } = resolveRun({ scenario: 'remus', seed: '11', faults: ['crash:A@1700ms'], until: '3s' });
    for (const engine of ['lean', XSTATE_ENGINE] as const) {
      const w = createWorld(spec, { engine });
      w.runUntil(spec.untilUs);
      expect(w.trace.hash()).toBe('e1a18df7914de124');
    }
  });

  it('a machine on its own: the same snapshots, emitted events and timers as XState, event by event', () => {
    const drive = (engine: 'lean' | 'xstate') => {
      const queue = new EventQueue<{ run: () => void }>();
      const clock = new VirtualClock(queue);
      const input = { epochMs: 25, suspendUs: 3000 };
      const actor = engine === 'lean' ? new LeanActor(remusMachine, { clock, input }) : createActor(remusMachine, { clock, input });
      const seen: string[] = [];
      actor.on('*', (e: { type: string }) => seen.push(`${clock.now()} emit ${JSON.stringify(e)}`));
      actor.start();
      const look = () => {
        const s = actor.getSnapshot();
        seen.push(`${clock.now()} ${JSON.stringify(s.value)} ${JSON.stringify(s.context)} ${s.status}`);
      };
      for (let i = 0; i < 40; i++) {
        const next = queue.peek();
        if (!next) break;
        queue.pop();
        clock.advanceTo(next.at);
        next.item.run();
        look();
        const ctx = actor.getSnapshot().context as { checkpoint: number };
        if (actor.getSnapshot().value === 'pausing') actor.send({ type: 'checkpoint.dirty', pages: 40 + i });
        // Every other checkpoint is acknowledged late (the epoch ends first) and once twice.
        if (i % 4 === 1) actor.send({ type: 'checkpoint.ack', checkpoint: ctx.checkpoint });
        if (i === 9) actor.send({ type: 'checkpoint.ack', checkpoint: ctx.checkpoint });
        look();
      }
      actor.send({ type: 'backup.lost' });
      look();
      actor.stop();
      look();
      return seen;
    };
    const lean = drive('lean');
    expect(lean.some((l) => l.includes('"waitingForCommit"'))).toBe(true);
    expect(lean.at(-1)).toMatch(/stopped$/);
    expect(lean).toEqual(drive('xstate'));
  });

  describe('machines on their own, beyond what the catalogue uses (found by review)', () => {
    /** Sends `events` to both engines, logging what each emits and its value after each event. */
    const both = (machine: Parameters<typeof createActor>[0], events: { type: string }[], listen?: (actor: { send(e: { type: string }): void }, e: { type: string }) => void) => {
      const drive = (engine: 'lean' | 'xstate') => {
        const queue = new EventQueue<{ run: () => void }>();
        const clock = new VirtualClock(queue);
        const actor = engine === 'lean' ? new LeanActor(machine as never, { clock }) : createActor(machine, { clock });
        const log: string[] = [];
        actor.on('*', (e: { type: string }) => {
          log.push(`emit ${e.type} in ${JSON.stringify(actor.getSnapshot().value)}`);
          listen?.(actor, e);
        });
        actor.start();
        for (const e of events) {
          actor.send(e);
          log.push(`${e.type} -> ${JSON.stringify(actor.getSnapshot().value)}`);
        }
        return log;
      };
      const lean = drive('lean');
      expect(lean).toEqual(drive('xstate'));
      return lean;
    };

    it('a reentering transition of the root exits every state and enters again', async () => {
      const { setup, emit } = await import('xstate');
      const m = setup({}).createMachine({
        id: 'r',
        initial: 'idle',
        entry: emit({ type: 'en.root' }),
        exit: emit({ type: 'ex.root' }),
        on: { RESET: { target: '.idle', reenter: true } },
        states: { idle: { on: { GO: 'running' } }, running: { exit: emit({ type: 'ex.running' }) } },
      });
      const log = both(m, [{ type: 'GO' }, { type: 'RESET' }]);
      expect(log.slice(-4)).toEqual(['emit ex.running in "idle"', 'emit ex.root in "idle"', 'emit en.root in "idle"', 'RESET -> "idle"']);
    });

    it('what a listener sends while the first effects run waits until they are done', async () => {
      const { setup, emit } = await import('xstate');
      const m = setup({}).createMachine({ initial: 'a', entry: [emit({ type: 'first' }), emit({ type: 'second' })], states: { a: { on: { GO: 'b' } }, b: {} } });
      const log = both(m, [], (actor, e) => e.type === 'first' && actor.send({ type: 'GO' }));
      expect(log).toEqual(['emit first in "a"', 'emit second in "a"']);
    });

    it('an action that throws stops the actor in error, its timers cancelled, and the error reaches the caller', async () => {
      const { setup, assign, raise } = await import('xstate');
      const m = setup({}).createMachine({
        context: { n: 0 },
        initial: 'a',
        states: {
          a: {
            after: { 10: 'b' },
            on: {
              BAD: { actions: [raise({ type: 'R' }), assign({ n: 1 }), assign(() => { throw new Error('boom'); })] },
              R: 'b',
            },
          },
          b: {},
        },
      });
      const queue = new EventQueue<{ run: () => void }>();
      const actor = new LeanActor(m, { clock: new VirtualClock(queue) });
      actor.start();
      expect(queue.size).toBe(1);
      expect(() => actor.send({ type: 'BAD' })).toThrow('boom');
      expect(actor.getSnapshot().status).toBe('error');
      expect(queue.size).toBe(0);
      actor.send({ type: 'R' });
      expect(actor.getSnapshot().value).toBe('a');
    });

    it('refuses plain function actions, which XState runs at other moments', async () => {
      const { setup } = await import('xstate');
      const m = setup({ actions: { log: () => {} } }).createMachine({ id: 'p', initial: 'a', states: { a: { entry: 'log' } } });
      expect(leanRefusal(m)).toBe("state p.a has an entry or exit action the runner does not implement");
    });
  });
});
