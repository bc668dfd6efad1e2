import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_LANE, EventQueue, INPUT_LANE, type QueueEntry } from '../../src/sim/event-queue';

/** Pops everything left, returning the items in firing order. */
function drain<T>(q: EventQueue<T>): T[] {
  const out: T[] = [];
  for (let e = q.pop(); e; e = q.pop()) out.push(e.item);
  return out;
}

describe('EventQueue', () => {
  it('fires in time order whatever the scheduling order', () => {
    const q = new EventQueue<string>();
    q.push(300, 'c');
    q.push(100, 'a');
    q.push(200, 'b');
    q.push(0, 'zero');
    expect(drain(q)).toEqual(['zero', 'a', 'b', 'c']);
  });

  it('fires ties first-scheduled first', () => {
    const q = new EventQueue<number>();
    for (let i = 0; i < 20; i++) q.push(i % 2 === 0 ? 50 : 10, i);
    expect(drain(q)).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  });

  it('fires inputs before other events at the same instant, even when scheduled later', () => {
    const q = new EventQueue<string>();
    q.push(1000, 'timer-1');
    q.push(1000, 'timer-2', EVENT_LANE);
    q.push(999, 'earlier');
    q.push(1000, 'crash', INPUT_LANE);
    q.push(1000, 'cut', INPUT_LANE);
    q.push(1001, 'later-input', INPUT_LANE);
    expect(drain(q)).toEqual(['earlier', 'crash', 'cut', 'timer-1', 'timer-2', 'later-input']);
  });

  it('peek shows the next entry without removing it', () => {
    const q = new EventQueue<string>();
    expect(q.peek()).toBeUndefined();
    q.push(5, 'x');
    q.push(3, 'y');
    expect(q.peek()?.item).toBe('y');
    expect(q.size).toBe(2);
    expect(q.pop()?.item).toBe('y');
    expect(q.peek()?.item).toBe('x');
  });

  it('never fires a cancelled entry and counts only live ones', () => {
    const q = new EventQueue<string>();
    q.push(10, 'a');
    const b = q.push(20, 'b');
    const first = q.push(5, 'first');
    q.push(30, 'c');
    q.cancel(b);
    q.cancel(first);
    q.cancel(b); // twice is harmless
    expect(q.size).toBe(2);
    expect(q.peek()?.item).toBe('a');
    expect(drain(q)).toEqual(['a', 'c']);
    expect(q.size).toBe(0);
    expect(q.pop()).toBeUndefined();
  });

  it('cancelling an entry that already fired changes nothing (like clearTimeout of a fired timer)', () => {
    const q = new EventQueue<string>();
    const a = q.push(10, 'a');
    expect(q.pop()?.item).toBe('a');
    q.cancel(a);
    expect(q.size).toBe(0);
    q.push(20, 'b');
    expect(q.size).toBe(1);
    expect(drain(q)).toEqual(['b']);
  });

  it('refuses times that are not whole µs >= 0', () => {
    const q = new EventQueue<string>();
    expect(() => q.push(-1, 'x')).toThrow(RangeError);
    expect(() => q.push(1.5, 'x')).toThrow(RangeError);
    expect(() => q.push(Number.NaN, 'x')).toThrow(RangeError);
    expect(q.size).toBe(0);
  });

  it('pops (at, lane, seq) in non-decreasing order and exactly the live entries (property)', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), at: fc.integer({ min: 0, max: 30 }), lane: fc.constantFrom(INPUT_LANE, EVENT_LANE) }),
      fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
    );
    let cancels = 0;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const q = new EventQueue<number>();
        const entries: QueueEntry<number>[] = [];
        const cancelled = new Set<number>();
        for (const o of ops) {
          if (o.kind === 'push') entries.push(q.push(o.at, entries.length, o.lane));
          else if (entries.length > 0) {
            const e = entries[o.pick % entries.length];
            q.cancel(e);
            cancelled.add(e.item);
            cancels++;
          }
        }
        expect(q.size).toBe(entries.length - cancelled.size);
        const popped: QueueEntry<number>[] = [];
        for (let e = q.pop(); e; e = q.pop()) popped.push(e);
        for (let i = 1; i < popped.length; i++) {
          const a = popped[i - 1];
          const b = popped[i];
          const key = (e: QueueEntry<number>) => [e.at, e.lane, e.seq];
          const [a0, a1, a2] = key(a);
          const [b0, b1, b2] = key(b);
          expect(a0 < b0 || (a0 === b0 && (a1 < b1 || (a1 === b1 && a2 < b2)))).toBe(true);
        }
        const expected = entries.filter((e) => !cancelled.has(e.item)).map((e) => e.item).sort((x, y) => x - y);
        expect(popped.map((e) => e.item).sort((x, y) => x - y)).toEqual(expected);
        expect(q.size).toBe(0);
      }),
      { numRuns: 200 },
    );
    // Cancels ran (a cancel drawn before any push has nothing to cancel): about 300 in 200 runs.
    expect(cancels).toBeGreaterThan(100);
  });

  it('matches a sorted-list model when pushes, cancels and pops interleave (property)', () => {
    const op = fc.oneof(
      // Half the pushes are for the current instant, as most of the world's are.
      fc.record({ kind: fc.constant('push' as const), dt: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 })), lane: fc.constantFrom(INPUT_LANE, EVENT_LANE) }),
      fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('pop' as const) }),
    );
    let cancels = 0;
    // Pushes for the instant being processed, in the event lane: the queue keeps those in a list, not the heap.
    let sameInstant = 0;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200, size: 'medium' }), (ops) => {
        const q = new EventQueue<number>();
        let now = 0;
        let popped = false;
        const handles: QueueEntry<number>[] = [];
        let model: { at: number; lane: number; seq: number; id: number }[] = [];
        let seq = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            // Like the simulation: nothing is scheduled before the current instant.
            const id = handles.length;
            if (popped && o.dt === 0 && o.lane === EVENT_LANE) sameInstant++;
            handles.push(q.push(now + o.dt, id, o.lane));
            model.push({ at: now + o.dt, lane: o.lane, seq: seq++, id });
          } else if (o.kind === 'cancel') {
            // Only entries still waiting (cancelling a fired one has its own test above).
            if (model.length === 0) continue;
            const h = handles[model[o.pick % model.length].id];
            q.cancel(h);
            model = model.filter((m) => m.id !== h.item);
            cancels++;
          } else {
            model.sort((a, b) => a.at - b.at || a.lane - b.lane || a.seq - b.seq);
            const want = model.shift();
            const got = q.pop();
            expect(got?.item).toBe(want?.id);
            if (got) now = got.at;
            popped ||= got !== undefined;
          }
          expect(q.size).toBe(model.length);
        }
      }),
      { numRuns: 200 },
    );
    // Cancels of waiting entries ran (one drawn while the queue is empty is skipped): about 100 in 200 runs.
    expect(cancels).toBeGreaterThan(30);
    expect(sameInstant).toBeGreaterThan(30);
  });
});
