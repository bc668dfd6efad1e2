/**
 * A lean runner for this folder's machines: it executes an XState v5 machine (the same `setup()` /
 * `createMachine()` object the statechart panel draws and the machine tests run) with XState's own
 * semantics (selection, exit and entry sets in document order, `always`, `after` timers on the given
 * clock, `assign` / `emit` / `enqueueActions`, emitted events and timers deferred to the end of the
 * macrostep, a mailbox per actor) but without the work XState's actor does for features these
 * machines do not use: a snapshot object per microstep, inspection events, the actor system, generic
 * action lookup. Exit and entry sets are computed once per (configuration, transition) and reused.
 * An XState transition costs 10–20 µs; here it costs about one. The world runs its machines this way
 * (src/world/actors.ts) and can run them with XState's actor instead (`engine: XSTATE_ENGINE`):
 * tests/world/engine-equivalence.test.ts checks that both write the same trace and take the same
 * transitions, byte for byte. A machine using anything else (history, invoke, nested final states,
 * built-in guards, wildcard events, plain function actions) is refused by name (`leanRefusal`) when the
 * world makes it; `spawn` throws where it is called.
 * The algorithm follows XState's own (`macrostep`, `microstep`, `computeExitSet`, `computeEntrySet`).
 */
import { matchesState, type AnyStateMachine, type StateValue } from 'xstate';

/** The parts of XState's state nodes and transitions the runner reads. */
interface Node {
  readonly id: string;
  readonly key: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  readonly order: number;
  readonly parent?: Node;
  readonly states: Readonly<Record<string, Node>>;
  readonly initial: { readonly target: readonly Node[]; readonly actions: readonly Action[] };
  readonly entry: readonly Action[];
  readonly exit: readonly Action[];
  readonly transitions: ReadonlyMap<string, readonly Transition[]>;
  readonly always?: readonly Transition[];
  readonly invoke: readonly unknown[];
}
interface Transition {
  readonly target?: readonly Node[];
  readonly source: Node;
  readonly actions: readonly Action[];
  readonly reenter: boolean;
  readonly guard?: unknown;
}
type Action = unknown;
type Fn = (...args: unknown[]) => unknown;
interface Event {
  readonly type: string;
}
/** A timer armed (an event after `delayMs`) or cancelled (`event` null) at the end of a macrostep. */
class TimerEffect {
  constructor(
    readonly event: Event | null,
    readonly delayMs: number,
    readonly id: string,
  ) {}
}
/**
 * What is done at the end of a macrostep, in order (XState's deferred effects): an event emitted (itself,
 * so that the most frequent effect makes no record), or a timer armed or cancelled.
 */
type Deferred = Event | TimerEffect;

/** A snapshot as the world reads it (XState's has more). */
export interface LeanSnapshot {
  readonly value: StateValue;
  readonly context: unknown;
  readonly status: 'active' | 'done' | 'stopped' | 'error';
  matches(value: StateValue): boolean;
  can(event: Event): boolean;
}

const BUILTIN_ACTIONS = new Set(['xstate.assign', 'xstate.emit', 'xstate.enqueueActions', 'xstate.raise', 'xstate.cancel']);

const NONE: Transition[] = [];
const children = (n: Node): Node[] => Object.values(n.states).filter((c) => c.type !== 'history');
const isAtomic = (n: Node) => n.type === 'atomic' || n.type === 'final';
/** XState's `isDescendant`: a proper descendant of `parent`; of no parent (an undefined domain), every node, the root included. */
function isDescendant(child: Node, parent: Node | undefined): boolean {
  let m = child;
  while (m.parent && m.parent !== parent) m = m.parent;
  return m.parent === parent;
}
function properAncestors(n: Node, to?: Node): Node[] {
  const out: Node[] = [];
  if (to === n) return out;
  for (let m = n.parent; m && m !== to; m = m.parent) out.push(m);
  return out;
}

/** Whether the runner can run `machine` exactly as XState does. */
export function leanSupports(machine: AnyStateMachine): boolean {
  return leanRefusal(machine) === null;
}

