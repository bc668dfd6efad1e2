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
 * One kept trace event: a class, so that every event has one shape whose fields hold any value as
 * it is (a small integer in the object, a later time past SMALL_INT as a reference to its number).
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

/**
 * An append-only trace with a running hash. The hash is brought up to date when asked (`hash()`), not
 * as each event is recorded: a run that never asks pays nothing for it, and one that asks now and then
 * hashes each line once.
 */
export class Trace {
  private readonly entries: TraceEvent[] = [];
  private readonly hasher = new TextHash();
  /** How many entries the hasher has seen. */
  private hashed = 0;
  /** Events recorded so far (kept or not). */
  private count = 0;
  private last: TraceEvent | null = null;

  /**
   * `keep: false` makes a counting trace: events are numbered, timed and handed to `onRecord` as
   * usual, but not kept (a replay that only needs the world's state, not its story, uses one); its
   * `events` stay empty and it has no hash. With `hash: true` as well, each event is hashed as it is
   * recorded and then let go: the same hash as a kept trace's, without its memory (a sweep's run).
   */
  constructor(private readonly options: { readonly keep?: boolean; readonly hash?: boolean } = {}) {
    this.streaming = options.keep === false && options.hash === true;
  }
  private readonly streaming: boolean;
  /** Called with each event as it is recorded (the world watches for phases this way). */
  onRecord: ((event: TraceEvent) => void) | null = null;

  /** Appends an event at `at` and returns it. */
  record(at: Micros, actor: string, type: string, data: Readonly<Record<string, TraceValue>> = NO_DATA): TraceEvent {
    const last = this.last;
    if (last && at < last.at) throw new RangeError(`trace time went back: ${at} < ${last.at}`);
    const event: TraceEvent = new Entry(this.count++, compactNumber(at), actor, type, data);
    this.last = event;
    if (this.options.keep !== false) this.entries.push(event);
    else if (this.streaming) this.hasher.update(formatTraceLine(event)).update('\n');
    this.onRecord?.(event);
    return event;
  }

  /** All events so far (read-only view). */
  get events(): readonly TraceEvent[] {
    return this.entries;
  }

  /** The number of events so far. */
  get length(): number {
    return this.count;
  }

  /** The stable text form, one line per event. */
  toText(): string {
    return this.entries.map(formatTraceLine).join('\n') + (this.entries.length ? '\n' : '');
  }

  /** A 16-hex-digit fingerprint of the text form. */
  hash(): string {
    if (this.streaming) return this.hasher.digest();
    if (this.options.keep === false) throw new Error('a counting trace (keep: false) has no hash');
    for (; this.hashed < this.entries.length; this.hashed++) this.hasher.update(formatTraceLine(this.entries[this.hashed])).update('\n');
    return this.hasher.digest();
  }
}
