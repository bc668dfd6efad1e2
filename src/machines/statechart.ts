/**
 * The statechart of a machine as plain data: its states (with type, tags and teaching description)
 * and every transition it defines as an edge — `on`, `after`, `always`, `onDone` and the initial edge
 * of each compound state — each with a stable key `source|event|index`. The statechart panel draws
 * these (laid out at build time), and the world names the transitions it sees fire with the same keys,
 * so the diagram lights up the edge that just fired. Pure: reads the machine object, changes nothing.
 * `xstate/graph`'s `toDirectedGraph` is not enough here: it leaves out `always` and initial edges.
 */
import type { AnyStateMachine } from 'xstate';

export type StateKind = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

/** One state node. `id` is XState's (`host.up.watching`); the root's id is the machine id. */
export interface ChartState {
  readonly id: string;
  /** The state's own name (`watching`); the machine id for the root. */
  readonly name: string;
  readonly kind: StateKind;
  /** The parent state's id (null for the root). */
  readonly parent: string | null;
  readonly tags: readonly string[];
  readonly description: string | null;
}

/** How a transition is triggered. */
export type EdgeKind = 'event' | 'after' | 'always' | 'initial' | 'done';

/** One transition: from `source` to `targets` (none: it only runs actions). */
export interface ChartEdge {
  /** `source|event|index`: the source state's id, the trigger, and the place among that trigger's guarded alternatives. */
  readonly key: string;
  readonly source: string;
  readonly targets: readonly string[];
  readonly kind: EdgeKind;
  /** The trigger as it appears in the key: the event type, `after.<delay>`, `always`, `initial` or `done`. */
  readonly event: string;
  /** Short text to draw on the edge: the trigger and its guard (`vnc.frame [isGap]`). */
  readonly label: string;
  readonly guard: string | null;
  readonly actions: readonly string[];
  /** Whether a transition to its own source exits and re-enters it. */
  readonly reenter: boolean;
  readonly description: string | null;
}

export interface Statechart {
  /** The machine id (`host`). */
  readonly id: string;
  /** Every state, parents before children, in document order. */
  readonly states: readonly ChartState[];
  /** Every transition, in the order of `statechart` (their index is the world's edge number). */
  readonly edges: readonly ChartEdge[];
}

/** The parts of XState's state node and transition objects the extractor reads. */
interface NodeLike {
  readonly id: string;
  readonly key: string;
  readonly type: StateKind;
  readonly states: Readonly<Record<string, NodeLike>>;
  readonly tags: readonly string[];
  readonly description?: string;
  readonly config: { readonly initial?: unknown };
  readonly initial: TransitionLike;
  readonly transitions: ReadonlyMap<string, readonly TransitionLike[]>;
  readonly always?: readonly TransitionLike[];
}

interface TransitionLike {
  readonly target?: readonly NodeLike[];
  readonly eventType: string | null;
  readonly guard?: unknown;
  readonly actions?: readonly unknown[];
  readonly reenter?: boolean;
  readonly description?: string;
  readonly delay?: string | number;
}

interface Extracted {
  readonly chart: Statechart;
  /** XState's transition objects, by edge index (initial edges included). */
  readonly index: ReadonlyMap<unknown, number>;
}

const cache = new WeakMap<object, Extracted>();

function nameOf(thing: unknown): string | null {
  if (thing === undefined || thing === null) return null;
  if (typeof thing === 'string') return thing;
  if (typeof thing === 'function') return thing.name || '(inline)';
  if (typeof thing === 'object' && 'type' in thing && typeof thing.type === 'string') return thing.type;
  return '(inline)';
}

/** The key's trigger part and the edge kind for a transition found under `descriptor`. */
function trigger(node: NodeLike, descriptor: string, t: TransitionLike): { kind: EdgeKind; event: string; label: string } {
  if (t.delay !== undefined) {
    const delay = typeof t.delay === 'number' ? `${t.delay}ms` : t.delay;
    return { kind: 'after', event: `after.${delay}`, label: `after ${delay}` };
  }
  if (descriptor === `xstate.done.state.${node.id}`) return { kind: 'done', event: 'done', label: 'done' };
  return { kind: 'event', event: descriptor, label: descriptor };
}

function extract(machine: AnyStateMachine): Extracted {
  const states: ChartState[] = [];
  const edges: ChartEdge[] = [];
  const index = new Map<unknown, number>();
  const add = (t: TransitionLike, source: NodeLike, kind: EdgeKind, event: string, label: string, i: number) => {
    const guard = nameOf(t.guard);
    index.set(t, edges.length);
    edges.push({
      key: `${source.id}|${event}|${i}`,
      source: source.id,
      targets: (t.target ?? []).map((n) => n.id),
      kind,
      event,
      label: guard ? `${label} [${guard}]` : label,
      guard,
      actions: (t.actions ?? []).map((a) => nameOf(a) ?? '(inline)'),
      reenter: t.reenter === true,
      description: t.description ?? null,
    });
  };
  const walk = (node: NodeLike, parent: string | null) => {
    states.push({
      id: node.id,
      name: parent === null ? node.id : node.key,
      kind: node.type,
      parent,
      tags: [...node.tags],
      description: node.description ?? null,
    });
    if (node.type === 'compound' && node.config.initial !== undefined) add(node.initial, node, 'initial', 'initial', '', 0);
    for (const [descriptor, list] of node.transitions) {
      // Transitions of one trigger share a key prefix; `after` groups hold one delay each.
      const seen = new Map<string, number>();
      for (const t of list) {
        const { kind, event, label } = trigger(node, descriptor, t);
        const i = seen.get(event) ?? 0;
        seen.set(event, i + 1);
        add(t, node, kind, event, label, i);
      }
    }
    (node.always ?? []).forEach((t, i) => add(t, node, 'always', 'always', 'always', i));
    for (const child of Object.values(node.states)) walk(child, node.id);
  };
  walk(machine.root as unknown as NodeLike, null);
  return { chart: { id: machine.id, states, edges }, index };
}

function extracted(machine: AnyStateMachine): Extracted {
  let e = cache.get(machine);
  if (!e) {
    e = extract(machine);
    cache.set(machine, e);
  }
  return e;
}

/** The statechart of `machine` (computed once per machine object). */
export function statechart(machine: AnyStateMachine): Statechart {
  return extracted(machine).chart;
}

/**
 * XState's transition objects of `machine` (as an actor reports them when they fire) mapped to their
 * edge index in `statechart(machine).edges`. Computed once per machine object.
 */
export function edgeIndex(machine: AnyStateMachine): ReadonlyMap<unknown, number> {
  return extracted(machine).index;
}
