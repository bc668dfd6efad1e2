/**
 * The house rules of `src/`, kept by a test (DESIGN §2): dependencies point one way, layer by layer;
 * no import cycle anywhere (type-only imports count: a cycle of types is still a knot a newcomer must
 * untie); the view reads frames and never touches actors; the simulation is a pure function of its
 * inputs (no wall clock, no unseeded chance, no DOM, no globals).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { codeOf, findCycle, importsOf, sourceFiles, type ImportEdge } from './imports';

const ROOT = resolve(import.meta.dirname, '../..');
const FILES = sourceFiles(ROOT, 'src');
const EDGES: readonly ImportEdge[] = FILES.flatMap((f) => importsOf(ROOT, f));

const layerOf = (path: string): string | null => (path.startsWith('src/') ? path.split('/')[1] : null);
const where = (e: ImportEdge) => `${e.from}:${e.line} imports ${e.typeOnly ? 'type from ' : ''}${e.to}`;

/** What each layer may import (its own folder always): other layers, and packages by name. */
const ALLOWED: Readonly<Record<string, { layers: readonly string[]; typeLayers?: readonly string[]; packages: RegExp; typePackages?: RegExp }>> = {
  sim: { layers: [], packages: /^$/, typePackages: /^xstate$/ },
  machines: { layers: ['sim'], packages: /^xstate$/ },
  scenarios: { layers: ['sim'], packages: /^$/ },
  world: { layers: ['sim', 'machines', 'scenarios'], packages: /^xstate$/ },
  view: { layers: ['sim', 'scenarios'], typeLayers: ['world'], packages: /^(svelte(\/.*)?|d3-[a-z]+|virtual:machine-layouts)$/ },
  cli: { layers: ['sim', 'machines', 'world', 'scenarios'], packages: /^node:/ },
  app: { layers: ['sim', 'machines', 'world', 'scenarios', 'view'], packages: /^(svelte(\/.*)?|xstate|d3-[a-z]+|virtual:.*|gifenc|webm-muxer)$/ },
};

/** Breaks of the layer rules among `edges` (one line each). */
export function layerBreaks(edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const from = layerOf(e.from);
    if (!from || !(from in ALLOWED)) continue;
    const rule = ALLOWED[from];
    const to = layerOf(e.to);
    if (to === from) continue;
    if (to === null) {
      if (!(rule.packages.test(e.to) || (e.typeOnly && rule.typePackages?.test(e.to)))) out.push(`${where(e)}: ${from} may not use ${e.to}`);
    } else if (!(rule.layers.includes(to) || (e.typeOnly && rule.typeLayers?.includes(to)))) {
      out.push(`${where(e)}: ${from} may not import ${e.typeOnly ? 'types' : 'values'} from ${to}`);
    }
  }
  return out;
}

