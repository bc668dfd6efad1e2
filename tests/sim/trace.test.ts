import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a32, TextHash } from '../../src/sim/hash';
import { compactNumber, countBefore, eventsOf, forEachHead, formatData, formatTraceLine, NO_DATA, Trace, type TraceValue } from '../../src/sim/trace';

describe('trace text form', () => {
  it('prints a line as right-aligned ms (12 wide), actor, type and data, two spaces apart', () => {
    const line = formatTraceLine({ seq: 0, at: 25_000, actor: 'hostA.remus', type: 'checkpoint.ack', data: { epoch: 3 } });
    expect(line).toBe('    25.000ms  hostA.remus  checkpoint.ack  epoch=3');
  });

  it('keeps µs as three decimals of ms and widens for long runs', () => {
    expect(formatTraceLine({ seq: 0, at: 1_234_567, actor: 'vm', type: 'x', data: {} })).toBe('  1234.567ms  vm  x');
    expect(formatTraceLine({ seq: 0, at: 7, actor: 'vm', type: 'x', data: {} })).toBe('     0.007ms  vm  x');
    expect(formatTraceLine({ seq: 0, at: 123_456_789_000, actor: 'vm', type: 'x', data: {} })).toBe('123456789.000ms  vm  x');
  });

  it('prints data as key=value in insertion order, quoting strings with spaces', () => {
    expect(formatData({ b: 1, a: 'x', ok: true, none: null, note: 'two words' })).toBe('b=1 a=x ok=true none=null note="two words"');
    expect(formatData({})).toBe('');
  });

  it('gives one line per event, each ending in a newline, and nothing for an empty trace', () => {
    const t = new Trace();
    expect(t.toText()).toBe('');
    t.record(0, 'lab', 'run.start', { seed: 1 });
    t.record(200, 'client', 'frame.shown', { seq: 1, shows: '00:00:00' });
    expect(t.toText()).toBe('     0.000ms  lab  run.start  seed=1\n     0.200ms  client  frame.shown  seq=1 shows=00:00:00\n');
    expect(t.length).toBe(2);
    expect(t.events.map((e) => e.seq)).toEqual([0, 1]);
  });

  it('refuses an event earlier than the last one', () => {
    const t = new Trace();
    t.record(100, 'a', 'x');
    t.record(100, 'a', 'y');
    expect(() => t.record(99, 'a', 'z')).toThrow(RangeError);
    expect(t.length).toBe(2);
  });
});

type Ev = { at: number; actor: string; type: string; data: Record<string, TraceValue> };
const evArb: fc.Arbitrary<Ev> = fc.record({
  at: fc.integer({ min: 0, max: 10_000 }),
  actor: fc.constantFrom('hostA', 'hostB', 'vm', 'link', 'client'),
  type: fc.constantFrom('heartbeat.sent', 'peer.dead', 'frame.shown'),
  data: fc.dictionary(fc.constantFrom('seq', 'host', 'shows', 'n'), fc.oneof(fc.integer({ min: 0, max: 99 }), fc.constantFrom('A', 'B', 'a b'), fc.boolean())),
});

function build(events: readonly Ev[]): Trace {
  const t = new Trace();
  let at = 0;
  for (const e of events) {
    at += e.at;
    t.record(at, e.actor, e.type, e.data);
  }
  return t;
}

