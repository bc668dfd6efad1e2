import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxPath, dotPath, glow, markStride, pathsByLook, strideKeeps, visibleMarks, visibleSpanUs } from '../../src/view/marks';
import { createWorld } from '../../src/world/world';
import { resolveRun } from '../../src/scenarios/run-spec';

interface M {
  readonly id: number;
  readonly sentAtUs: number;
  readonly arrivesAtUs: number;
  readonly lostAtUs?: number | null;
}
const mark = (id: number, sentAtUs: number, arrivesAtUs: number, lostAtUs: number | null = null): M => ({ id, sentAtUs, arrivesAtUs, lostAtUs });
const ids = (xs: readonly { mark: M }[]) => xs.map((x) => x.mark.id);

describe('visibleSpanUs', () => {
  it('stretches a short flight to the minimum wall time at 1x', () => {
    expect(visibleSpanUs(mark(1, 0, 101), 400, 1)).toBe(400_000);
  });
  it('scales the minimum with the playback speed', () => {
    expect(visibleSpanUs(mark(1, 0, 101), 400, 0.01)).toBe(4_000);
    expect(visibleSpanUs(mark(1, 0, 101), 400, 100)).toBe(40_000_000);
  });
  it('keeps the real flight time when it is longer than the minimum', () => {
    expect(visibleSpanUs(mark(1, 1_000, 9_000), 400, 0.0001)).toBe(8_000);
  });
});

