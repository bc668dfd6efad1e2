import { describe, expect, it } from 'vitest';
import { moveFault, putFault, removeFault, scheduleOf } from '../../src/app/fault-schedule';
import { formatFault, parseFault, type Fault } from '../../src/scenarios/faults';
import { resolveRun } from '../../src/scenarios/run-spec';
import { createWorld } from '../../src/world/world';

const fault = (text: string): Fault => {
  const p = parseFault(text);
  if (!p.ok) throw new Error(p.message);
  return p.fault;
};

describe('the fault schedule', () => {
  it('reads when each fault took effect from the trace, a phase fault once the run reaches it', () => {
    const { spec } = resolveRun({ scenario: 'remus', faults: ['cut:link@300ms', 'crash:A@checkpoint:10'], until: '1s' });
    const world = createWorld(spec);
    world.runUntil(200_000);
    let s = scheduleOf(spec.faults, 'remus', world.trace.events, world.trace.length);
    expect(s.map((f) => [f.text, f.action, f.atUs])).toEqual([
      ['cut:link@300ms', 'Cut link', 300_000],
      ['crash:A@checkpoint:10', 'Crash host A', null],
    ]);
    expect(s[1].when).toBe('while checkpoint 10 is in flight (sent, not yet acknowledged)');
    world.runUntil(1_000_000);
    s = scheduleOf(spec.faults, 'remus', world.trace.events, world.trace.length);
    const sent = world.trace.events.find((e) => e.type === 'checkpoint.resume' && e.data.checkpoint === 10)!;
    expect(s.map((f) => f.atUs)).toEqual([300_000, sent.at]);
    expect(s[0].when).toBe('at 300.000ms');
  });

  it('moves a fault (a phase fault becomes a timed one), removes and adds faults, keeping time order', () => {
    const faults = [fault('crash:A@2s'), fault('cut:link@checkpoint:3'), fault('heal:link@3s')];
    expect(moveFault(faults, 0, 3_500_000.4).map(formatFault)).toEqual(['heal:link@3s', 'crash:A@3500ms', 'cut:link@checkpoint:3']);
    expect(moveFault(faults, 1, 1_000_000).map(formatFault)).toEqual(['cut:link@1s', 'crash:A@2s', 'heal:link@3s']);
    expect(removeFault(faults, 1).map(formatFault)).toEqual(['crash:A@2s', 'heal:link@3s']);
    expect(putFault(faults, fault('crash:B@1s')).map(formatFault)).toEqual(['crash:B@1s', 'crash:A@2s', 'heal:link@3s', 'cut:link@checkpoint:3']);
    expect(putFault(faults, fault('crash:B@acked:2+1ms'), 0).map(formatFault)).toEqual(['heal:link@3s', 'crash:B@acked:2+1ms', 'cut:link@checkpoint:3']);
  });
});
