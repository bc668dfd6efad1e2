import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import layouts from 'virtual:machine-layouts';
import { MACHINES } from '../../src/machines/catalogue';
import { statechart, type Statechart } from '../../src/machines/statechart';
import { machineJson, machineJsonText } from '../../src/view/machine-json';

/** What a statechart is made of, without the layout's words: states and transitions. */
function shape(chart: Statechart) {
  return {
    states: chart.states.map(({ id, name, kind, parent, tags, description }) => ({ id, name, kind, parent, tags, description })),
    edges: chart.edges.map(({ key, source, targets, kind, event, guard, actions, reenter, description }) => ({ key, source, targets, kind, event, guard, actions, reenter, description })),
  };
}

describe('machine export as XState JSON', () => {
  it.each(MACHINES.map((m) => [m.id, m] as const))('the %s machine made again from its exported JSON has the same states and transitions', (id, machine) => {
    const layout = layouts.machines.find((m) => m.id === id)!;
    const json = JSON.parse(machineJsonText(layout));
    const again = createMachine(json);
    expect(again.id).toBe(id);
    expect(shape(statechart(again))).toEqual(shape(statechart(machine)));
  });

  it('writes the host machine the way XState reads it: parallel regions, named guards, delays in ms and #id targets', () => {
    const host = machineJson(layouts.machines.find((m) => m.id === 'host')!);
    expect(host.id).toBe('host');
    expect(host.initial).toBe('up');
    const up = host.states!.up;
    expect(up.type).toBe('parallel');
    expect(Object.keys(up.states!)).toEqual(['beating', 'watching']);
    expect(up.on!['host.crash']).toEqual([expect.objectContaining({ target: '#host.crashed', actions: ['announceCrash'] })]);
    expect(host.states!.booting.after!.boot[0].target).toBe('#host.up');
    const exported = JSON.stringify(host);
    expect(exported).not.toContain('function');
  });

  it('covers every kind of transition somewhere in the catalogue', () => {
    const kinds = new Set(layouts.machines.flatMap((m) => m.edges.map((e) => e.kind)));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['after', 'always', 'event', 'initial']));
    const texts = layouts.machines.map((m) => machineJsonText(m)).join('\n');
    expect(texts).toContain('"after"');
    expect(texts).toContain('"always"');
    expect(texts).toContain('"guard"');
  });
});
