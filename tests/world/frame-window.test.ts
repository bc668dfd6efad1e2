import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import type { Frame } from '../../src/world/frame';
import { createWorld, type World } from '../../src/world/world';

/**
 * A frame to compare: the edge catalogue is the run's, shared by its frames and growing as actors are
 * made (slots never change), so a replay's may be shorter: its actors must be the first of the other's.
 */
function expectSameFrame(got: Frame, want: Frame, t: number): void {
  const { edgeCatalogue: gotCatalogue, ...gotRest } = got;
  const { edgeCatalogue: wantCatalogue, ...wantRest } = want;
  expect(gotRest, `t=${t}`).toEqual(wantRest);
  expect(wantCatalogue.actors.slice(0, gotCatalogue.actors.length), `t=${t}`).toEqual(gotCatalogue.actors);
}

/** Remus with a crash and a cut, long enough that a 2 s window drops most frames. */
const RAW = { scenario: 'remus', seed: '7', until: '12s', faults: ['crash:B@9s', 'cut:link@4500ms', 'heal:link@5s'] };

function worlds(keepFramesUs: number): { all: World; windowed: World } {
  const { spec, errors } = resolveRun(RAW);
  expect(errors).toEqual([]);
  const all = createWorld(spec);
  const windowed = createWorld(spec, { keepFramesUs });
  all.runUntil(spec.untilUs);
  windowed.runUntil(spec.untilUs);
  return { all, windowed };
}

describe('a world that keeps the frames of a window only', () => {
  const { all, windowed } = worlds(2_000_000);

  it('drops the frames older than the window, and keeps the trace whole', () => {
    expect(all.frames.length).toBe(1063);
    expect(windowed.frames.length).toBeLessThan(all.frames.length / 2);
    expect(windowed.frames[0].atUs).toBeGreaterThan(7_000_000);
    expect(windowed.frames.at(-1)).toEqual(all.frames.at(-1));
    expect(windowed.trace.hash()).toBe(all.trace.hash());
  });

  it('answers frameAt exactly for any time, replaying the run for a dropped frame', () => {
    // Times inside, at and between instants, before and after the cut, the crash, the window's start.
    const times = [0, 1, 24_999, 25_000, 1_234_567, 4_500_000, 4_500_001, 5_000_000, 6_999_999, windowed.frames[0].atUs - 1, windowed.frames[0].atUs, 9_000_000, 11_999_999, 12_000_000];
    for (const t of [...times, ...times.slice().reverse()]) expectSameFrame(windowed.frameAt(t), all.frameAt(t), t);
  });

  it('steps to the next and the previous instant as a world with every frame does', () => {
    const instants = all.frames.map((f) => f.atUs);
    for (const i of [0, 1, 2, 300, 500, 700, 900, instants.length - 2]) {
      expect(windowed.instantAfter(instants[i])).toBe(instants[i + 1]);
      expect(windowed.instantBefore(instants[i + 1])).toBe(instants[i]);
      // Between two instants.
      if (instants[i + 1] - instants[i] > 1) expect(windowed.instantAfter(instants[i] + 1)).toBe(instants[i + 1]);
    }
    expect(windowed.instantAfter(12_000_000)).toBeNull();
    expect(windowed.instantBefore(0)).toBe(0);
  });

  it('replays the inputs added with inject', () => {
    const { spec } = resolveRun({ scenario: 'remus', seed: '7', until: '8s' });
    const a = createWorld(spec);
    const b = createWorld(spec, { keepFramesUs: 1_000_000 });
    for (const w of [a, b]) {
      w.runUntil(3_000_000);
      w.inject({ kind: 'crash', target: 'A', atUs: 3_100_000 });
      w.runUntil(8_000_000);
    }
    expect(b.frames[0].atUs).toBeGreaterThan(3_100_000);
    for (const t of [3_099_999, 3_100_000, 3_400_000, 2_000_000]) expectSameFrame(b.frameAt(t), a.frameAt(t), t);
    expect(b.frameAt(3_400_000).hosts.A.power).toBe('crashed');
  });
});