describe('trace hash', () => {
  it('is 16 hex digits and the hash of the text form', () => {
    fc.assert(
      fc.property(fc.array(evArb, { maxLength: 20 }), (events) => {
        const t = build(events);
        expect(t.hash()).toMatch(/^[0-9a-f]{16}$/);
        expect(t.hash()).toBe(new TextHash().update(t.toText()).digest());
      }),
      { numRuns: 100 },
    );
  });

  it('is stable: the same events give the same hash', () => {
    fc.assert(
      fc.property(fc.array(evArb, { maxLength: 20 }), (events) => {
        expect(build(events).hash()).toBe(build(events).hash());
      }),
      { numRuns: 100 },
    );
  });

  it('changes when any field of any event changes', () => {
    const mutations: ((e: Ev) => Ev)[] = [
      (e) => ({ ...e, at: e.at + 1 }),
      (e) => ({ ...e, actor: `${e.actor}x` }),
      (e) => ({ ...e, type: `${e.type}.x` }),
      (e) => ({ ...e, data: { ...e.data, extra: 0 } }),
    ];
    fc.assert(
      fc.property(fc.array(evArb, { minLength: 1, maxLength: 20 }), fc.nat(), fc.nat({ max: mutations.length - 1 }), (events, pick, m) => {
        const i = pick % events.length;
        const changed = events.map((e, j) => (j === i ? mutations[m](e) : e));
        expect(build(changed).hash()).not.toBe(build(events).hash());
      }),
      { numRuns: 200 },
    );
  });

  it('changes when a data value changes, when an event is added, and with the order of events', () => {
    const base = build([{ at: 0, actor: 'a', type: 'x', data: { n: 1 } }, { at: 5, actor: 'b', type: 'y', data: {} }]).hash();
    expect(build([{ at: 0, actor: 'a', type: 'x', data: { n: 2 } }, { at: 5, actor: 'b', type: 'y', data: {} }]).hash()).not.toBe(base);
    expect(build([{ at: 0, actor: 'b', type: 'y', data: {} }, { at: 5, actor: 'a', type: 'x', data: { n: 1 } }]).hash()).not.toBe(base);
    const longer = build([{ at: 0, actor: 'a', type: 'x', data: { n: 1 } }, { at: 5, actor: 'b', type: 'y', data: {} }, { at: 0, actor: 'b', type: 'y', data: {} }]);
    expect(longer.hash()).not.toBe(base);
    expect(new Trace().hash()).not.toBe(base);
  });
});

describe('trace hash: known answers', () => {
  // Computed by an independent implementation of the same mixing (Python, on UTF-16 code units), not by
  // this code: a change to sim/hash.ts would change every traceHash in links, files and sweeps.
  it('gives the published digests of fixed texts', () => {
    expect(new TextHash().digest()).toBe('488bdcb81aee8d83');
    expect(new TextHash().update('kemari').digest()).toBe('facf3e8e3412eeae');
    expect(new TextHash().update('a').update('bc').digest()).toBe('7a91f9f91ac18c8d');
    expect(new TextHash().update('é✓').digest()).toBe('b4e45d06f8df40a9');
    expect(fnv1a32('')).toBe(2166136261);
    expect(fnv1a32('kemari')).toBe(1378032478);
  });

  it('fingerprints a two-event trace as its text form says', () => {
    const t = new Trace();
    t.record(0, 'lab', 'run.start', { scenario: 'remus', seed: 1 });
    t.record(25_000, 'hostA.remus', 'checkpoint.ack', { epoch: 3, note: 'two words' });
    expect(t.toText()).toBe('     0.000ms  lab  run.start  scenario=remus seed=1\n    25.000ms  hostA.remus  checkpoint.ack  epoch=3 note="two words"\n');
    expect(t.hash()).toBe('02ab6c618c9ac6ba');
  });
});

describe('trace hash without the events', () => {
  it('a trace that keeps only the hash gives the kept trace\'s hash and length, and no events', () => {
    const kept = new Trace();
    const hashed = new Trace({ keep: false, hash: true });
    for (const t of [kept, hashed]) {
      t.record(0, 'lab', 'run.start', { scenario: 'remus', seed: 1 });
      t.record(25_000, 'hostA.remus', 'checkpoint.ack', { epoch: 3, note: 'two words' });
    }
    expect(hashed.hash()).toBe('02ab6c618c9ac6ba');
    expect(hashed.hash()).toBe(kept.hash());
    expect([hashed.length, hashed.events.length]).toEqual([2, 0]);
    expect(() => new Trace({ keep: false }).hash()).toThrow('a counting trace (keep: false) has no hash');
  });
});