/** Why the runner cannot run `machine` exactly as XState does (the first thing it lacks), or null. */
export function leanRefusal(machine: AnyStateMachine): string | null {
  if (!REFUSALS.has(machine)) REFUSALS.set(machine, refusalOf(machine));
  return REFUSALS.get(machine)!;
}

const REFUSALS = new WeakMap<AnyStateMachine, string | null>();

function refusalOf(machine: AnyStateMachine): string | null {
  const impl = machine.implementations as { actions: Record<string, unknown>; guards: Record<string, unknown> };
  const plainGuard = (g: unknown) => g === undefined || typeof (typeof g === 'string' ? impl.guards[g] : g) === 'function' && !('check' in ((typeof g === 'string' ? impl.guards[g] : g) as object));
  const plainAction = (a: unknown): boolean => {
    const r = typeof a === 'string' ? impl.actions[a] : a;
    if (typeof r !== 'function') return typeof a === 'string' && r === undefined;
    // Plain functions run at other moments in XState (deferred while starting, seeing the previous
    // snapshot): the machines here only assign and emit, so the runner takes XState's built-ins only.
    return 'resolve' in r && BUILTIN_ACTIONS.has((r as unknown as { type: string }).type);
  };
  const refusal = (n: Node): string | null => {
    if (n.type === 'history') return `state ${n.id} is a history state`;
    if (n.invoke.length > 0) return `state ${n.id} invokes an actor`;
    if (n.type === 'final' && n.parent?.parent) return `final state ${n.id} is not a child of the root`;
    for (const [type, ts] of n.transitions) {
      if (type.includes('*')) return `state ${n.id} takes the wildcard event ${type}`;
      for (const t of ts) if (!plainGuard(t.guard) || !t.actions.every(plainAction)) return `a ${type} transition of ${n.id} has a built-in guard or an action other than XState's assign, emit, enqueueActions, raise and cancel`;
    }
    for (const t of n.always ?? []) if (!plainGuard(t.guard) || !t.actions.every(plainAction)) return `an eventless transition of ${n.id} has a built-in guard or an action other than XState's assign, emit, enqueueActions, raise and cancel`;
    if (![...n.entry, ...n.exit].every(plainAction)) return `state ${n.id} has an entry or exit action the runner does not implement`;
    for (const c of Object.values(n.states)) {
      const why = refusal(c);
      if (why) return why;
    }
    return null;
  };
  return refusal(machine.root as unknown as Node);
}

/** One microstep's exit and entry, computed once per (configuration, transition). */
interface Step {
  readonly exit: readonly Node[];
  /** The states entered, in document order, each with the actions it runs as it is entered. */
  readonly enter: readonly (readonly [Node, readonly Action[]])[];
  /** The configuration after the step (in XState's order), or null when it is the same set of states. */
  readonly next: Configuration | null;
}

/** A configuration: its states in the order XState lists them, and what is derived from it once. */
interface Configuration {
  readonly nodes: readonly Node[];
  readonly key: string;
  /** Each active compound or parallel state's active children (in the order of XState's state value keys). */
  readonly active: ReadonlyMap<Node, readonly Node[]>;
  readonly hasAlways: boolean;
  /** Its state value, made once and shared by every snapshot of it (XState makes one per snapshot): read-only. */
  value?: StateValue;
}

/** What is cached per machine: steps by transition and configuration, configurations by key. */
interface Compiled {
  readonly steps: Map<Transition, Map<string, Step>>;
  readonly configs: Map<string, Configuration>;
}
const compiled = new WeakMap<AnyStateMachine, Compiled>();

function domainOf(t: Transition): Node | undefined {
  const targets = t.target ?? [];
  if (targets.length === 0) return undefined;
  if (!t.reenter && targets.every((s) => s === t.source || isDescendant(s, t.source))) return t.source;
  const all = [...targets, t.source];
  for (const a of properAncestors(all[0])) if (all.slice(1).every((s) => isDescendant(s, a))) return a;
  if (t.reenter) return undefined;
  let root = t.source;
  while (root.parent) root = root.parent;
  return root;
}

