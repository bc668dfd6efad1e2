/**
 * What the statechart panel shows of one frame, as plain data: which actors run a drawn machine,
 * which of their states are active, and which edges fired at the frame's instant (with the initial
 * edges followed into the states they entered). Pure; reads the frame and the build-time layouts.
 */
import { polylinePath } from './polyline';
import type { Frame } from '../world/frame';
import type { MachineLayout, MachineLayouts } from './machine-layout';

export interface ActorChoice {
  /** The actor's name, as the trace and `frame.machines` call it (`hostA.remus`). */
  readonly name: string;
  /** The machine it runs (`remus`). */
  readonly machine: string;
  /** What the picker says: `hostA.remus (remus)`. */
  readonly label: string;
}

/** What the reader picked in a diagram: a state or an edge, by index in the layout. */
export interface Pick {
  readonly kind: 'state' | 'edge';
  readonly index: number;
}

interface Index {
  readonly byId: ReadonlyMap<string, number>;
  readonly byKey: ReadonlyMap<string, number>;
  /** A compound state's initial edge. */
  readonly initialOf: ReadonlyMap<number, number>;
  readonly children: ReadonlyMap<number, readonly number[]>;
}

const indexes = new WeakMap<MachineLayout, Index>();

function indexOf(layout: MachineLayout): Index {
  let ix = indexes.get(layout);
  if (ix) return ix;
  const children = new Map<number, number[]>();
  layout.states.forEach((s, i) => {
    if (s.parent >= 0) children.set(s.parent, [...(children.get(s.parent) ?? []), i]);
  });
  const initialOf = new Map<number, number>();
  layout.edges.forEach((e, i) => {
    if (e.kind === 'initial') initialOf.set(e.source, i);
  });
  ix = {
    byId: new Map(layout.states.map((s, i) => [s.id, i])),
    byKey: new Map(layout.edges.map((e, i) => [e.key, i])),
    initialOf,
    children,
  };
  indexes.set(layout, ix);
  return ix;
}

/** The actors of the frame's run whose machine has a diagram, in the order they were made. */
export function actorChoices(frame: Frame, layouts: MachineLayouts): ActorChoice[] {
  const drawn = new Set(layouts.machines.map((m) => m.id));
  const seen = new Set<string>();
  const out: ActorChoice[] = [];
  for (const { name, machine } of frame.edgeCatalogue.actors) {
    if (seen.has(name) || !(name in frame.machines) || !drawn.has(machine)) continue;
    seen.add(name);
    out.push({ name, machine, label: `${name} (${machine})` });
  }
  return out;
}

/**
 * The state boxes active in `state` (`frame.machines[actor]`, such as `up.beating.sending/up.watching.peerAlive`):
 * every state on each active path. The machine's own box is left out (it is always active).
 */
export function activeStates(layout: MachineLayout, state: string | undefined): Set<number> {
  const out = new Set<number>();
  if (!state) return out;
  const { byId } = indexOf(layout);
  for (const path of state.split('/')) {
    let id = layout.id;
    for (const part of path.split('.')) {
      id = `${id}.${part}`;
      const i = byId.get(id);
      if (i !== undefined) out.add(i);
    }
  }
  return out;
}

/** The edges `actor` took at the frame's instant, by layout index, in the order they fired. */
export function takenEdges(frame: Frame, actor: string, layout: MachineLayout): number[] {
  const { slotSize, actors, keys } = frame.edgeCatalogue;
  const ix = indexOf(layout);
  const out: number[] = [];
  const add = (i: number | undefined) => {
    if (i !== undefined && !out.includes(i)) out.push(i);
  };
  /** Entering a state also takes the initial edges below it (every region of a parallel state). */
  const enter = (state: number) => {
    const box = layout.states[state];
    if (box.kind === 'compound') {
      const initial = ix.initialOf.get(state);
      add(initial);
      if (initial !== undefined) for (const t of layout.edges[initial].targets) enter(t);
    } else if (box.kind === 'parallel') for (const region of ix.children.get(state) ?? []) enter(region);
  };
  for (const code of frame.edgesTaken) {
    const who = actors[Math.floor(code / slotSize)];
    if (who?.name !== actor || who.machine !== layout.id) continue;
    const i = ix.byKey.get(keys[who.machine]?.[code % slotSize] ?? '');
    if (i === undefined) continue;
    add(i);
    for (const t of layout.edges[i].targets) enter(t);
  }
  return out;
}

/** The state's path inside its machine (`up.watching.peerAlive`), or the machine id for its own box. */
export function statePath(layout: MachineLayout, state: number): string {
  const id = layout.states[state].id;
  return id === layout.id ? id : id.slice(layout.id.length + 1);
}

/** One line describing a transition's route: `peerAlive → peerSuspected` (or `in peerAlive`). */
export function edgeRoute(layout: MachineLayout, edge: number): string {
  const e = layout.edges[edge];
  const from = e.kind === 'initial' ? `start of ${statePath(layout, e.source)}` : statePath(layout, e.source);
  if (e.targets.length === 0) return `in ${from}`;
  return `${from} → ${e.targets.map((t) => statePath(layout, t)).join(', ')}`;
}

const pathCache = new WeakMap<MachineLayout, readonly (readonly string[])[]>();

/** Each edge's SVG paths (one per target; none for a transition drawn as a row), computed once per layout. */
export function edgePaths(layout: MachineLayout): readonly (readonly string[])[] {
  let paths = pathCache.get(layout);
  if (!paths) {
    paths = layout.edges.map((e) =>
      (e.paths ?? []).map((flat) => {
        const points: number[][] = [];
        for (let i = 0; i < flat.length; i += 2) points.push([flat[i], flat[i + 1]]);
        return polylinePath(points, (d) => d[0], (d) => d[1]);
      }),
    );
    pathCache.set(layout, paths);
  }
  return paths;
}
