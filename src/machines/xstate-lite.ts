/**
 * What the page needs of XState, in 2 KB instead of 13: `setup().createMachine()` building the same
 * state-node structure as XState v5 (ids, document order, transitions by event, `after` as entry
 * raises and exit cancels, `always`, initial transitions), the action creators the machines use
 * (`assign`, `emit`, `enqueueActions`, `raise`, `cancel`) with XState's shapes, and `matchesState`.
 * The page runs every machine on the lean runner (./runner.ts), which reads only this structure, so
 * the build resolves `xstate` to this module (vite.config.ts, `liteXState`); Node, the tests and the
 * dev server use XState itself. tests/machines/xstate-lite.test.ts checks, machine by machine, that
 * this builds exactly XState's structure. Ported from XState v5's StateNode and formatTransition.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = any;

const DELIMITER = '.';
const toArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const toTransitionConfigs = (c: unknown): Any[] => (Array.isArray(c) ? c : [c]).map((t) => (t === undefined || typeof t === 'string' ? { target: t } : t));

/** XState's built-in action objects: named functions (the statechart names inline actions by them) with their fields. */
export const assign = (assignment: unknown): Any => Object.assign(function assign() {}, { type: 'xstate.assign', resolve: true, assignment });
export const emit = (event: unknown): Any => Object.assign(function emit() {}, { type: 'xstate.emit', resolve: true, event });
export const enqueueActions = (collect: unknown): Any => Object.assign(function enqueueActions() {}, { type: 'xstate.enqueueActions', resolve: true, collect });
export const raise = (event: unknown, options?: { id?: string; delay?: unknown }): Any => Object.assign(function raise() {}, { type: 'xstate.raise', resolve: true, event, id: options?.id, delay: options?.delay });
export const cancel = (sendId: unknown): Any => Object.assign(function cancel() {}, { type: 'xstate.cancel', resolve: true, sendId });

function toStatePath(id: string): string[] {
  const out: string[] = [];
  let segment = '';
  for (let i = 0; i < id.length; i++) {
    if (id[i] === '\\') segment += id[++i];
    else if (id[i] === DELIMITER) {
      out.push(segment);
      segment = '';
    } else segment += id[i];
  }
  out.push(segment);
  return out;
}

/**
 * The state values of the paths asked about so far (a machine has a few states; `matches('a.b')` is
 * asked on every frame drawn): made once each, then read only.
 */
const STATE_VALUES = new Map<string, unknown>();

function toStateValue(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const known = STATE_VALUES.get(v);
  if (known !== undefined) return known;
  const path = toStatePath(v);
  let value: unknown = path[0];
  if (path.length > 1) {
    const root: Any = {};
    let marker = root;
    for (let i = 0; i < path.length - 1; i++) {
      if (i === path.length - 2) marker[path[i]] = path[i + 1];
      else marker = marker[path[i]] = {};
    }
    value = root;
  }
  STATE_VALUES.set(v, value);
  return value;
}

/** XState's `matchesState`: whether `child` (a state value) is in `parent` (a value or `a.b` path). */
export function matchesState(parent: unknown, child: unknown): boolean {
  const p = toStateValue(parent) as Any;
  const c = toStateValue(child) as Any;
  if (typeof c === 'string') return typeof p === 'string' && c === p;
  if (typeof p === 'string') return p in c;
  return Object.keys(p).every((k) => k in c && matchesState(p[k], c[k]));
}

class StateNode {
  readonly key: string;
  readonly id: string;
  readonly type: string;
  readonly path: string[];
  readonly description: unknown;
  readonly order: number;
  readonly states: Record<string, StateNode>;
  readonly entry: unknown[];
  readonly exit: unknown[];
  readonly tags: unknown[];
  readonly invoke: unknown[] = [];
  transitions = new Map<string, Any[]>();
  always?: Any[];
  after: Any[] = [];
  initial: Any;

  constructor(
    readonly config: Any,
    readonly machine: LiteMachine,
    readonly parent?: StateNode,
    key?: string,
  ) {
    for (const unsupported of ['invoke', 'history', 'route', 'onDone', 'output']) {
      if (config[unsupported] !== undefined) throw new Error(`xstate-lite: ${unsupported} is not supported (the page's machines do not use it)`);
    }
    this.key = key ?? machine.id;
    this.path = parent ? [...parent.path, this.key] : [];
    this.id = config.id || [machine.id, ...this.path].join(DELIMITER);
    this.type = config.type || (config.states && Object.keys(config.states).length ? 'compound' : 'atomic');
    this.description = config.description;
    this.order = machine.idMap.size;
    machine.idMap.set(this.id, this);
    this.states = {};
    for (const k of Object.keys(config.states ?? {})) this.states[k] = new StateNode(config.states[k], machine, this, k);
    if (this.type === 'history') throw new Error('xstate-lite: history states are not supported (the page\'s machines do not use them)');
    if (this.type === 'compound' && !config.initial) throw new Error(`No initial state specified for compound state node "#${this.id}".`);
    this.entry = toArray(config.entry).slice();
    this.exit = toArray(config.exit).slice();
    this.tags = toArray(config.tags).slice();
  }