function exitSet(ts: readonly Transition[], config: readonly Node[]): Node[] {
  const out = new Set<Node>();
  for (const t of ts) {
    if (!t.target?.length) continue;
    // An undefined domain (a reentering transition of the root, or one targeting it) exits everything.
    const domain = domainOf(t);
    if (t.reenter && domain !== undefined && t.source === domain) out.add(domain);
    for (const s of config) if (isDescendant(s, domain)) out.add(s);
  }
  return [...out];
}

function addDescendants(n: Node, defaults: Set<Node>, enter: Set<Node>): void {
  if (n.type === 'compound') {
    const first = n.initial.target[0];
    enter.add(first);
    defaults.add(first);
    addDescendants(first, defaults, enter);
    addAncestors(enter, defaults, properAncestors(first, n));
  } else if (n.type === 'parallel') {
    for (const c of children(n)) {
      if ([...enter].some((s) => isDescendant(s, c))) continue;
      enter.add(c);
      defaults.add(c);
      addDescendants(c, defaults, enter);
    }
  }
}

function addAncestors(enter: Set<Node>, defaults: Set<Node>, ancestors: readonly Node[], domain?: Node): void {
  for (const a of ancestors) {
    if (!domain || isDescendant(a, domain)) enter.add(a);
    if (a.type !== 'parallel') continue;
    for (const c of children(a)) {
      if ([...enter].some((s) => isDescendant(s, c))) continue;
      enter.add(c);
      addDescendants(c, defaults, enter);
    }
  }
}

function entrySet(ts: readonly Transition[], defaults: Set<Node>): Node[] {
  const enter = new Set<Node>();
  for (const t of ts) {
    const domain = domainOf(t);
    for (const s of t.target ?? []) {
      if (t.source !== s || t.source !== domain || t.reenter) {
        enter.add(s);
        defaults.add(s);
      }
      addDescendants(s, defaults, enter);
    }
    for (const s of t.target ?? []) {
      const ancestors = properAncestors(s, domain);
      if (domain?.type === 'parallel') ancestors.push(domain);
      addAncestors(enter, defaults, ancestors, !t.source.parent && t.reenter ? undefined : domain);
    }
  }
  return [...enter].sort((a, b) => a.order - b.order);
}

function removeConflicts(ts: readonly Transition[], config: readonly Node[]): Transition[] {
  if (ts.length < 2) return ts as Transition[];
  const kept = new Set<Transition>();
  for (const t1 of ts) {
    let preempted = false;
    const drop = new Set<Transition>();
    const x1 = exitSet([t1], config);
    for (const t2 of kept) {
      const x2 = exitSet([t2], config);
      if (!x1.some((s) => x2.includes(s))) continue;
      if (isDescendant(t1.source, t2.source)) drop.add(t2);
      else {
        preempted = true;
        break;
      }
    }
    if (preempted) continue;
    for (const t of drop) kept.delete(t);
    kept.add(t1);
  }
  return [...kept];
}

/** The configuration of `nodes` (shared by every actor of the machine). */
function configuration(cache: Compiled, nodes: readonly Node[]): Configuration {
  const key = nodes.map((n) => n.order).join('.');
  let c = cache.configs.get(key);
  if (!c) {
    const active = new Map<Node, Node[]>();
    for (const n of nodes) if (n.parent) (active.get(n.parent) ?? active.set(n.parent, []).get(n.parent)!).push(n);
    c = { nodes, key, active, hasAlways: nodes.some((n) => n.always?.length) };
    cache.configs.set(key, c);
  }
  return c;
}

/** XState's state value of a configuration (its keys in the order the nodes were entered, as XState's). */
function valueOf(root: Node, config: readonly Node[]): StateValue {
  const adj = new Map<Node, Node[]>();
  for (const s of config) {
    if (!adj.has(s)) adj.set(s, []);
    if (s.parent) (adj.get(s.parent) ?? adj.set(s.parent, []).get(s.parent)!).push(s);
  }
  const from = (n: Node): StateValue => {
    const kids = adj.get(n);
    if (!kids) return {};
    if (n.type === 'compound') {
      if (!kids[0]) return {};
      if (isAtomic(kids[0])) return kids[0].key;
    }
    const v: Record<string, StateValue> = {};
    for (const c of kids) v[c.key] = from(c);
    return v;
  };
  return from(root);
}