describe('a windowed world, over random runs (property)', () => {
  it('gives the frame and the neighbouring instants a world with every frame gives, at any time', () => {
    let replayed = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('kemari', 'remus', 'unprotected', 'naive', 'migration'),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 200_000, max: 2_000_000 }),
        fc.array(fc.integer({ min: 0, max: 6_000_000 }), { minLength: 3, maxLength: 8 }),
        fc.integer({ min: 0, max: 6_000_000 }),
        (scenario, seed, keepFramesUs, times, crashAt) => {
          const { spec, errors } = resolveRun({ scenario, seed: String(seed), until: '6s', faults: [`crash:A@${crashAt}us`] });
          expect(errors).toEqual([]);
          const all = createWorld(spec);
          const windowed = createWorld(spec, { keepFramesUs });
          all.runUntil(spec.untilUs);
          windowed.runUntil(spec.untilUs);
          for (const t of times) {
            if (!windowed.frames.length || t < windowed.frames[0].atUs) replayed++;
            expectSameFrame(windowed.frameAt(t), all.frameAt(t), t);
            const next = all.frames.find((f) => f.atUs > t)?.atUs ?? null;
            expect(windowed.instantAfter(t)).toBe(next);
            expect(windowed.instantBefore(t)).toBe(all.frames.filter((f) => f.atUs < t).at(-1)?.atUs ?? 0);
          }
        },
      ),
      { numRuns: 12 },
    );
    // The interesting branch ran: some times were answered by a replay.
    expect(replayed).toBeGreaterThan(5);
  });
});

describe('a world that projects frames on demand (the lab)', () => {
  const { all } = worlds(2_000_000);
  const { spec } = resolveRun(RAW);

  it('gives, played in steps of a frame at 60 fps, the frame a world with every frame gives', () => {
    const lazy = createWorld(spec, { recordFrames: 'on-demand', keepFramesUs: 2_000_000 });
    let changed = 0;
    let last: Frame | null = null;
    for (let t = 0; t <= spec.untilUs; t += 16_667) {
      lazy.runUntil(t);
      const f = lazy.frameAt(t);
      expectSameFrame(f, all.frameAt(t), t);
      if (f !== last) changed++;
      last = f;
    }
    // It keeps the instants' times, not their frames.
    expect(lazy.frames.length).toBe(1);
    lazy.runUntil(spec.untilUs);
    expect(changed).toBeGreaterThan(300);
    expect(lazy.trace.hash()).toBe(all.trace.hash());
  });

  it('answers for earlier times (a replay, or the frames it projected lately) and steps instant by instant', () => {
    const lazy = createWorld(spec, { recordFrames: 'on-demand', keepFramesUs: 2_000_000 });
    lazy.runUntil(spec.untilUs);
    const times = [12_000_000, 11_999_999, 9_000_000, 4_500_001, 4_500_000, 25_000, 24_999, 1, 0, 5_000_000, 12_000_000];
    for (const t of times) expectSameFrame(lazy.frameAt(t), all.frameAt(t), t);
    const instants = all.frames.map((f) => f.atUs);
    for (const i of [0, 1, 2, 300, 700, instants.length - 2]) {
      expect(lazy.instantAfter(instants[i])).toBe(instants[i + 1]);
      expect(lazy.instantBefore(instants[i + 1])).toBe(instants[i]);
      expect(lazy.instantAfter(instants[i] + 1)).toBe(instants[i] + 1 < instants[i + 1] ? instants[i + 1] : instants[i + 2]);
    }
    expect(lazy.instantAfter(12_000_000)).toBeNull();
    expect(lazy.instantBefore(0)).toBe(0);
  });

  it('shows the transitions of the instant it projects, not those of the instants in between', () => {
    const lazy = createWorld(spec, { recordFrames: 'on-demand' });
    // Remus's checkpoint pauses (every 25 ms), 200 ms apart.
    for (const t of [2_000_000, 2_200_000]) {
      lazy.runUntil(t);
      expect(lazy.frameAt(t).edgesTaken, `t=${t}`).toEqual(all.frameAt(t).edgesTaken);
      expect(lazy.frameAt(t).edgesTaken.length).toBeGreaterThan(0);
    }
  });

  it('projects again after an input injected at the present instant', () => {
    const { spec: short } = resolveRun({ scenario: 'remus', seed: '7', until: '4s' });
    const a = createWorld(short);
    const b = createWorld(short, { recordFrames: 'on-demand' });
    for (const w of [a, b]) w.runUntil(2_000_000);
    const at = a.instantBefore(2_000_001);
    expect(b.frameAt(at).hosts.A.power).toBe('up');
    for (const w of [a, b]) {
      w.inject({ kind: 'crash', target: 'A', atUs: 2_000_000 });
      w.runUntil(2_000_000);
    }
    expect(b.frameAt(2_000_000).hosts.A.power).toBe('crashed');
    expectSameFrame(b.frameAt(2_000_000), a.frameAt(2_000_000), 2_000_000);
  });
});

