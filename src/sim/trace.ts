/**
 * The run's trace: what happened, when, to whom. Our own format, not XState's inspection: `seq`,
 * `at` (µs), `actor` (a stable name such as `hostA.hypervisor`), `type` (dot-namespaced such as
 * `host.crashed`) and flat `data`. Its text form is stable (golden files compare it) and its hash
 * proves that two runs were the same. Pure.
 */
import { TextHash } from './hash';
import { formatMillis, type Micros } from './time';

/** A value that may appear in a trace event's data. */
export type TraceValue = string | number | boolean | null;

/** One entry of the trace. */
export interface TraceEvent {
  readonly seq: number;
  readonly at: Micros;
  readonly actor: string;
  readonly type: string;
  readonly data: Readonly<Record<string, TraceValue>>;
}

/**
 * The data of every event that carries none, shared (a quarter of a Remus run's events: pauses and
 * resumes): an object each would cost some 30 to 60 bytes, kept for the whole run. Frozen: read only.
 */
export const NO_DATA: Readonly<Record<string, TraceValue>> = Object.freeze({});

/** The largest magnitude of a small integer in V8's objects (2^30 - 1: about 17.9 minutes in µs). */
const SMALL_INT = 0x3fff_ffff;

/**
 * `n` as a small integer when it is a whole number of at most SMALL_INT in magnitude, else `n`
 * itself (the same number either way). A time or count computed with floating-point arithmetic is
 * a boxed number even when whole; kept in an object for the whole run, each costs 12 bytes more
 * than a small integer, and a field that once held one holds all its values boxed (some 3 MB of the
 * trace of ten simulated minutes of Remus). Pure.
 */
export function compactNumber(n: number): number {
  return n <= SMALL_INT && n >= -SMALL_INT && n === Math.trunc(n) ? n | 0 : n;
}

/**
 * One trace event as an object (made as it is recorded, and when a kept trace's event is read): a
 * class, so that every event has one shape whose fields hold any value as it is (a small integer in
 * the object, a later time past SMALL_INT as a reference to its number).
 */
class Entry implements TraceEvent {
  constructor(
    readonly seq: number,
    readonly at: Micros,
    readonly actor: string,
    readonly type: string,
    readonly data: Readonly<Record<string, TraceValue>>,
  ) {}
}

/** The text form of a data record: `key=value` pairs in insertion order. */
export function formatData(data: Readonly<Record<string, TraceValue>>): string {
  let text = '';
  for (const k in data) {
    if (!Object.hasOwn(data, k)) continue;
    const v = data[k];
    text += `${text ? ' ' : ''}${k}=${typeof v === 'string' && WHITESPACE.test(v) ? JSON.stringify(v) : String(v)}`;
  }
  return text;
}

const WHITESPACE = /\s/;

/** One line of the text form: `  25.000ms  hostA.remus  checkpoint.ack  epoch=3`. */
export function formatTraceLine(e: TraceEvent): string {
  const data = formatData(e.data);
  return `${formatMillis(e.at).padStart(12)}  ${e.actor}  ${e.type}${data ? `  ${data}` : ''}`;
}

/** Events per chunk of a kept trace's columns (a power of two). */
const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
/** Event objects a kept trace holds on to after they are read (a power of two). */
const RECENT = 512;
/** Data values per chunk of a kept trace's value columns (a power of two). */
const VALUE_BITS = 14;
const VALUES = 1 << VALUE_BITS;
/** How a data value is kept: a number as itself, a string as its index in the trace's strings, the rest by kind. */
const NUMBER = 0;
const STRING = 1;
const TRUE = 2;
const FALSE = 3;
const NULL = 4;
const UNDEFINED = 5;
const OTHER = 6;

/** A node of the tree of data shapes: the fields in order from the root (no fields) to it. */
interface ShapeNode {
  readonly id: number;
  readonly next: Map<string, ShapeNode>;
}

