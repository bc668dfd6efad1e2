import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { layoutMachines } from '../../build/machine-layout';
import { generateLayouts } from '../../build/machines-plugin';
import { MACHINES } from '../../src/machines/catalogue';
import { statechart, type Statechart } from '../../src/machines/statechart';
import type { MachineLayouts, StateBox } from '../../src/view/machine-layout';

const ROOT = resolve(import.meta.dirname, '../..');

/** Whether point (x, y) lies on the border of box `b` (within 1 unit). */
function onBorder(b: StateBox, x: number, y: number): boolean {
  const inX = x >= b.x - 1 && x <= b.x + b.w + 1;
  const inY = y >= b.y - 1 && y <= b.y + b.h + 1;
  const nearX = Math.abs(x - b.x) <= 1 || Math.abs(x - (b.x + b.w)) <= 1;
  const nearY = Math.abs(y - b.y) <= 1 || Math.abs(y - (b.y + b.h)) <= 1;
  return (inX && nearY) || (inY && nearX);
}

const inside = (inner: StateBox, outer: StateBox) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;

describe('statechart layouts (ELK, at build time)', () => {
  let first: { layouts: MachineLayouts; json: string; files: readonly string[] };
  beforeAll(async () => {
    const g = await generateLayouts(ROOT);
    first = { ...g, json: JSON.stringify(g.layouts) };
  }, 60_000);

  it('are byte-identical from one generation to the next (machines imported afresh, a new ELK each time)', async () => {
    const second = await generateLayouts(ROOT);
    expect(JSON.stringify(second.layouts)).toBe(first.json);
  }, 60_000);

  it('depend on the machine sources (the dev server re-lays them out when one changes)', () => {
    const rel = first.files.map((f) => f.replace(`${ROOT}/`, ''));
    expect(rel).toContain('src/machines/host.machine.ts');
    expect(rel).toContain('src/machines/statechart.ts');
  });

  it('give every machine, state and transition its place, with the statechart keys in order', () => {
    const { machines } = first.layouts;
    expect(machines.map((m) => m.id)).toEqual(MACHINES.map((m) => m.id));
    for (const [i, m] of machines.entries()) {
      const chart = statechart(MACHINES[i]);
      expect(m.states.map((s) => s.id)).toEqual(chart.states.map((s) => s.id));
      expect(m.edges.map((e) => e.key)).toEqual(chart.edges.map((e) => e.key));
      for (const s of m.states) {
        expect(s.w).toBeGreaterThan(0);
        if (s.parent >= 0) expect(inside(s, m.states[s.parent]), `${s.id} inside its parent`).toBe(true);
      }
      for (const e of m.edges) {
        if (e.row) {
          // A transition that stays in its state is a line of text inside its box.
          const b = m.states[e.source];
          expect(e.row[1]).toBeGreaterThan(b.y);
          expect(e.row[1]).toBeLessThan(b.y + b.h);
          continue;
        }
        expect(e.paths?.length, e.key).toBe(e.targets.length);
        e.paths!.forEach((p, k) => {
          const target = m.states[e.targets[k]];
          expect(onBorder(target, p[p.length - 2], p[p.length - 1]), `${e.key} ends on ${target.id}`).toBe(true);
          if (e.dot) expect(Math.hypot(p[0] - e.dot[0], p[1] - e.dot[1])).toBeLessThanOrEqual(7);
          else expect(onBorder(m.states[e.source], p[0], p[1]), `${e.key} starts on its source`).toBe(true);
          // Orthogonal routing: every segment is horizontal or vertical.
          for (let j = 2; j < p.length; j += 2) expect(p[j] === p[j - 2] || p[j + 1] === p[j - 1], `${e.key} segment ${j / 2}`).toBe(true);
        });
      }
    }
  });

  it('fail with the machine named when ELK cannot lay one out', async () => {
    const host = statechart(MACHINES[0]);
    const broken: Statechart = { ...host, edges: [...host.edges, { ...host.edges[1], key: 'x|y|0', targets: ['host.nowhere'] }] };
    await expect(layoutMachines([broken])).rejects.toThrow(/host machine/);
  });
});
