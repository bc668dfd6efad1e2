/**
 * A statechart as XState JSON: the machine's config (`createMachine(json)` builds it again, and
 * Stately's editor and visualizer open it), rebuilt from the diagram's data (./machine-layout.ts), so
 * the page never imports the machines themselves. States, their types, tags and descriptions, and
 * every transition — `on`, `after`, `always`, `onDone`, initial states — with its targets (by `#id`),
 * guard, actions and `reenter`. Guards, actions and named delays are names only: what they do lives in
 * the source (src/machines); the context is not included.
 */
import type { EdgeShape, MachineLayout } from './machine-layout';

/** One transition as XState writes it. */
interface TransitionJson {
  target?: string | string[];
  guard?: string;
  actions?: string[];
  reenter?: true;
  description?: string;
}

/** One state node as XState writes it. */
export interface StateJson {
  id?: string;
  type?: 'parallel' | 'final' | 'history';
  initial?: string;
  tags?: string[];
  description?: string;
  on?: Record<string, TransitionJson[]>;
  after?: Record<string, TransitionJson[]>;
  always?: TransitionJson[];
  onDone?: TransitionJson[];
  states?: Record<string, StateJson>;
}

/** The trigger inside an edge's key (`source|trigger|index`). */
function triggerOf(layout: MachineLayout, e: EdgeShape): string {
  const source = layout.states[e.source].id;
  return e.key.slice(source.length + 1, e.key.lastIndexOf('|'));
}

/** The edge's label without its guard: the trigger as drawn (`after 50ms`, `vnc.frame`). */
function baseLabel(e: EdgeShape, trigger: string): string {
  if (e.kind === 'after') return `after ${trigger.slice('after.'.length)}`;
  if (e.kind === 'event') return trigger;
  return e.kind;
}

function transitionOf(layout: MachineLayout, e: EdgeShape, trigger: string): TransitionJson {
  const t: TransitionJson = {};
  const targets = e.targets.map((i) => `#${layout.states[i].id}`);
  if (targets.length === 1) t.target = targets[0];
  else if (targets.length > 1) t.target = targets;
  const base = baseLabel(e, trigger);
  // The label is the trigger, then the guard in brackets when there is one.
  if (e.label.length > base.length + 3 && e.label.startsWith(`${base} [`) && e.label.endsWith(']')) t.guard = e.label.slice(base.length + 2, -1);
  if (e.actions && e.actions.length > 0) t.actions = [...e.actions];
  if (e.reenter) t.reenter = true;
  if (e.description) t.description = e.description;
  return t;
}

/** The XState config of the machine drawn by `layout` (plain JSON data). */
export function machineJson(layout: MachineLayout): StateJson {
  const nodes: StateJson[] = layout.states.map((s) => {
    const node: StateJson = {};
    if (s.kind === 'parallel' || s.kind === 'final' || s.kind === 'history') node.type = s.kind;
    if (s.tags && s.tags.length > 0) node.tags = [...s.tags];
    if (s.description) node.description = s.description;
    return node;
  });
  nodes[0] = { id: layout.id, ...nodes[0] };
  layout.states.forEach((s, i) => {
    if (s.parent < 0) return;
    const parent = nodes[s.parent];
    parent.states ??= {};
    parent.states[s.name] = nodes[i];
  });
  for (const e of layout.edges) {
    const node = nodes[e.source];
    const trigger = triggerOf(layout, e);
    if (e.kind === 'initial') {
      node.initial = layout.states[e.targets[0]].name;
      continue;
    }
    const t = transitionOf(layout, e, trigger);
    if (e.kind === 'event') ((node.on ??= {})[trigger] ??= []).push(t);
    else if (e.kind === 'after') {
      const delay = trigger.slice('after.'.length);
      // A number of milliseconds is written as the number; a named delay by its name.
      const key = /^\d+ms$/.test(delay) ? delay.slice(0, -2) : delay;
      ((node.after ??= {})[key] ??= []).push(t);
    } else if (e.kind === 'always') (node.always ??= []).push(t);
    else (node.onDone ??= []).push(t);
  }
  return nodes[0];
}

/** The JSON text of the machine drawn by `layout`, indented for a person. */
export function machineJsonText(layout: MachineLayout): string {
  return `${JSON.stringify(machineJson(layout), null, 2)}\n`;
}