/**
 * A kept trace's events as columns: per event its time (whole µs in 32 bits, as long as every time
 * fits: 71 minutes; then all times as floats), its kind (an index into the distinct actor and type
 * pairs seen), the shape of its data (its fields, in order) and where its values start, in chunks of
 * CHUNK events; the values in columns of their own (a number, or a string's index, and its kind).
 * About 12 bytes an event and 9 a value, all in typed arrays: nothing per event for the collector to
 * trace or copy, where an event object and its data record cost some 60 bytes of JS heap. An event's
 * object (and its data's) is made when it is read (`at`), and the last few hundred read are kept for
 * the views that read each new event in turn.
 */
class Columns implements TraceList {
  private times: (Uint32Array | Float64Array)[] = [];
  /** Whether the times are floats (a time that is not a whole number of µs below 2^32 was recorded). */
  private wide = false;
  private readonly kinds: Uint16Array[] = [];
  private readonly shapes: Uint16Array[] = [];
  private readonly starts: Uint32Array[] = [];
  private readonly nums: Float64Array[] = [];
  private readonly tags: Uint8Array[] = [];
  private valueCount = 0;
  /** The fields of each shape (0: none), the tree that finds a record's shape, the strings seen, and values of no kind above. */
  private readonly shapeFields: (readonly string[])[] = [[]];
  private readonly shapeRoot: ShapeNode = { id: 0, next: new Map() };
  private readonly strings: string[] = [];
  private readonly stringIds = new Map<string, number>();
  private readonly others: unknown[] = [];
  private readonly kindOf = new Map<string, Map<string, number>>();
  private readonly actors: string[] = [];
  private readonly types: string[] = [];
  /** The objects made for the events read last, by position mod RECENT: views read each new event several times a frame. */
  private readonly recent: (TraceEvent | undefined)[] = new Array<TraceEvent | undefined>(RECENT);
  length = 0;

  push(at: Micros, actor: string, type: string, data: Readonly<Record<string, TraceValue>>): void {
    const k = this.length++;
    const c = k >> CHUNK_BITS;
    if (!this.wide && !(at >= 0 && at <= 0xffff_ffff && at === Math.floor(at))) {
      this.wide = true;
      this.times = this.times.map((chunk) => Float64Array.from(chunk));
    }
    if (c === this.times.length) {
      this.times.push(this.wide ? new Float64Array(CHUNK) : new Uint32Array(CHUNK));
      this.kinds.push(new Uint16Array(CHUNK));
      this.shapes.push(new Uint16Array(CHUNK));
      this.starts.push(new Uint32Array(CHUNK));
    }
    let byType = this.kindOf.get(actor);
    if (!byType) this.kindOf.set(actor, (byType = new Map()));
    let kind = byType.get(type);
    if (kind === undefined) {
      kind = this.actors.length;
      if (kind > 0xffff) throw new RangeError('trace: more than 65,536 kinds of event');
      byType.set(type, kind);
      this.actors.push(actor);
      this.types.push(type);
    }
    const i = k & (CHUNK - 1);
    this.times[c][i] = at;
    this.kinds[c][i] = kind;
    this.starts[c][i] = this.valueCount;
    this.shapes[c][i] = data === NO_DATA ? 0 : this.putData(data);
  }

  /** Puts the values of `data` in the value columns; returns its shape. */
  private putData(data: Readonly<Record<string, TraceValue>>): number {
    let node = this.shapeRoot;
    for (const field in data) {
      if (!Object.hasOwn(data, field)) continue;
      let next = node.next.get(field);
      if (!next) {
        next = { id: this.shapeFields.length, next: new Map() };
        if (next.id > 0xffff) throw new RangeError('trace: more than 65,536 shapes of data');
        this.shapeFields.push([...this.shapeFields[node.id], field]);
        node.next.set(field, next);
      }
      node = next;
      this.putValue(data[field]);
    }
    return node.id;
  }