  initialize(): void {
    this.after = this.delayedTransitions();
    for (const d of Object.keys(this.config.on ?? {})) {
      if (d === '') throw new Error('Null events ("") cannot be specified as a transition key. Use `always: { ... }` instead.');
      this.transitions.set(d, toTransitionConfigs(this.config.on[d]).map((t) => this.format(d, t)));
    }
    for (const t of this.after) {
      const list = this.transitions.get(t.eventType) ?? [];
      this.transitions.set(t.eventType, list);
      list.push(t);
    }
    if (this.config.always) this.always = toTransitionConfigs(this.config.always).map((t) => this.format('', t));
    const target = this.config.initial;
    const first = typeof target === 'string' ? this.states[target] : target ? this.states[target.target] : undefined;
    if (!first && target) throw new Error(`Initial state node "${String(target)}" not found on parent state node #${this.id}`);
    this.initial = { source: this, actions: !target || typeof target === 'string' ? [] : toArray(target.actions), eventType: null, reenter: false, target: first ? [first] : [] };
    for (const child of Object.values(this.states)) child.initialize();
  }

  /** `after` delays: each a raise on entry and a cancel on exit, and its transitions (XState's getDelayedTransitions). */
  private delayedTransitions(): Any[] {
    const after = this.config.after;
    if (!after) return [];
    return Object.keys(after).flatMap((key) => {
      const delay = Number.isNaN(+key) ? key : +key;
      const eventType = `xstate.after.${delay}.${this.id}`;
      this.entry.push(raise({ type: eventType }, { id: eventType, delay }));
      this.exit.push(cancel(eventType));
      const config = typeof after[key] === 'string' ? { target: after[key] } : after[key];
      return toArray(config).map((t: Any) => ({ ...this.format(eventType, { ...t, event: eventType, delay }), delay }));
    });
  }

  private format(eventType: string, config: Any): Any {
    // XState's normalizeTarget: no target, or the empty one, is a transition that only runs actions.
    const targets = config.target === undefined || config.target === '' ? undefined : toArray(config.target);
    return { ...config, actions: toArray(config.actions), guard: config.guard, target: targets?.map((t) => this.resolve(t)), source: this, reenter: config.reenter ?? false, eventType };
  }

  private resolve(target: unknown): StateNode {
    if (typeof target !== 'string') return target as StateNode;
    if (target[0] === '#') return this.machine.getStateNodeById(target);
    const internal = target[0] === DELIMITER;
    if (internal && !this.parent) return byPath(this, target.slice(1));
    if (!this.parent) throw new Error(`Invalid target: "${target}" is not a valid target from the root node.`);
    return byPath(this.parent, internal ? this.key + target : target);
  }
}

function byPath(node: StateNode, path: string): StateNode {
  let current = node;
  for (const key of toStatePath(path)) {
    if (!key.length) break;
    const next = current.states[key];
    if (!next) throw new Error(`Child state '${key}' does not exist on '${current.id}'`);
    current = next;
  }
  return current;
}

/** A machine as XState's `createMachine` makes it, as far as the lean runner and the statechart read it. */
class LiteMachine {
  readonly id: string;
  readonly idMap = new Map<string, StateNode>();
  readonly implementations: Any;
  readonly root: StateNode;
  readonly states: Record<string, StateNode>;

  constructor(
    readonly config: Any,
    implementations: Any = {},
  ) {
    this.id = config.id || '(machine)';
    this.implementations = { actors: implementations.actors ?? {}, actions: implementations.actions ?? {}, delays: implementations.delays ?? {}, guards: implementations.guards ?? {} };
    this.root = new StateNode(config, this);
    this.root.initialize();
    this.states = this.root.states;
  }

  /** XState's: `#id`, or `#id.child.grandchild` (a path below the node of that id). */
  getStateNodeById(stateId: string): StateNode {
    const [head, ...rest] = toStatePath(stateId);
    const id = head.startsWith('#') ? head.slice(1) : head;
    const node = this.idMap.get(id);
    if (!node) throw new Error(`Child state node '#${id}' does not exist on machine '${this.id}'`);
    return rest.length ? byPath(node, rest.join(DELIMITER)) : node;
  }
}

export function createMachine(config: unknown, implementations?: unknown): Any {
  return new LiteMachine(config, implementations);
}

export function setup(implementations: Any): Any {
  return { createMachine: (config: Any) => createMachine({ ...config, schemas: implementations.schemas }, implementations) };
}