/** Wall clock, unseeded chance, DOM and globals, by pattern. */
const IMPURE: readonly [RegExp, string][] = [
  [/\bMath\.random\b/, 'Math.random'],
  [/\bDate\.now\b|\bnew Date\b/, 'the wall clock (Date)'],
  [/\bperformance\.now\b/, 'the wall clock (performance.now)'],
  [/(?<![.\w])(setTimeout|setInterval|clearTimeout|clearInterval|requestAnimationFrame|queueMicrotask)\s*\(/, 'a timer of the host'],
  [/\b(window|document|navigator|localStorage|sessionStorage|location)\s*[.[]/, 'the DOM or the browser'],
  [/\bglobalThis\b/, 'globalThis'],
  [/\bprocess\.(env|argv|hrtime)/, "the Node process's globals"],
];

/** Lines of `code` (from `file`) that read the outside world. */
export function impureLines(file: string, code: string): string[] {
  const out: string[] = [];
  code.split('\n').forEach((text, i) => {
    for (const [pattern, what] of IMPURE) {
      // The virtual clock implements XState's Clock: methods *named* setTimeout/clearTimeout, on the event queue.
      if (file === 'src/sim/virtual-clock.ts' && /^\s*(setTimeout|clearTimeout)\s*\(/.test(text)) continue;
      if (pattern.test(text)) out.push(`${file}:${i + 1} uses ${what}: ${text.trim()}`);
    }
  });
  return out;
}

describe('architecture', () => {
  it('reads the whole of src (a sanity check of the reader itself)', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(EDGES.some((e) => e.from === 'src/world/actors.ts' && e.to === 'xstate')).toBe(true);
    expect(EDGES.some((e) => e.from === 'src/world/world.ts' && e.to === 'src/world/registry.ts' && !e.typeOnly)).toBe(true);
    expect(EDGES.some((e) => e.from.endsWith('.svelte') && e.to === 'svelte')).toBe(true);
  });

  it('has no import cycle anywhere in src (type-only imports count)', () => {
    const cycle = findCycle(EDGES.filter((e) => e.to.startsWith('src/')));
    expect(cycle ? cycle.join(' -> ') : null).toBeNull();
  });

  it('keeps dependencies pointing one way: sim → machines → world → view → app, scenarios as data', () => {
    expect(layerBreaks(EDGES)).toEqual([]);
  });

  it('nothing outside src/app imports src/app (the page is the top)', () => {
    const up = EDGES.filter((e) => layerOf(e.from) !== 'app' && layerOf(e.to) === 'app').map(where);
    expect(up).toEqual([]);
  });

  it('the view takes only types from world and never sends to actors', () => {
    const values = EDGES.filter((e) => layerOf(e.from) === 'view' && (layerOf(e.to) === 'world' || layerOf(e.to) === 'machines') && !e.typeOnly).map(where);
    expect(values).toEqual([]);
    const sends = FILES.filter((f) => layerOf(f) === 'view').filter((f) => /\.send\s*\(/.test(codeOf(ROOT, f)));
    expect(sends).toEqual([]);
  });

  it('sim, machines, world and scenarios are pure: no wall clock, no Math.random, no DOM, no globals', () => {
    const pure = FILES.filter((f) => ['sim', 'machines', 'world', 'scenarios'].includes(layerOf(f) ?? ''));
    expect(pure.length).toBeGreaterThan(40);
    expect(pure.flatMap((f) => impureLines(f, codeOf(ROOT, f)))).toEqual([]);
  });

  it('keeps src/world in small modules: none over 250 lines, createWorld\'s body under 120', () => {
    const long = FILES.filter((f) => f.startsWith('src/world/'))
      .map((f) => [f, readFileSync(join(ROOT, f), 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 250);
    expect(long).toEqual([]);
    const world = readFileSync(join(ROOT, 'src/world/world.ts'), 'utf8').split('\n');
    const start = world.findIndex((l) => l.startsWith('export function createWorld('));
    const end = world.findIndex((l, i) => i > start && l === '}');
    expect(start).toBeGreaterThan(0);
    expect(end - start - 1).toBeLessThan(120);
  });

  it('each rule catches what it is meant to catch (the checks can fail)', () => {
    const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly, line: 1 });
    expect(findCycle([edge('src/a.ts', 'src/b.ts', true), edge('src/b.ts', 'src/a.ts')])).toEqual(['src/a.ts', 'src/b.ts', 'src/a.ts']);
    expect(findCycle([edge('src/a.ts', 'src/b.ts'), edge('src/b.ts', 'src/c.ts')])).toBeNull();
    expect(layerBreaks([edge('src/view/X.svelte', 'src/world/world.ts')])).toHaveLength(1);
    expect(layerBreaks([edge('src/view/X.svelte', 'src/world/frame.ts', true)])).toEqual([]);
    expect(layerBreaks([edge('src/view/x.ts', 'xstate')])).toHaveLength(1);
    expect(layerBreaks([edge('src/sim/x.ts', 'src/world/world.ts', true)])).toHaveLength(1);
    expect(layerBreaks([edge('src/machines/x.ts', 'src/world/world.ts')])).toHaveLength(1);
    expect(impureLines('src/world/x.ts', 'const t = Date.now();')).toHaveLength(1);
    expect(impureLines('src/world/x.ts', 'if ((globalThis as any).NOREC) return;')).toHaveLength(1);
    expect(impureLines('src/sim/x.ts', 'setTimeout(() => go(), 5);')).toHaveLength(1);
    expect(impureLines('src/sim/virtual-clock.ts', '  setTimeout(fn: () => void, ms: number): Scheduled {')).toEqual([]);
    expect(impureLines('src/world/x.ts', 'clock.setTimeout(fn, 5); // a comment')).toEqual([]);
    expect(impureLines('src/machines/x.ts', 'document.title = "x";')).toHaveLength(1);
  });

  it('reads a component\'s imports from its scripts only', () => {
    const file = FILES.find((f) => f === 'src/view/Stage.svelte')!;
    const text = readFileSync(join(ROOT, file), 'utf8');
    expect(text).toContain('<script');
    expect(importsOf(ROOT, file).every((e) => e.line > 0)).toBe(true);
  });
});