  private putValue(v: TraceValue | undefined): void {
    const n = this.valueCount++;
    const c = n >> VALUE_BITS;
    if (c === this.nums.length) {
      this.nums.push(new Float64Array(VALUES));
      this.tags.push(new Uint8Array(VALUES));
    }
    const i = n & (VALUES - 1);
    if (typeof v === 'number') this.nums[c][i] = v;
    else if (typeof v === 'string') {
      let id = this.stringIds.get(v);
      if (id === undefined) {
        id = this.strings.push(v) - 1;
        this.stringIds.set(v, id);
      }
      this.tags[c][i] = STRING;
      this.nums[c][i] = id;
    } else if (v === true) this.tags[c][i] = TRUE;
    else if (v === false) this.tags[c][i] = FALSE;
    else if (v === null) this.tags[c][i] = NULL;
    else if (v === undefined) this.tags[c][i] = UNDEFINED;
    else {
      this.tags[c][i] = OTHER;
      this.nums[c][i] = this.others.push(v) - 1;
    }
  }

  private valueAt(n: number): TraceValue {
    const c = n >> VALUE_BITS;
    const i = n & (VALUES - 1);
    switch (this.tags[c][i]) {
      case NUMBER:
        return compactNumber(this.nums[c][i]);
      case STRING:
        return this.strings[this.nums[c][i]];
      case TRUE:
        return true;
      case FALSE:
        return false;
      case NULL:
        return null;
      case UNDEFINED:
        return undefined as unknown as TraceValue;
      default:
        return this.others[this.nums[c][i]] as TraceValue;
    }
  }

  /** The data record of event `k` (chunk `c`, index `i`): NO_DATA, or a new record with its fields in order. */
  private dataAt(c: number, i: number): Readonly<Record<string, TraceValue>> {
    const shape = this.shapes[c][i];
    if (shape === 0) return NO_DATA;
    const fields = this.shapeFields[shape];
    const start = this.starts[c][i];
    const out: Record<string, TraceValue> = {};
    for (let j = 0; j < fields.length; j++) out[fields[j]] = this.valueAt(start + j);
    return out;
  }

  /** The time of event `k` (within the trace), without making its object. */
  timeAt(k: number): Micros {
    return this.times[k >> CHUNK_BITS][k & (CHUNK - 1)];
  }

  /** Calls `visit` with the time, actor and type of events `from` to `to` (excluding `to`), without making their objects. */
  heads(from: number, to: number, visit: (at: Micros, actor: string, type: string, k: number) => void): void {
    for (let k = Math.max(0, from); k < Math.min(to, this.length); k++) {
      const c = k >> CHUNK_BITS;
      const i = k & (CHUNK - 1);
      const kind = this.kinds[c][i];
      visit(this.times[c][i], this.actors[kind], this.types[kind], k);
    }
  }

  /** Event `k` (from 0), or undefined past the end: an object made for it (shared with other recent reads of it; read only). */
  at(k: number): TraceEvent | undefined {
    if (k < 0) k += this.length;
    if (!(k >= 0 && k < this.length)) return undefined;
    const slot = k & (RECENT - 1);
    const hit = this.recent[slot];
    if (hit !== undefined && hit.seq === k) return hit;
    const c = k >> CHUNK_BITS;
    const i = k & (CHUNK - 1);
    const kind = this.kinds[c][i];
    return (this.recent[slot] = new Entry(k, compactNumber(this.times[c][i]), this.actors[kind], this.types[kind], this.dataAt(c, i)));
  }
}

/**
 * Events by position: a kept trace's columns (`Trace.list`) or a plain array of events (tests).
 * `at(k)` is the event numbered `k`.
 */
export interface TraceList {
  readonly length: number;
  at(index: number): TraceEvent | undefined;
}

/**
 * Calls `visit` with the time, actor and type of events `from` to `to` (excluding `to`) of `list`:
 * from a kept trace's columns without making an object per event (a view that reads a whole long
 * run, such as the timeline when its axis changes, would make hundreds of thousands).
 */
export function forEachHead(list: TraceList, from: number, to: number, visit: (at: Micros, actor: string, type: string, k: number) => void): void {
  if (list instanceof Columns) list.heads(from, to, visit);
  else
    for (let k = Math.max(0, from); k < Math.min(to, list.length); k++) {
      const e = list.at(k)!;
      visit(e.at, e.actor, e.type, k);
    }
}

/**
 * How many of the first `count` events of `list` have a time that `before` accepts, `before` holding
 * for a first run of them and then no more (events are in time order, so `at < t` or `at <= t`): a
 * binary search, which reads a kept trace's times without making event objects.
 */