function computeStep(cache: Compiled, from: Configuration, ts: readonly Transition[]): Step {
  const defaults = new Set<Node>();
  const exit = exitSet(ts, from.nodes).sort((a, b) => b.order - a.order);
  const enter = entrySet(ts, defaults);
  const nodes = new Set(from.nodes);
  for (const s of exit) nodes.delete(s);
  for (const s of enter) nodes.add(s);
  const same = nodes.size === from.nodes.length && from.nodes.every((n) => nodes.has(n));
  return {
    exit,
    enter: enter.map((s) => [s, defaults.has(s) && s.type === 'compound' ? [...s.entry, ...s.initial.actions] : s.entry] as const),
    next: same ? null : configuration(cache, [...nodes]),
  };
}

/** Simulated time for `after` timers (src/sim/virtual-clock.ts). */
export interface SimClock {
  schedule(delayMs: number, fn: () => void): unknown;
  unschedule(handle: unknown): void;
}

/** Options of a lean actor: the clock its `after` timers run on, and who hears of each microstep. */
export interface LeanOptions {
  readonly clock: SimClock;
  readonly input?: unknown;
  /** Called with the transitions of each microstep XState would report to an inspector (not the first step). */
  readonly onMicrostep?: (transitions: readonly unknown[]) => void;
}

/** A machine run by the lean runner: the part of XState's `Actor` the world uses. */
export class LeanActor {
  private readonly root: Node;
  private readonly cache: Compiled;
  private readonly impl: { actions: Record<string, unknown>; guards: Record<string, unknown>; delays: Record<string, unknown> };
  private conf: Configuration;
  private context: unknown;
  private status: LeanSnapshot['status'] = 'active';
  private snapshot: LeanSnapshot | null = null;
  private deferred: Deferred[] = [];
  private internal: Event[] = [];
  private readonly mailbox: Event[] = [];
  private processing = false;
  private started = false;
  private stopped = false;
  private readonly timers = new Map<string, unknown>();
  private readonly listeners = new Map<string, ((e: Event) => void)[]>();
  /** Where `enqueue` puts actions while an `enqueueActions` collects them, and the event it runs for. */
  private queued: Action[] = [];
  private collecting: Event | null = null;
  /** XState's `check` for `enqueueActions`, made once: a guard against the event being collected for. */
  private readonly check = (g: unknown) => this.guard(this.collecting!, g);
  /** XState's `enqueue` for `enqueueActions`, made once: `enqueue.assign(...)` queues what `assign(...)` makes, and so on. */
  private readonly enqueue = Object.assign((a: Action) => void this.queued.push(a), {
    // Plain records with the fields of XState's action objects: one is made per call, so no function each time.
    assign: (assignment: unknown) => void this.queued.push({ type: 'xstate.assign', assignment }),
    emit: (event: unknown) => void this.queued.push({ type: 'xstate.emit', event }),
    raise: (event: unknown, options?: { id?: string; delay?: unknown }) => void this.queued.push({ type: 'xstate.raise', event, id: options?.id, delay: options?.delay }),
    cancel: (sendId: unknown) => void this.queued.push({ type: 'xstate.cancel', sendId }),
  });

  constructor(
    readonly logic: AnyStateMachine,
    private readonly options: LeanOptions,
  ) {
    this.root = logic.root as unknown as Node;
    this.impl = logic.implementations as LeanActor['impl'];
    let c = compiled.get(logic);
    if (!c) compiled.set(logic, (c = { steps: new Map(), configs: new Map() }));
    this.cache = c;
    this.conf = configuration(c, []);
    const factory = (logic.config as { context?: unknown }).context;
    this.context = typeof factory === 'function' ? (factory as Fn)({ input: options.input, self: this, spawn: noSpawn }) : (factory ?? {});
    // The initial microstep: every initial state, root first, each with its entry actions.
    const initial = new Set<Node>([this.root]);
    const add = (n: Node) => {
      initial.add(n);
      if (n.type === 'compound') add(n.initial.target[0]);
      else if (n.type === 'parallel') children(n).forEach(add);
    };
    add(this.root);
    const init = { type: 'xstate.init', input: options.input };
    // Entered in document order (root first), which is also the order XState lists them in.
    const entered = [...initial].sort((a, b) => a.order - b.order);
    this.setConfig(configuration(this.cache, entered));
    for (const n of entered) {
      this.runActions([...n.entry, ...(n.type === 'compound' ? n.initial.actions : [])], init);
      if (n.type === 'final') this.status = 'done';
    }
    this.settle(init);
  }