describe('visibleMarks', () => {
  const log: M[] = [mark(1, 100, 201), mark(2, 100, 201), mark(3, 1_000, 1_101), mark(4, 5_000, 5_101)];

  it('shows nothing before the first send', () => {
    expect(visibleMarks(log, 99, 0, 1)).toEqual([]);
  });

  it('places a mark by (t - sent) / (arrives - sent) when the flight is longer than the minimum', () => {
    // At 1/10,000x the minimum is 0.04 µs: the real 101 µs flight governs.
    const at = visibleMarks(log, 150, 400, 0.0001);
    expect(ids(at)).toEqual([1, 2]);
    expect(at[0].progress).toBeCloseTo(50 / 101, 10);
    expect(at[0].lost).toBe(false);
  });

  it('shows a mark from its send (progress 0) to its arrival (progress 1), then drops it', () => {
    expect(visibleMarks(log, 1_000, 0, 1).map((v) => [v.mark.id, v.progress])).toEqual([[3, 0]]);
    expect(visibleMarks(log, 1_101, 0, 1).map((v) => [v.mark.id, v.progress])).toEqual([[3, 1]]);
    expect(visibleMarks(log, 1_102, 0, 1)).toEqual([]);
  });

  it('keeps a short flight on screen for the stretched span and moves it along that span', () => {
    // 1 ms of wall time at 1x: 1000 µs of simulated time for a 101 µs flight.
    const at = visibleMarks(log, 600, 1, 1);
    expect(ids(at)).toEqual([1, 2]);
    expect(at[0].progress).toBeCloseTo(0.5, 10);
    expect(ids(visibleMarks(log, 1_100, 1, 1))).toEqual([1, 2, 3]);
    expect(ids(visibleMarks(log, 1_101, 1, 1))).toEqual([3]);
  });

  it('includes every mark sent at exactly t, in send order', () => {
    expect(ids(visibleMarks(log, 100, 0, 1))).toEqual([1, 2]);
  });

  it('never shows a mark sent after t, whatever the log holds', () => {
    expect(ids(visibleMarks(log, 4_999, 10, 1))).toEqual([1, 2, 3]);
  });

  it('marks a message lost from the instant it was lost, not before', () => {
    const lossy = [mark(1, 0, 10_000, 4_000)];
    expect(visibleMarks(lossy, 3_999, 0, 1)[0].lost).toBe(false);
    expect(visibleMarks(lossy, 4_000, 0, 1)[0].lost).toBe(true);
  });

  it('keeps a long bulk transfer visible behind many later short messages', () => {
    const busy: M[] = [mark(0, 0, 10_000_000)];
    for (let i = 1; i <= 100; i++) busy.push(mark(i, i * 50_000, i * 50_000 + 101));
    expect(ids(visibleMarks(busy, 5_020_000, 0, 1))).toEqual([0]);
  });

  it('shows a transfer still in flight however long ago it was sent, behind thousands of arrived messages', () => {
    // Sent at 0, arriving at 1,000 s; then a short message every 10 ms for 900 s (90,000 of them).
    const busy: M[] = [mark(0, 0, 1_000_000_000)];
    for (let i = 1; i <= 90_000; i++) busy.push(mark(i, i * 10_000, i * 10_000 + 101));
    expect(ids(visibleMarks(busy, 900_000_000, 0, 1))).toEqual([0, 90_000]);
    expect(ids(visibleMarks(busy, 900_000_050, 400, 1)).slice(0, 2)).toEqual([0, 89_961]);
    // Once it has arrived, nothing that old is left to show.
    expect(ids(visibleMarks(busy, 1_000_000_001, 0, 1))).toEqual([]);
  });

  it('finds exactly the marks whose (stretched) flight covers t, on random logs (property)', () => {
    let oldInFlight = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ gap: fc.integer({ min: 0, max: 5_000 }), flight: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 300 }), weight: 30 }, { arbitrary: fc.integer({ min: 1, max: 3_000_000 }), weight: 1 }) }),
          { minLength: 0, maxLength: 700, size: 'max' },
        ),
        fc.double({ min: 0, max: 1.2, noNaN: true }),
        fc.constantFrom(0, 1, 400),
        fc.constantFrom(0.01, 1, 10),
        (steps, when, minWallMs, speed) => {
          let at = 0;
          const log = steps.map((s, i) => mark(i, (at += s.gap), at + s.flight));
          const t = Math.round(when * at);
          const minSpan = Math.round(minWallMs * 1000 * speed);
          const expected = log.filter((m) => m.sentAtUs <= t && t - m.sentAtUs <= Math.max(m.arrivesAtUs - m.sentAtUs, minSpan)).map((m) => m.id);
          const sentBy = log.filter((m) => m.sentAtUs <= t).length;
          if (expected.some((id) => t - log[id].sentAtUs > minSpan && sentBy - id > 2 * 64)) oldInFlight++;
          expect(ids(visibleMarks(log, t, minWallMs, speed, 10_000))).toEqual(expected);
        },
      ),
      { numRuns: 300, seed: 16 },
    );
    // The interesting case ran: an old mark still in flight behind full blocks of later ones.
    expect(oldInFlight).toBeGreaterThan(10);
  });

  it('finds a bulk message that started sending after the messages logged behind it (queued), and not before it starts', () => {
    // Logged at 0 but queued behind a transfer until 30 s; then a heartbeat every 100 ms (from 0.1 s).
    const log: M[] = [mark(0, 30_000_000, 30_000_500)];
    for (let i = 1; i <= 400; i++) log.push(mark(i, i * 100_000, i * 100_000 + 101));
    // At 32 s, stretched to 4 s (400 ms at 10x): on screen with the heartbeats of the last 4 s, although
    // the blocks of 64 marks between them are long gone.
    const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, k) => a + k);
    expect(ids(visibleMarks(log, 32_000_000, 400, 10, 1000))).toEqual([0, ...range(280, 320)]);
    // At 35 s it is 5 s old and has arrived: gone.
    expect(ids(visibleMarks(log, 35_000_000, 400, 10, 1000))).toEqual(range(310, 350));
    const at = visibleMarks(log, 30_000_250, 400, 10, 1000);
    expect(ids(at)).toContain(0);
    expect(at.find((v) => v.mark.id === 0)!.progress).toBeCloseTo(250 / 4_000_000, 12);
    // Before it starts sending it is not drawn (no negative progress), whatever else is.
    expect(visibleMarks(log, 29_999_999, 400, 10, 1000).every((v) => v.mark.id !== 0 && v.progress >= 0)).toBe(true);
  });

  it('on logs with queued bulk messages, shows only marks on the wire at t, each between its ends (property)', () => {
    let queuedShown = 0;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            gap: fc.integer({ min: 0, max: 50_000 }),
            // One message in six waits behind a transfer before it starts sending.
            queued: fc.oneof({ arbitrary: fc.constant(0), weight: 5 }, { arbitrary: fc.integer({ min: 1, max: 5_000_000 }), weight: 1 }),
            flight: fc.integer({ min: 1, max: 4_000_000 }),
          }),
          { minLength: 0, maxLength: 500, size: 'max' },
        ),
        fc.double({ min: 0, max: 1.2, noNaN: true }),
        fc.constantFrom(0, 400),
        fc.constantFrom(1, 10),
        (steps, when, minWallMs, speed) => {
          let logged = 0;
          const log = steps.map((s, i) => {
            const sent = (logged += s.gap) + s.queued;
            return mark(i, sent, sent + s.flight);
          });
          const t = Math.round(when * (logged + 5_000_000));
          const minSpan = Math.round(minWallMs * 1000 * speed);
          const onScreen = (m: M) => m.sentAtUs <= t && t - m.sentAtUs <= Math.max(m.arrivesAtUs - m.sentAtUs, minSpan);
          const shown = visibleMarks(log, t, minWallMs, speed, 10_000);
          for (const v of shown) {
            expect(onScreen(v.mark)).toBe(true);
            expect(v.progress).toBeGreaterThanOrEqual(0);
            expect(v.progress).toBeLessThanOrEqual(1);
          }
          if (shown.some((v) => steps[v.mark.id].queued > 0)) queuedShown++;
        },
      ),
      { numRuns: 300, seed: 16 },
    );
    expect(queuedShown).toBeGreaterThan(10);
  });

  it('returns at most `limit` marks, the newest ones, oldest first', () => {
    const many = Array.from({ length: 10 }, (_, i) => mark(i, i, 1_000));
    expect(ids(visibleMarks(many, 9, 0, 1, 3))).toEqual([7, 8, 9]);
  });

  it('keeps only the marks `keep` accepts, still the newest `limit` of them', () => {
    const many = Array.from({ length: 20 }, (_, i) => mark(i, i, 1_000));
    expect(ids(visibleMarks(many, 19, 0, 1, 3, (m) => m.id % 5 === 0))).toEqual([5, 10, 15]);
  });

  it('draws one mark in markStride(speed): every one up to 2x, one in 5 at 10x, one in 50 at 100x', () => {
    expect([0.25, 1, 2, 5, 10, 100].map(markStride)).toEqual([1, 1, 1, 3, 5, 50]);
    // Remus at 10x: its link's marks, stretched to 4 simulated seconds, were over 200 at once.
    const { spec } = resolveRun({ scenario: 'remus', until: '6s' });
    const w = createWorld(spec, { recordFrames: false });
    w.runUntil(spec.untilUs);
    expect(visibleMarks(w.linkLog, 5_000_000, 400, 10, 1000).length).toBeGreaterThan(300);
    const thinned = visibleMarks(w.linkLog, 5_000_000, 400, 10, 48, (m) => strideKeeps(m.id, markStride(10)));
    expect(thinned.length).toBeLessThanOrEqual(48);
    expect(thinned.length).toBeGreaterThan(30);
    // Every kind of message is still drawn (a remainder of the id kept only checkpoints and acks).
    expect(new Set(thinned.map((v) => v.mark.kind))).toEqual(new Set(['checkpoint', 'checkpoint.ack', 'heartbeat']));
  });

  it('finds the heartbeats of a real run in flight', () => {
    const { spec } = resolveRun({ scenario: 'unprotected', until: '1s' });
    const w = createWorld(spec);
    w.runUntil(spec.untilUs);
    const first = w.linkLog[0];
    expect(first.kind).toBe('heartbeat');
    const at = visibleMarks(w.linkLog, first.sentAtUs + 10, 400, 1);
    expect(at.length).toBeGreaterThanOrEqual(1);
    expect(at.every((v) => v.mark.sentAtUs <= first.sentAtUs + 10 && v.progress >= 0 && v.progress <= 1)).toBe(true);
    expect(at.map((v) => v.mark.id)).toContain(first.id);
  });
});