export function countBefore(list: TraceList, before: (at: Micros) => boolean, count = list.length): number {
  const timeAt = list instanceof Columns ? (k: number) => list.timeAt(k) : (k: number) => list.at(k)!.at;
  let lo = 0;
  let hi = Math.min(count, list.length);
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(timeAt(mid))) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Events `from` to `to` (excluding `to`) of `list` as objects: for a file or a test, not to keep. */
export function eventsOf(list: TraceList, from = 0, to = list.length): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (let k = Math.max(0, from); k < Math.min(to, list.length); k++) out.push(list.at(k)!);
  return out;
}

/**
 * An append-only trace with a running hash. The hash is brought up to date when asked (`hash()`), not
 * as each event is recorded: a run that never asks pays nothing for it, and one that asks now and then
 * hashes each line once.
 */
export class Trace {
  private readonly columns = new Columns();
  /** The events as objects, made when first asked for (`events`) and extended as the trace grows. */
  private made: TraceEvent[] = [];
  private readonly hasher = new TextHash();
  /** How many entries the hasher has seen. */
  private hashed = 0;
  /** Events recorded so far (kept or not). */
  private count = 0;
  private lastAt = -Infinity;

  /**
   * `keep: false` makes a counting trace: events are numbered, timed and handed to `onRecord` as
   * usual, but not kept (a replay that only needs the world's state, not its story, uses one); its
   * `events` stay empty and it has no hash. With `hash: true` as well, each event is hashed as it is
   * recorded and then let go: the same hash as a kept trace's, without its memory (a sweep's run).
   */
  constructor(options: { readonly keep?: boolean; readonly hash?: boolean } = {}) {
    this.streaming = options.keep === false && options.hash === true;
    this.keep = options.keep !== false;
  }
  private readonly streaming: boolean;
  private readonly keep: boolean;
  /** Called with each event as it is recorded (the world watches for phases this way). */
  onRecord: ((event: TraceEvent) => void) | null = null;

  /** Appends an event at `at` and returns it. */
  record(at: Micros, actor: string, type: string, data: Readonly<Record<string, TraceValue>> = NO_DATA): TraceEvent {
    return new Entry(this.add(at, actor, type, data), compactNumber(at), actor, type, data);
  }

  /**
   * Appends an event at `at` and returns its number (`seq`): what `record` does, without an object
   * for the event unless something reads it (a counting trace that hashes, or `onRecord`).
   */
  add(at: Micros, actor: string, type: string, data: Readonly<Record<string, TraceValue>> = NO_DATA): number {
    if (at < this.lastAt) throw new RangeError(`trace time went back: ${at} < ${this.lastAt}`);
    this.lastAt = at;
    const seq = this.count++;
    if (this.keep) this.columns.push(at, actor, type, data);
    if (this.streaming || this.onRecord) {
      const event: TraceEvent = new Entry(seq, compactNumber(at), actor, type, data);
      if (this.streaming) this.hasher.update(formatTraceLine(event)).update('\n');
      this.onRecord?.(event);
    }
    return seq;
  }

  /** The kept events by position, without an object per event (what a page holds on to). */
  get list(): TraceList {
    return this.columns;
  }

  /**
   * All events so far as objects (read-only): made on first use and kept, an object per event and
   * per data record; a page reads `list` instead.
   */
  get events(): readonly TraceEvent[] {
    for (let k = this.made.length; k < this.columns.length; k++) this.made.push(this.columns.at(k)!);
    return this.made;
  }

  /** The number of events so far. */
  get length(): number {
    return this.count;
  }

  /** The stable text form, one line per event. */
  toText(): string {
    let text = '';
    for (let k = 0; k < this.columns.length; k++) text += formatTraceLine(this.columns.at(k)!) + '\n';
    return text;
  }

  /** A 16-hex-digit fingerprint of the text form. */
  hash(): string {
    if (this.streaming) return this.hasher.digest();
    if (!this.keep) throw new Error('a counting trace (keep: false) has no hash');
    for (; this.hashed < this.columns.length; this.hashed++) this.hasher.update(formatTraceLine(this.columns.at(this.hashed)!)).update('\n');
    return this.hasher.digest();
  }
}