  /** Starts the actor: what its first step emitted and the timers it armed take effect now. */
  start(): this {
    if (this.started || this.stopped) return this;
    this.started = true;
    // As XState's update: what a listener sends meanwhile waits in the mailbox until the effects are done.
    this.processing = true;
    try {
      this.flush();
    } catch (err) {
      this.fail();
      throw err;
    } finally {
      this.processing = false;
    }
    this.drain();
    return this;
  }

  /** Stops the actor: its timers are cancelled and later events ignored (no exit actions, as XState). */
  stop(): this {
    if (this.stopped) return this;
    this.mailbox.length = 0;
    if (!this.started) {
      this.stopped = true;
      return this;
    }
    this.status = 'stopped';
    this.snapshot = null;
    this.halt();
    return this;
  }

  send(event: Event): void {
    if (this.stopped) return;
    this.mailbox.push(event);
    if (this.started) this.drain();
  }

  /** Listens to emitted events of `type` (`*`: all), as XState's `actor.on`. */
  on(type: string, handler: (e: Event) => void): { unsubscribe(): void } {
    const list = this.listeners.get(type) ?? this.listeners.set(type, []).get(type)!;
    list.push(handler);
    let subscribed = true;
    return {
      unsubscribe: () => {
        if (subscribed) list.splice(list.indexOf(handler), 1);
        subscribed = false;
      },
    };
  }

  getSnapshot(): LeanSnapshot {
    if (this.snapshot) return this.snapshot;
    const conf = this.conf;
    this.snapshot = new Snapshot((conf.value ??= valueOf(this.root, conf.nodes)), this.context, this.status, this);
    return this.snapshot;
  }

