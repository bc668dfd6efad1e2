/**
 * Faults at a named phase of the protocol ("during stop-and-copy", "while checkpoint 12 is in
 * flight", "after the sync, before the event is delivered"): each lands right after the trace event
 * that marks its phase, for every protocol, and has the consequence the phase promises. Through the
 * public API: resolveRun, createWorld, the trace.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { phasesOf } from '../../src/scenarios/phases';
import { resolveRun } from '../../src/scenarios/run-spec';
import type { TraceEvent } from '../../src/sim/trace';
import { runScenario, us } from '../support/replication';

const UNTIL: Record<string, number> = { remus: us(2), naive: us(3), kemari: us(2), migration: us(7) };

/** The anchor of a phase in a run's trace: the `n`th phase event (numbered phases match the number). */
function anchorOf(events: readonly TraceEvent[], scenario: string, name: string, n: number): TraceEvent | undefined {
  const def = phasesOf(scenario).find((p) => p.name === name)!;
  return events.find((e) => e.actor === def.actor && e.type === def.type && (def.numbered === null || e.data[def.numbered] === n));
}

describe('phase faults', () => {
  const cases: [string, string, number][] = [
    ['migration', 'round', 2],
    ['migration', 'stop-and-copy', 0],
    ['migration', 'commit', 0],
    ['remus', 'epoch', 6],
    ['remus', 'checkpoint', 6],
    ['remus', 'acked', 6],
    ['naive', 'checkpoint', 2],
    ['kemari', 'sync', 3],
    ['kemari', 'synced', 3],
  ];

  it.each(cases)('%s: a crash of host A at %s lands right after the event that marks the phase', (scenario, name, n) => {
    const phase = n > 0 ? `${name}:${n}` : name;
    const plain = runScenario(scenario, { untilUs: UNTIL[scenario] });
    const anchor = anchorOf(plain.events, scenario, name, n);
    expect(anchor, `the fault-free run reaches ${phase}`).toBeDefined();
    const run = runScenario(scenario, { untilUs: UNTIL[scenario], faults: [`crash:A@${phase}`] });
    const fault = run.first('fault.crash', 'lab')!;
    expect(fault.data).toEqual({ target: 'A', phase });
    // Everything up to the anchor is the fault-free run's, and the fault is the very next event.
    const before = run.events.slice(0, fault.seq);
    expect(before.map((e) => `${e.at} ${e.actor} ${e.type}`)).toEqual(plain.events.slice(0, fault.seq).map((e) => `${e.at} ${e.actor} ${e.type}`));
    const anchorInRun = anchorOf(run.events, scenario, name, n)!;
    expect(fault.at).toBe(anchor!.at);
    expect(anchorInRun.seq).toBeLessThan(fault.seq);
    // Nothing of a later step sits between them: events after the anchor share its instant.
    for (const e of run.events.slice(anchorInRun.seq, fault.seq)) expect(e.at).toBe(anchor!.at);
    expect(run.first('host.crashed', 'hostA')!.seq).toBe(fault.seq + 1);
  });

  it('a delay after the phase moves the fault that much later', () => {
    const plain = runScenario('remus', { untilUs: us(1) });
    const anchor = anchorOf(plain.events, 'remus', 'checkpoint', 4)!;
    const run = runScenario('remus', { untilUs: us(1), faults: ['crash:A@checkpoint:4+700us'] });
    expect(run.first('fault.crash', 'lab')!.at).toBe(anchor.at + 700);
  });

  it('remus: a crash while checkpoint 6 is in flight loses checkpoint 6 (never committed) and keeps the client consistent', () => {
    const run = runScenario('remus', { untilUs: us(2), faults: ['crash:A@checkpoint:6'] });
    expect(run.find('checkpoint.commit', 'hostA.remus').map((e) => e.data.checkpoint)).toEqual([1, 2, 3, 4, 5]);
    expect(run.first('takeover', 'hostB.remus')).toBeDefined();
    expect(run.result.client.rollbacks).toBe(0);
    expect(run.result.invariants.every((i) => i.holds)).toBe(true);
  });

  it('kemari: a crash after sync 3 but before its event is delivered: B holds the state, A never released the event', () => {
    const run = runScenario('kemari', { untilUs: us(2), faults: ['crash:A@synced:3'] });
    expect(run.find('state.ack', 'hostB.kemari').map((e) => e.data.sync)).toEqual([1, 2, 3]);
    expect(run.find('sync.release', 'hostA.kemari').map((e) => e.data.sync)).toEqual([1, 2]);
    expect(run.first('takeover', 'hostB.kemari')).toBeDefined();
    expect(run.result.client.sessionState).toBe('connected');
    expect(run.result.invariants.every((i) => i.holds)).toBe(true);
  });

  it('migration: a crash during stop-and-copy loses the VM (B never got the whole image); one after the commit does not', () => {
    const during = runScenario('migration', { untilUs: us(7), faults: ['crash:A@stop-and-copy'] });
    expect(during.result.metrics.migration!.outcome).toBe('vm-lost');
    expect(during.first('migration.commit', 'hostA.precopy')).toBeUndefined();
    const after = runScenario('migration', { untilUs: us(7), faults: ['crash:A@commit'] });
    expect(after.result.metrics.migration!.outcome).toBe('completed');
    expect(after.first('vm.activated', 'hostB.migration')).toBeDefined();
  });

  it('narrates in trace order: at crash:A@commit the commit is told before the crash that follows it', async () => {
    const { createWorld } = await import('../../src/world/world');
    const { spec } = resolveRun({ scenario: 'migration', until: '7s', faults: ['crash:A@commit'] });
    const world = createWorld(spec);
    world.runUntil(spec.untilUs);
    const notes = world.frameAt(spec.untilUs).notes;
    const commit = notes.findIndex((n) => n.includes('stage 4: host A commits'));
    const crash = notes.findIndex((n) => n.includes('host A crashed'));
    expect(commit).toBeGreaterThanOrEqual(0);
    expect(crash).toBe(commit + 1);
    expect(notes.slice(commit, commit + 2)).toEqual([
      't = 5.343 s: stage 4: host A commits; host B is the primary now.',
      't = 5.343 s: host A crashed: the VM and its xclock died with it. Nothing protects it, so no copy of the VM runs anywhere.',
    ]);
    // The frame of that instant already tells it in that order (frames share the notes so far).
    expect(world.frameAt(5_342_538).notes.slice(-2)).toEqual(notes.slice(commit, commit + 2));
  });

  it('a world given a phase its protocol does not have refuses it at once (resolveRun would have)', async () => {
    const { createWorld } = await import('../../src/world/world');
    const { spec } = resolveRun({ scenario: 'kemari' });
    const bad = { ...spec, faults: [{ kind: 'crash' as const, target: 'A' as const, phase: { name: 'checkpoint', index: 3, afterUs: 0 } }] };
    expect(() => createWorld(bad)).toThrow(/"checkpoint": kemari has no such phase/);
  });

  it('a phase the run never reaches fires no fault', () => {
    const run = runScenario('remus', { untilUs: us(0.2), faults: ['crash:A@checkpoint:500'] });
    expect(run.first('fault.crash', 'lab')).toBeUndefined();
    expect(run.first('host.crashed')).toBeUndefined();
  });

  it('refuses a phase the scenario does not have, a missing or extra number, naming the allowed phases', () => {
    const err = (scenario: string, fault: string) => resolveRun({ scenario, faults: [fault] }).errors.map((e) => `${e.field}: ${e.message}`);
    expect(err('remus', 'crash:A@sync:3')).toEqual([expect.stringMatching(/^fault: fault "crash:A@sync:3": "sync" is neither a time nor a phase of remus; allowed: .*; phases of remus: epoch:<n>, checkpoint:<n>, acked:<n>$/)]);
    expect(err('kemari', 'crash:A@synced')[0]).toContain('synced needs a number, such as synced:3');
    expect(err('migration', 'crash:A@stop-and-copy:2')[0]).toContain('stop-and-copy takes no number');
    expect(err('unprotected', 'crash:A@round:1')[0]).toContain('phases of unprotected: none');
    expect(err('remus', 'crash:A@checkpoint:0')[0]).toContain('a phase number counts from 1');
    expect(err('remus', 'crash:A@checkpoint:2+soon')[0]).toContain('bad delay "soon"');
  });

  it('property: a crash at checkpoint N of remus takes effect exactly when the fault-free run sends checkpoint N', () => {
    const plain = runScenario('remus', { untilUs: us(1), seed: 7 });
    const sends = plain.find('checkpoint.resume', 'hostA.remus');
    // A crash exactly at the send (no delay) is the case whose checkpoint must never commit: drawn half the time.
    let atTheSend = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: sends.length }), fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3000 })), (n, afterUs) => {
        const run = runScenario('remus', { untilUs: us(1), seed: 7, faults: [`crash:A@checkpoint:${n}${afterUs > 0 ? `+${afterUs}us` : ''}`] });
        expect(run.first('fault.crash', 'lab')!.at).toBe(sends[n - 1].at + afterUs);
        if (afterUs === 0) atTheSend++;
        expect(run.find('checkpoint.commit', 'hostA.remus').every((e) => (e.data.checkpoint as number) < n || afterUs > 0)).toBe(true);
      }),
      { numRuns: 25 },
    );
    expect(atTheSend).toBeGreaterThan(2);
  });
});
