/**
 * The simulation's event queue: a binary min-heap ordered by (at, lane, seq). `at` is the instant in
 * integer µs; `lane` 0 holds user inputs (faults, migrate), which fire before anything else scheduled
 * for the same instant; `seq` is the scheduling order, so ties fire first-scheduled first. Pure data
 * structure: no clock of its own.
 *
 * Most entries are scheduled for the instant being processed (an event routed "now, after what is
 * already due"): those of the event lane go to a first-in first-out list instead of the heap. They
 * are the latest scheduled of their instant and lane, so they come after every entry of the heap at
 * that instant in lane 0 or scheduled earlier, and before every later instant: the same order.
 */
import type { Micros } from './time';

/** Lane of user inputs: they fire first at their instant. */
export const INPUT_LANE = 0;
/** Lane of everything else. */
export const EVENT_LANE = 1;

/**
 * One scheduled entry. `cancelled` means it will not fire (again): set by `cancel`, and by `pop` once
 * it has fired, so cancelling a fired entry is harmless. Cancelled entries left in the heap are skipped.
 */
export interface QueueEntry<T> {
  readonly at: Micros;
  readonly lane: number;
  readonly seq: number;
  readonly item: T;
  cancelled: boolean;
}

function before(a: QueueEntry<unknown>, b: QueueEntry<unknown>): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.lane !== b.lane) return a.lane < b.lane;
  return a.seq < b.seq;
}

/** A priority queue of timed items; see the module comment for the order. */
export class EventQueue<T> {
  private heap: QueueEntry<T>[] = [];
  /**
   * Event-lane entries for `instant`, scheduled while it was processed, in order: those in [head, tail).
   * Emptied by moving the two indices back (setting an array's length costs a call into the engine at
   * every instant); a cell past `tail` still holds a popped entry until it is written over.
   */
  private readonly now: QueueEntry<T>[] = [];
  private head = 0;
  private tail = 0;
  /** The instant of the last entry popped (-1 before the first). */
  private instant = -1;
  private nextSeq = 0;
  private live = 0;

  /** Number of entries not cancelled. */
  get size(): number {
    return this.live;
  }

  /** Schedules `item` at `at` (integer µs) in `lane`; returns a handle that `cancel` accepts. */
  push(at: Micros, item: T, lane: number = EVENT_LANE): QueueEntry<T> {
    if (!Number.isSafeInteger(at) || at < 0) throw new RangeError(`event time must be a whole number of µs >= 0, got ${at}`);
    const entry: QueueEntry<T> = { at, lane, seq: this.nextSeq++, item, cancelled: false };
    this.live++;
    if (at === this.instant && lane === EVENT_LANE) {
      this.now[this.tail++] = entry;
      return entry;
    }
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = entry;
    return entry;
  }

  /** Marks an entry so it never fires. Cancelling twice is harmless. */
  cancel(entry: QueueEntry<T>): void {
    if (entry.cancelled) return;
    entry.cancelled = true;
    this.live--;
  }

  /** The earliest live entry without removing it, or undefined when empty. */
  peek(): QueueEntry<T> | undefined {
    this.dropCancelledTop();
    const top = this.heap[0];
    // The heap's entries of this instant come first (lane 0, or scheduled before it began), then the list's.
    if (top && top.at <= this.instant) return top;
    return this.head < this.tail ? this.now[this.head] : top;
  }

  /** Removes and returns the earliest live entry, or undefined when empty. */
  pop(): QueueEntry<T> | undefined {
    const next = this.peek();
    if (!next) return undefined;
    if (next === this.heap[0]) this.removeTop();
    else if (++this.head === this.tail) this.head = this.tail = 0;
    this.instant = next.at;
    this.live--;
    next.cancelled = true;
    return next;
  }

  private dropCancelledTop(): void {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.removeTop();
    const now = this.now;
    while (this.head < this.tail && now[this.head].cancelled) this.head++;
    if (this.head > 0 && this.head === this.tail) this.head = this.tail = 0;
  }

  private removeTop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l], heap[m])) m = l;
      if (r < heap.length && before(heap[r], heap[m])) m = r;
      if (m === i) return;
      const swap = heap[i];
      heap[i] = heap[m];
      heap[m] = swap;
      i = m;
    }
  }
}