  private drain(): void {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let e = this.mailbox.shift(); e; e = this.mailbox.shift()) {
        if (this.stopped) break;
        this.macrostep(e);
      }
    } catch (err) {
      this.fail();
      throw err;
    } finally {
      this.processing = false;
    }
  }

  /**
   * An action threw: as XState's actor, this one stops in status `error` (its timers cancelled, later
   * events ignored), with nothing of the broken step left to leak into another; unlike XState's, the
   * error reaches the caller (a simulation that hid it would run on wrong).
   */
  private fail(): void {
    this.internal.length = 0;
    this.deferred.length = 0;
    this.status = 'error';
    this.snapshot = null;
    this.halt();
  }

  private setConfig(conf: Configuration): void {
    this.conf = conf;
    this.snapshot = null;
  }

  private macrostep(event: Event): void {
    this.micro(this.select(this.root, event), event);
    this.settle(event);
    this.flush();
  }

  /** The eventless transitions and raised events after a microstep (XState's macrostep loop). */
  private settle(first: Event): void {
    let event = first;
    let eventless = true;
    while (this.status === 'active') {
      let ts: Transition[] = eventless ? this.eventless(event) : [];
      const before: LeanSnapshot | undefined = ts.length ? this.getSnapshot() : undefined;
      if (!ts.length) {
        const next = this.internal.shift();
        if (!next) break;
        event = next;
        ts = this.select(this.root, event);
      }
      this.micro(ts, event);
      eventless = this.getSnapshot() !== before;
    }
  }

  /** XState's `transitionNode`: the enabled transitions for `event`, innermost first. */
  /** Whether `event` would take a transition now (XState's `snapshot.can`). */
  can(event: Event): boolean {
    return this.select(this.root, event).some((t) => t.target !== undefined || t.actions.length > 0);
  }

  private select(n: Node, event: Event): Transition[] {
    const active = this.conf.active.get(n);
    let inner: Transition[] = NONE;
    if (!active) return this.next(n, event);
    if (n.type === 'parallel') {
      for (const r of active) {
        const t = this.select(r, event);
        if (t.length) inner = inner === NONE ? t : [...inner, ...t];
      }
    } else inner = isAtomic(active[0]) ? this.next(active[0], event) : this.select(active[0], event);
    return inner.length ? inner : this.next(n, event);
  }

  private next(n: Node, event: Event): Transition[] {
    const ts = n.transitions.get(event.type);
    if (ts) for (let i = 0; i < ts.length; i++) if (this.guard(event, ts[i].guard)) return [ts[i]];
    return NONE;
  }

  private eventless(event: Event): Transition[] {
    if (!this.conf.hasAlways) return NONE;
    const enabled = new Set<Transition>();
    for (const s of this.conf.nodes) {
      if (!isAtomic(s)) continue;
      find: for (const a of [s, ...properAncestors(s)])
        for (const t of a.always ?? [])
          if (this.guard(event, t.guard)) {
            enabled.add(t);
            break find;
          }
    }
    return removeConflicts([...enabled], this.conf.nodes);
  }

  private guard(event: Event, g: unknown): boolean {
    if (g === undefined) return true;
    const fn = (typeof g === 'string' ? this.impl.guards[g] : g) as Fn;
    return Boolean(fn({ context: this.context, event }, undefined));
  }

  /** The exit and entry of transitions `ts` from the configuration now (cached for a single transition). */
  private step(ts: readonly Transition[]): Step {
    const from = this.conf;
    if (ts.length !== 1) return computeStep(this.cache, from, ts);
    let byConfig = this.cache.steps.get(ts[0]);
    if (!byConfig) this.cache.steps.set(ts[0], (byConfig = new Map()));
    let step = byConfig.get(from.key);
    if (!step) byConfig.set(from.key, (step = computeStep(this.cache, from, ts)));
    return step;
  }

  private micro(transitions: readonly Transition[], event: Event): void {
    if (transitions.length) {
      const ts = removeConflicts(transitions, this.conf.nodes);
      const { exit, enter, next } = this.step(ts);
      for (let i = 0; i < exit.length; i++) this.runActions(exit[i].exit, event);
      for (let i = 0; i < ts.length; i++) this.runActions(ts[i].actions, event);
      for (let i = 0; i < enter.length; i++) {
        this.runActions(enter[i][1], event);
        if (enter[i][0].type === 'final') this.status = 'done';
      }
      if (this.status === 'done') for (const s of [...(next ?? this.conf).nodes].sort((a, b) => b.order - a.order)) this.runActions(s.exit, event);
      if (next) this.setConfig(next);
      else if (this.status !== 'active') this.snapshot = null;
    }
    this.options.onMicrostep?.(transitions);
  }

  /** XState's `resolveAndExecuteActionsWithContext` for the built-in actions these machines use. */
  private runActions(actions: readonly Action[], event: Event): void {
    for (const action of actions) {
      const resolved = (typeof action === 'string' ? this.impl.actions[action] : action) as ((Fn | object) & Record<string, unknown>) | undefined;
      // A function (XState's action objects are functions) or a record queued by `enqueue.assign(...)` and its kin.
      if (!resolved || (typeof resolved !== 'function' && typeof resolved.type !== 'string')) continue;
      if (typeof resolved === 'function' && !('resolve' in resolved)) throw new Error(`lean runner: machine ${this.logic.id} has a plain function action (leanRefusal refuses it)`);
      switch (resolved.type) {
        case 'xstate.assign': {
          const a = resolved.assignment as Fn | Record<string, unknown>;
          const assignArgs = { context: this.context, event, spawn: noSpawn, self: this, system: undefined };
          let partial: Record<string, unknown> = {};
          if (typeof a === 'function') partial = a(assignArgs, undefined) as Record<string, unknown>;
          else for (const k in a) partial[k] = typeof a[k] === 'function' ? (a[k] as Fn)(assignArgs, undefined) : a[k];
          this.context = Object.assign({}, this.context, partial);
          this.snapshot = null;
          break;
        }
        case 'xstate.emit': {
          const e = resolved.event;
          this.deferred.push((typeof e === 'function' ? (e as Fn)(this.args(event), undefined) : e) as Event);
          break;
        }
        case 'xstate.enqueueActions': {
          const outer = this.queued;
          const outerEvent = this.collecting;
          const queued: Action[] = (this.queued = []);
          this.collecting = event;
          try {
            (resolved.collect as Fn)({ context: this.context, event, enqueue: this.enqueue, check: this.check, self: this, system: undefined }, undefined);
          } finally {
            this.queued = outer;
            this.collecting = outerEvent;
          }
          this.runActions(queued, event);
          break;
        }
        case 'xstate.raise': {
          const e = (typeof resolved.event === 'function' ? (resolved.event as Fn)(this.args(event), undefined) : resolved.event) as Event;
          const d = resolved.delay;
          const delay = typeof d === 'string' ? this.impl.delays?.[d] : d;
          const delayMs = typeof delay === 'function' ? (delay as Fn)(this.args(event), undefined) : delay;
          if (typeof delayMs !== 'number') this.internal.push(e);
          else this.deferred.push(new TimerEffect(e, delayMs, resolved.id as string));
          break;
        }
        case 'xstate.cancel': {
          const id = resolved.sendId;
          this.deferred.push(new TimerEffect(null, 0, (typeof id === 'function' ? (id as Fn)(this.args(event), undefined) : id) as string));
          break;
        }
        default:
          throw new Error(`lean runner: action ${String(resolved.type)} of machine ${this.logic.id} is not supported (leanSupports refuses it)`);
      }
    }
  }

  /** What XState passes to an action's expressions: the context now, the event, the actor. */
  private args(event: Event) {
    return { context: this.context, event, self: this, system: undefined };
  }

  /** XState's `update`: the deferred effects in order, then a done machine stops. */
  private flush(): void {
    try {
      this.runDeferred();
    } finally {
      if (this.status !== 'active') this.halt();
    }
  }

  private runDeferred(): void {
    for (let d = this.deferred.shift(); d; d = this.deferred.shift()) {
      if (!(d instanceof TimerEffect)) this.announce(d);
      else if (d.event) this.schedule(d.event, d.delayMs, d.id);
      else {
        const timer = this.timers.get(d.id);
        this.timers.delete(d.id);
        if (timer !== undefined) this.options.clock.unschedule(timer);
      }
    }
  }

  /** Hands an emitted event to the listeners of its type, then to those of every type (as XState). */
  private announce(event: Event): void {
    if (this.listeners.size > 1 || !this.listeners.has('*')) {
      const own = this.listeners.get(event.type);
      if (own) for (const h of [...own]) h(event);
    }
    const all = this.listeners.get('*');
    if (all) for (let i = 0; i < all.length; i++) all[i](event);
  }

  /** XState's scheduler: arms timer `id` (a later one of the same id replaces it in the map, the earlier still fires). */
  private schedule(event: Event, delayMs: number, id: string): void {
    // Stopped in the middle of a step (by a listener, say): the step's timers are not armed.
    if (this.stopped) return;
    this.timers.set(
      id,
      this.options.clock.schedule(delayMs, () => {
        this.timers.delete(id);
        this.send(event);
      }),
    );
  }

  private halt(): void {
    for (const timer of this.timers.values()) this.options.clock.unschedule(timer);
    this.timers.clear();
    this.mailbox.length = 0;
    this.stopped = true;
  }
}

class Snapshot implements LeanSnapshot {
  constructor(
    readonly value: StateValue,
    readonly context: unknown,
    readonly status: LeanSnapshot['status'],
    private readonly actor: LeanActor,
  ) {}
  matches(v: StateValue): boolean {
    return matchesState(v, this.value);
  }
  can(event: Event): boolean {
    return this.actor.can(event);
  }
}

function noSpawn(): never {
  throw new Error('lean runner: spawn is not supported (leanSupports refuses machines that spawn)');
}