describe('glow', () => {
  it('is 1 at the instant, fading linearly to 0 over the span', () => {
    expect(glow(1_000, 1_000, 350, 1)).toBe(1);
    expect(glow(1_000, 1_000 + 175_000, 350, 1)).toBeCloseTo(0.5, 10);
    expect(glow(1_000, 1_000 + 350_000, 350, 1)).toBe(0);
    expect(glow(1_000, 1_000 + 900_000, 350, 1)).toBe(0);
  });
  it('is 0 for something that has not happened yet or never happened', () => {
    expect(glow(2_000, 1_999, 350, 1)).toBe(0);
    expect(glow(null, 5_000, 350, 1)).toBe(0);
  });
  it('fades over simulated time scaled by speed', () => {
    expect(glow(0, 175, 350, 0.001)).toBeCloseTo(0.5, 10);
    expect(glow(0, 175_000, 350, 0.001)).toBe(0);
  });
});

describe('marks as paths', () => {
  it('draws a box and a dot centred where asked, to a tenth of a unit', () => {
    expect(boxPath(500, 346, 12)).toBe('M494 340h12v12h-12z');
    expect(boxPath(100.04, 50, 18, 14)).toBe('M91 43h18v14h-18z');
    expect(dotPath(412.345, 370, 6)).toBe('M406.3 370a6 6 0 1 0 12 0a6 6 0 1 0 -12 0z');
  });

  it('joins the shapes of each look into one path, every look present, naming each kind once', () => {
    const paths = pathsByLook(
      [
        { look: 'dot', d: 'A', label: 'heartbeat A→B' },
        { look: 'box', d: 'B', label: 'checkpoint A→B' },
        { look: 'dot', d: 'C', label: 'heartbeat B→A' },
        { look: 'dot', d: 'D', label: 'heartbeat A→B' },
      ],
      ['dot', 'box', 'lost'] as const,
    );
    expect(paths).toEqual({
      dot: { d: 'ACD', title: 'heartbeat A→B, heartbeat B→A' },
      box: { d: 'B', title: 'checkpoint A→B' },
      lost: { d: '', title: '' },
    });
  });
});