describe('a world with frames on demand, over random runs (property)', () => {
  it('gives the frame and the neighbouring instants a world with every frame gives, played forward or asked backward', () => {
    let replayed = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('kemari', 'remus', 'unprotected', 'naive', 'migration'),
        fc.integer({ min: 1, max: 10_000 }),
        fc.array(fc.integer({ min: 0, max: 6_000_000 }), { minLength: 3, maxLength: 8 }),
        fc.integer({ min: 0, max: 6_000_000 }),
        (scenario, seed, times, crashAt) => {
          const { spec, errors } = resolveRun({ scenario, seed: String(seed), until: '6s', faults: [`crash:A@${crashAt}us`] });
          expect(errors).toEqual([]);
          const all = createWorld(spec);
          all.runUntil(spec.untilUs);
          const lazy = createWorld(spec, { recordFrames: 'on-demand', keepFramesUs: 1_000_000 });
          for (const t of times) {
            if (t < lazy.now()) replayed++;
            else lazy.runUntil(t);
            expectSameFrame(lazy.frameAt(t), all.frameAt(t), t);
            expect(lazy.instantBefore(t)).toBe(all.instantBefore(t));
            if (lazy.now() >= spec.untilUs) expect(lazy.instantAfter(t)).toBe(all.instantAfter(t));
          }
        },
      ),
      { numRuns: 12 },
    );
    // The interesting branch ran: some times were earlier than what was computed.
    expect(replayed).toBeGreaterThan(5);
  });
});

describe('figures a protocol refreshes now and then (the migration grids)', () => {
  it('are the same whether frames are projected at every instant, on demand or in a replay that starts late', () => {
    const { spec } = resolveRun({ scenario: 'migration', preset: 'web-server', until: '4s', faults: ['crash:B@3s'] });
    const all = createWorld(spec);
    all.runUntil(spec.untilUs);
    const lazy = createWorld(spec, { recordFrames: 'on-demand', keepFramesUs: 1_000_000 });
    let dirtyShown = 0;
    for (let t = 0; t <= spec.untilUs; t += 16_667) {
      lazy.runUntil(t);
      expectSameFrame(lazy.frameAt(t), all.frameAt(t), t);
      const p = lazy.frameAt(t).protocol;
      if (p.kind === 'migration' && p.grid.A.some((c) => c !== 0)) dirtyShown++;
    }
    lazy.runUntil(spec.untilUs);
    // Backward, each earlier time through a replay that projects from half a window before it.
    for (let t = spec.untilUs; t >= 0; t -= 129_014) expectSameFrame(lazy.frameAt(t), all.frameAt(t), t);
    // The grids had something to show.
    expect(dirtyShown).toBeGreaterThan(100);
  });
});