describe('compactNumber', () => {
  it('gives back the same number, as a small integer where it is one', () => {
    // A whole number computed in floating point (24.842 ms in µs) is the same number after.
    const computed = Math.round(24.842 * 1000);
    expect(compactNumber(computed)).toBe(24_842);
    expect(compactNumber(2 ** 30 - 1)).toBe(1_073_741_823);
    expect(compactNumber(-(2 ** 30 - 1))).toBe(-1_073_741_823);
    // Past the small integers, fractions and odd values: unchanged.
    expect(compactNumber(2 ** 30)).toBe(1_073_741_824);
    expect(compactNumber(3_600_000_000)).toBe(3_600_000_000);
    expect(compactNumber(158.5)).toBe(158.5);
    expect(compactNumber(Number.NaN)).toBeNaN();
    expect(compactNumber(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });

  it('never changes a number (but for -0, which becomes 0), over random doubles and integers', () => {
    let small = 0;
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), fc.maxSafeInteger()), (n) => {
        const c = compactNumber(n);
        if (Number.isInteger(n) && Math.abs(n) < 2 ** 30 && !Object.is(n, -0)) small++;
        expect(Object.is(n, -0) ? c === 0 : Object.is(c, n)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    // The small integers (the case it changes the representation of) came up.
    expect(small).toBeGreaterThan(300);
  });

  it('keeps a recorded event as it was given: times past 2^30 µs as they are', () => {
    const trace = new Trace();
    trace.record(25_158, 'hostA.remus', 'checkpoint.resume', { checkpoint: 1, pauseUs: 158 });
    trace.record(3_600_000_000, 'lab', 'run.end');
    expect(trace.events.map((e) => ({ ...e }))).toEqual([
      { seq: 0, at: 25_158, actor: 'hostA.remus', type: 'checkpoint.resume', data: { checkpoint: 1, pauseUs: 158 } },
      { seq: 1, at: 3_600_000_000, actor: 'lab', type: 'run.end', data: {} },
    ]);
    expect(JSON.parse(JSON.stringify(trace.events[0]))).toEqual({ seq: 0, at: 25_158, actor: 'hostA.remus', type: 'checkpoint.resume', data: { checkpoint: 1, pauseUs: 158 } });
  });
});

describe('a kept trace as columns (Trace.list)', () => {
  it('reads back each event by position, across chunks of 16,384, with its number, time, names and data', () => {
    const t = new Trace();
    const payload = { msg: 7, kind: 'checkpoint' };
    for (let k = 0; k < 40_000; k++) t.record(k * 25, k % 3 === 0 ? 'hostA.remus' : 'link', k % 2 === 0 ? 'a.b' : 'c.d', k === 16_384 ? payload : NO_DATA);
    const list = t.list;
    expect(list.length).toBe(40_000);
    expect(list.at(16_384)).toEqual({ seq: 16_384, at: 409_600, actor: 'link', type: 'a.b', data: { msg: 7, kind: 'checkpoint' } });
    expect(list.at(39_999)).toEqual({ seq: 39_999, at: 999_975, actor: 'hostA.remus', type: 'c.d', data: {} });
    expect(list.at(-1)!.seq).toBe(39_999);
    // An event read again soon after is the same object (views read each new event several times a frame).
    expect(list.at(39_998)).toBe(list.at(39_998));
    expect(list.at(40_000)).toBeUndefined();
    expect(list.at(-40_001)).toBeUndefined();
  });

  it('keeps a time past 2^31 µs exactly (a run of hours), and the text and hash of the event objects', () => {
    const t = new Trace();
    t.record(0, 'lab', 'run.start', { seed: 1 });
    t.record(3_600_000_123, 'vm', 'xclock.redrawn', { shows: '01:00:00' });
    expect(t.list.at(1)!.at).toBe(3_600_000_123);
    // Past 2^32 µs (71.6 minutes) the times are kept as floats: the earlier ones too, the same.
    for (let k = 0; k < 20_000; k++) t.record(3_600_000_200 + k, 'vm', 'x');
    t.record(4_400_000_000, 'vm', 'y');
    expect([t.list.at(0)!.at, t.list.at(1)!.at, t.list.at(20_001)!.at, t.list.at(20_002)!.at]).toEqual([0, 3_600_000_123, 3_600_020_199, 4_400_000_000]);
    expect(t.toText().split('\n')[20_002]).toBe('4400000.000ms  vm  y');
    t.record(5_000_000_000, 'vm', 'z');
    expect(eventsOf(t.list, 20_003).map((e) => e.at)).toEqual([5_000_000_000]);
  });

  it('keeps a time that is not a whole number of µs as it is', () => {
    const t = new Trace();
    t.record(10, 'vm', 'x');
    t.record(12.25, 'vm', 'y');
    expect([t.list.at(0)!.at, t.list.at(1)!.at]).toEqual([10, 12.25]);
  });

  it('gives the same hash to the same events, whether read back from columns or recorded anew', () => {
    const t = new Trace();
    t.record(0, 'lab', 'run.start', { seed: 1 });
    t.record(3_600_000_123, 'vm', 'xclock.redrawn', { shows: '01:00:00' });
    expect(t.toText()).toBe('     0.000ms  lab  run.start  seed=1\n3600000.123ms  vm  xclock.redrawn  shows=01:00:00\n');
    const same = new Trace();
    for (const e of t.events) same.record(e.at, e.actor, e.type, e.data);
    expect(same.hash()).toBe(t.hash());
    expect(eventsOf(t.list, 1)).toEqual([{ seq: 1, at: 3_600_000_123, actor: 'vm', type: 'xclock.redrawn', data: { shows: '01:00:00' } }]);
  });

  it("keeps each data record's fields in order with their values, whatever their kind, across chunks of values", () => {
    const t = new Trace();
    const records: Record<string, TraceValue>[] = [
      { a: 1, b: 'x' },
      { b: 'x', a: 1 },
      { n: -2.5, big: 2 ** 40, ok: true, no: false, none: null },
      { s: 'two words', e: '' },
      {},
    ];
    for (let k = 0; k < 20_000; k++) t.record(k, 'vm', 'x', records[k % records.length]);
    for (const k of [0, 1, 2, 3, 4, 19_997, 19_998]) expect(t.list.at(k)!.data).toEqual(records[k % records.length]);
    // Field order is kept (the text form prints it).
    expect(Object.keys(t.list.at(1)!.data)).toEqual(['b', 'a']);
    expect(formatTraceLine(t.list.at(2)!)).toBe('     0.002ms  vm  x  n=-2.5 big=1099511627776 ok=true no=false none=null');
    expect(formatTraceLine(t.list.at(3)!)).toBe('     0.003ms  vm  x  s="two words" e=');
  });

  it('gives the time, actor and type of a range of events, from columns or from an array alike', () => {
    const t = new Trace();
    for (let k = 0; k < 20_000; k++) t.record(k * 3, k % 2 ? 'link' : 'client', k % 5 ? 'link.delivered' : 'frame.shown', { k });
    const heads = (list: Parameters<typeof forEachHead>[0]) => {
      const out: string[] = [];
      forEachHead(list, 16_383, 16_387, (at, actor, type, k) => out.push(`${k} ${at} ${actor} ${type}`));
      return out;
    };
    expect(heads(t.list)).toEqual(['16383 49149 link link.delivered', '16384 49152 client link.delivered', '16385 49155 link frame.shown', '16386 49158 client link.delivered']);
    expect(heads(t.events)).toEqual(heads(t.list));
    const none: string[] = [];
    forEachHead(t.list, 19_999, 30_000, (_at, _actor, _type, k) => none.push(String(k)));
    expect(none).toEqual(['19999']);
  });

  it('counts the events before a time by binary search, from columns or from an array alike', () => {
    const t = new Trace();
    for (let k = 0; k < 40_000; k++) t.record(Math.floor(k / 2) * 10, 'vm', 'x');
    for (const list of [t.list, t.events]) {
      expect(countBefore(list, (at) => at < 100_000)).toBe(20_000);
      expect(countBefore(list, (at) => at <= 100_000)).toBe(20_002);
      expect(countBefore(list, (at) => at < 1e12)).toBe(40_000);
      expect(countBefore(list, (at) => at <= 100_000, 1_000)).toBe(1_000);
      expect(countBefore(list, (at) => at < 0)).toBe(0);
    }
  });

  it('keeps nothing for a counting trace (keep: false)', () => {
    const t = new Trace({ keep: false });
    t.record(5, 'vm', 'x');
    expect(t.length).toBe(1);
    expect(t.list.length).toBe(0);
    expect(t.events).toEqual([]);
  });
});
