/**
 * The compare view's runs and table: the four specs share seed, workload, detector and crash time and
 * keep each technique's own preset otherwise; its URL reads and writes like the lab's; and the table's
 * figures, computed by the compare session a slice at a time, equal runResult's for each technique.
 */
import { describe, expect, it, vi } from 'vitest';
import { COMPARE_SCENARIOS, compareRow, compareRuns, defaultCompare, DEFAULT_CRASH_US, panesThatFit, SHARED_DETECTOR, SHARED_PARAMS, SHARED_WORKLOAD, shownTechniques, type CompareSpec } from '../../src/app/compare';
import { CompareSession } from '../../src/app/compare-session.svelte';
import { compareHref, labHref, readCompareUrl, writeCompareUrl } from '../../src/app/compare-url';
import { isCompareUrl } from '../../src/app/url-state';
import { readUrl } from '../../src/app/url-state';
import { getScenario } from '../../src/scenarios/index';
import { resolveRun } from '../../src/scenarios/run-spec';
import { outputFigures, runResult } from '../../src/world/result';
import { sweepRow } from '../../src/world/sweep-result';
import { createWorld } from '../../src/world/world';

const fieldsOf = (search: string) => readCompareUrl(search).errors.map((e) => e.field);

describe('compareRuns', () => {
  const { compare } = readCompareUrl('?compare=1&seed=42&clockHz=4&packetsPerSec=9&dirtyPagesPerSec=3000&writer=random&bandwidthMbps=500&latencyUs=70&heartbeatMs=50&failureTimeoutMs=200&clientTimeoutMs=3000&memoryMiB=32&fault=crash:A@2.75s');
  const specs = compareRuns(compare);

  it('runs kemari, remus, naive, unprotected, pre-copy and post-copy migration, in that order', () => {
    expect(specs.map((s) => s.scenario)).toEqual([...COMPARE_SCENARIOS]);
    expect(COMPARE_SCENARIOS).toEqual(['kemari', 'remus', 'naive', 'unprotected', 'migration', 'postcopy', 'colo', 'lockstep']);
  });

  it('gives all of them the same seed, workload, detector, crash time and length', () => {
    expect(SHARED_PARAMS).toEqual([...SHARED_WORKLOAD, ...SHARED_DETECTOR]);
    for (const spec of specs) {
      expect(spec.seed).toBe(42);
      expect(spec.faults).toEqual([{ kind: 'crash', target: 'A', atUs: 2_750_000 }]);
      expect(spec.untilUs).toBe(20_000_000);
      for (const name of [...SHARED_PARAMS, 'memoryPages']) expect(spec.params[name], `${spec.scenario}.${name}`).toEqual(specs[0].params[name]);
    }
    expect(specs[0].params).toMatchObject({ clockHz: 4, packetsPerSec: 9, dirtyPagesPerSec: 3000, writer: 'random', bandwidthMbps: 500, latencyUs: 70, heartbeatMs: 50, failureTimeoutMs: 200, clientTimeoutMs: 3000, memoryMiB: 32, memoryPages: 8192 });
  });

  it('keeps each technique’s own default preset otherwise, and passes only parameters a scenario has', () => {
    const [kemari, remus, naive, unprotected] = specs;
    expect(kemari.params).toMatchObject({ trapEvents: true, fencing: false });
    expect(remus.params).toMatchObject({ epochMs: 25, bufferOutput: true });
    expect(naive.params).toMatchObject({ epochMs: 500, bufferOutput: false });
    expect(unprotected.params).not.toHaveProperty('epochMs');
    expect(unprotected.params).not.toHaveProperty('trapEvents');
    for (const spec of specs) {
      const allowed = new Set([...getScenario(spec.scenario)!.params, 'memoryPages']);
      expect(Object.keys(spec.params).filter((k) => !allowed.has(k)), spec.scenario).toEqual([]);
      expect(spec.preset).toBe(getScenario(spec.scenario)!.defaultPreset);
    }
  });

  it('each spec is what the runner would resolve for that scenario with the shared settings', () => {
    for (const spec of specs) {
      const names = getScenario(spec.scenario)!.params.filter((n) => SHARED_PARAMS.includes(n));
      const { spec: cli, errors } = resolveRun({
        scenario: spec.scenario,
        seed: '42',
        until: '20s',
        params: names.map((n) => [n, String(compare.params[n])] as [string, string]),
        faults: ['crash:A@2.75s'],
      });
      expect(errors).toEqual([]);
      expect(spec).toEqual(cli);
    }
  });
});

describe('the compare URL', () => {
  it('is asked for by compare=1 and opens the defaults: seed 1, host A crashing at 3.5 s', () => {
    expect(isCompareUrl('?compare=1')).toBe(true);
    expect(isCompareUrl('?compare=0')).toBe(false);
    expect(isCompareUrl('?scenario=kemari')).toBe(false);
    const { compare, t, speed, from, errors } = readCompareUrl('?compare=1');
    expect(errors).toEqual([]);
    expect(compare).toEqual(defaultCompare());
    expect(compare.crashAtUs).toBe(DEFAULT_CRASH_US);
    expect([t, speed, from]).toEqual([0, 1, 'kemari']);
  });

  it('reads seed, shared parameters, the crash, t and speed by the runner’s names', () => {
    const { compare, t, speed, from, errors } = readCompareUrl('?compare=1&scenario=remus&seed=9&clockHz=4&fault=crash:A@3.5s&t=1.25s&speed=10');
    expect(errors).toEqual([]);
    expect(compare.seed).toBe(9);
    expect(compare.params.clockHz).toBe(4);
    expect(compare.crashAtUs).toBe(3_500_000);
    expect([t, speed, from]).toEqual([1_250_000, 10, 'remus']);
  });

  it('names what it cannot use and falls back: a technique’s own parameter, a preset, another fault, bad values', () => {
    expect(fieldsOf('?compare=1&epochMs=100').sort()).toEqual(['epochMs']);
    expect(readCompareUrl('?compare=1&epochMs=100').errors[0].message).toMatch(/not shared by the compared techniques.*allowed: memoryMiB/);
    expect(fieldsOf('?compare=1&preset=busy')).toEqual(['preset']);
    const cut = readCompareUrl('?compare=1&fault=cut:link@2s');
    expect(cut.errors.map((e) => e.field)).toEqual(['fault']);
    expect(cut.errors[0].message).toContain('one crash of host A');
    const two = readCompareUrl('?compare=1&fault=crash:A@2s&fault=crash:A@4s');
    expect(two.compare.crashAtUs).toBe(2_000_000);
    expect(two.errors.map((e) => e.field)).toEqual(['fault']);
    const late = readCompareUrl('?compare=1&fault=crash:A@30s');
    expect(late.compare.crashAtUs).toBe(DEFAULT_CRASH_US);
    expect(late.errors[0].message).toMatch(/within the run/);
    expect(fieldsOf('?compare=1&seed=x&clockHz=0&t=99s&speed=3&scenario=nope&v=99').sort()).toEqual(['clockHz', 'scenario', 'seed', 'speed', 't', 'v']);
  });

  it('refuses a heartbeat not shorter than the timeout at both fields, each naming the other; both take their defaults', () => {
    const { compare, errors } = readCompareUrl('?compare=1&heartbeatMs=300&failureTimeoutMs=300');
    expect(errors).toEqual([
      { field: 'heartbeatMs', message: 'heartbeatMs must be less than failureTimeoutMs (300 ms); got 300' },
      { field: 'failureTimeoutMs', message: 'failureTimeoutMs must be greater than heartbeatMs (300 ms); got 300' },
    ]);
    expect([compare.params.heartbeatMs, compare.params.failureTimeoutMs]).toEqual([100, 300]);
    expect(fieldsOf('?compare=1&heartbeatMs=400').sort()).toEqual(['failureTimeoutMs', 'heartbeatMs']);
  });

  it('writes what it reads, leaving out the defaults', () => {
    const c: CompareSpec = { ...defaultCompare(), seed: 5, params: { ...defaultCompare().params, clockHz: 4, writer: 'random' }, crashAtUs: 2_250_000 };
    const query = writeCompareUrl(c, 1_500_000, 10, 'naive');
    expect(query).toBe('?compare=1&v=2&scenario=naive&seed=5&writer=random&clockHz=4&fault=crash%3AA%402250ms&t=1500ms&speed=10');
    const back = readCompareUrl(query);
    expect(back.errors).toEqual([]);
    expect(back.compare).toEqual(c);
    expect([back.t, back.speed, back.from]).toEqual([1_500_000, 10, 'naive']);
  });

  it('links from a lab run to the comparison and back with the same seed, shared parameters and crash', () => {
    const { spec } = resolveRun({ scenario: 'remus', preset: 'as-shipped', seed: '77', params: [['clockHz', '2'], ['packetsPerSec', '8']], faults: ['crash:A@4.5s'] });
    const there = readCompareUrl(compareHref(spec));
    expect(there.errors).toEqual([]);
    expect(there.from).toBe('remus');
    expect(there.compare.seed).toBe(77);
    expect(there.compare.crashAtUs).toBe(4_500_000);
    // The preset's detector (1000 ms timeout) is shared too: every technique gets the same one.
    expect(there.compare.params).toMatchObject({ clockHz: 2, packetsPerSec: 8, failureTimeoutMs: 1000 });
    const lab = readUrl(labHref(there.compare, there.from));
    expect(lab.errors).toEqual([]);
    expect(lab.spec.scenario).toBe('remus');
    expect(lab.spec.seed).toBe(77);
    expect(lab.spec.params).toMatchObject({ clockHz: 2, packetsPerSec: 8, failureTimeoutMs: 1000 });
    expect(lab.spec.faults).toEqual([{ kind: 'crash', target: 'A', atUs: 4_500_000 }]);
  });

  it('a lab run without a crash of host A opens the comparison at the default crash time', () => {
    const { spec } = resolveRun({ scenario: 'kemari', faults: ['cut:link@2s'] });
    expect(readCompareUrl(compareHref(spec)).compare.crashAtUs).toBe(DEFAULT_CRASH_US);
  });

  it('reads the panes chosen from techniques (comma-separated, in pane order) and writes them back', () => {
    expect(readCompareUrl('?compare=1').techniques).toEqual([...COMPARE_SCENARIOS]);
    const two = readCompareUrl('?compare=1&techniques=unprotected,kemari&t=2s');
    expect(two.errors).toEqual([]);
    expect(two.techniques).toEqual(['kemari', 'unprotected']);
    const query = writeCompareUrl(two.compare, two.t, two.speed, two.from, two.techniques);
    expect(query).toMatch(/^\?compare=1&v=2&scenario=kemari&techniques=kemari,unprotected&seed=1&/);
    const back = readCompareUrl(query);
    expect(back.errors).toEqual([]);
    expect(back.techniques).toEqual(['kemari', 'unprotected']);
    // Every technique chosen: the key is left out (the default), so older links read the same.
    expect(writeCompareUrl(defaultCompare(), 0, 1, 'kemari', [...COMPARE_SCENARIOS])).not.toContain('techniques');
    // The escaped comma and a repeated key read the same.
    expect(readCompareUrl('?compare=1&techniques=remus%2Cnaive').techniques).toEqual(['remus', 'naive']);
    expect(readCompareUrl('?compare=1&techniques=naive&techniques=remus').techniques).toEqual(['remus', 'naive']);
  });

  it('names an unknown technique and what is allowed, and keeps the known ones; with none known, shows every one', () => {
    const one = readCompareUrl('?compare=1&techniques=kemari,paxos');
    expect(one.techniques).toEqual(['kemari']);
    expect(one.errors).toEqual([
      { field: 'techniques', message: 'technique "paxos" is not one the compare view runs; allowed: kemari, remus, naive, unprotected, migration, postcopy, colo, lockstep, comma-separated (such as techniques=kemari,remus)' },
    ]);
    const none = readCompareUrl('?compare=1&techniques=paxos');
    expect(none.techniques).toEqual([...COMPARE_SCENARIOS]);
    expect(none.errors.map((e) => e.field)).toEqual(['techniques']);
    const empty = readCompareUrl('?compare=1&techniques=');
    expect(empty.techniques).toEqual([...COMPARE_SCENARIOS]);
    expect(empty.errors).toEqual([
      { field: 'techniques', message: 'techniques must name at least one technique; allowed: kemari, remus, naive, unprotected, migration, postcopy, colo, lockstep, comma-separated (such as techniques=kemari,remus); every technique is shown' },
    ]);
    // The lab's own page is not the compare view: the key is its business only.
    expect(readCompareUrl('?compare=1&techniques=remus&seed=3').errors).toEqual([]);
  });

  it('the lab’s own URL ignores the compare key', () => {
    expect(readUrl('?compare=0').errors).toEqual([]);
  });
});

describe('the panes that fit', () => {
  it('two on a phone, four across a 1280 px laptop, one per 300 px beyond', () => {
    expect([390, 700, 701, 1024, 1280, 1366, 1920].map(panesThatFit)).toEqual([2, 2, 2, 3, 4, 4, 6]);
  });

  it('shows the chosen techniques in pane order, as many as fit, and always at least one', () => {
    expect(shownTechniques(['unprotected', 'remus', 'kemari'], 2)).toEqual(['kemari', 'remus']);
    expect(shownTechniques([...COMPARE_SCENARIOS], 4)).toEqual(['kemari', 'remus', 'naive', 'unprotected']);
    expect(shownTechniques([...COMPARE_SCENARIOS], 8)).toEqual([...COMPARE_SCENARIOS]);
    expect(shownTechniques([], 4)).toEqual(['kemari']);
    expect(shownTechniques(['naive'], 0)).toEqual(['naive']);
    expect(shownTechniques(['paxos'], 4)).toEqual(['kemari']);
  });
});

describe('the compare session and its table', () => {
  it('shows every run at one playhead, and its table equals runResult for each technique', async () => {
    const { compare } = readCompareUrl('?compare=1&fault=crash:A@3.5s');
    const session = new CompareSession(compare, 0);
    try {
      session.seek(6_000_000);
      expect(session.t).toBe(6_000_000);
      expect(session.panes.map((p) => p.id)).toEqual([...COMPARE_SCENARIOS]);
      await vi.waitFor(() => expect(session.rows).not.toBeNull(), { timeout: 20_000, interval: 20 });
      const rows = session.rows!;
      const specs = compareRuns(compare);
      expect(rows.map((r) => r.id)).toEqual([...COMPARE_SCENARIOS]);
      for (const [i, spec] of specs.entries()) {
        const world = createWorld(spec);
        world.runUntil(spec.untilUs);
        const result = runResult(world, spec.untilUs);
        const row = rows[i];
        expect(row).toEqual(compareRow(spec.scenario, getScenario(spec.scenario)!.title, result));
        // The same output figures as a sweep's row of that run.
        expect(row).toMatchObject(outputFigures(result));
        const swept = sweepRow(0, result);
        expect([row.outputsLost, row.outputsDuplicated, row.outputsRolledBack]).toEqual([swept.outputsLost, swept.outputsDuplicated, swept.outputsRolledBack]);
        expect(row.maxStallUs).toBe(result.client.maxStallUs);
        expect(row.sessionState).toBe(result.client.sessionState);
        const r = result.metrics.replication;
        if (r) {
          expect([row.outputsLost, row.outputsDuplicated, row.outputsRolledBack, row.bytesReplicated, row.guestPauseFraction]).toEqual([
            r.outputsLost,
            r.outputsDuplicated,
            r.outputsRolledBack,
            r.bytesReplicated,
            r.guestPauseFraction,
          ]);
        } else if (result.metrics.migration) {
          // A migration's traffic is its pages; its guest paused for the downtime (and post-copy's faults).
          expect(row.bytesReplicated).toBe(result.metrics.migration.totalPagesSent * 4096);
          expect(row.guestPauseFraction).toBeGreaterThan(0);
        } else {
          expect(spec.scenario).toBe('unprotected');
          expect([row.outputsLost, row.outputsDuplicated, row.outputsRolledBack, row.bytesReplicated, row.guestPauseFraction]).toEqual([result.metrics.outputs.lost, 0, 0, 0, 0]);
        }
        // The pane at the playhead shows what a fresh run shows at that instant.
        expect(session.panes[i].frame.client).toEqual(world.frameAt(6_000_000).client);
      }
      // What the table says of this crash: the protected ones keep the session; unprotected's is stalled for good
      // (no copy of the VM runs; with the viewer watchdog off by default nothing calls it lost). Both migrations
      // had moved the 64 MiB VM to host B before A died.
      expect(rows.map((r) => r.sessionState)).toEqual(['connected', 'connected', 'connected', 'stalled', 'connected', 'connected', 'connected', 'connected']);
      expect(rows[2].outputsRolledBack).toBeGreaterThan(0);
      expect(rows[0].outputsRolledBack + rows[1].outputsRolledBack + rows[6].outputsRolledBack + rows[7].outputsRolledBack).toBe(0);
    } finally {
      session.destroy();
    }
  }, 30_000);

  it('moving the crash recomputes every run with the new crash time', async () => {
    const session = new CompareSession(readCompareUrl('?compare=1&fault=crash:A@3.5s').compare, 1_000_000);
    try {
      session.crashAt(2_000_000);
      expect(session.compare.crashAtUs).toBe(2_000_000);
      expect(session.t).toBe(1_000_000);
      expect(session.rows).toBeNull();
      session.seek(2_500_000);
      expect(session.panes.map((p) => p.frame.hosts.A.power)).toEqual(COMPARE_SCENARIOS.map(() => 'crashed'));
    } finally {
      session.destroy();
    }
  });

  it('shows the chosen panes, as many as fit, and steps by the runs shown; the table keeps every technique', async () => {
    const session = new CompareSession(readCompareUrl('?compare=1&until=5s').compare, 0, 1, ['naive', 'unprotected']);
    try {
      expect(session.shownPanes.map((p) => p.id)).toEqual(['naive', 'unprotected']);
      session.fitPanes(1);
      expect(session.shown).toEqual(['naive']);
      session.fitPanes(4);
      session.choose(['remus', 'paxos', 'kemari', 'naive']);
      expect(session.chosen).toEqual(['kemari', 'remus', 'naive']);
      expect(session.shownPanes.map((p) => p.id)).toEqual(['kemari', 'remus', 'naive']);
      session.choose([]);
      expect(session.chosen).toEqual(['kemari']);
      // Each pane carries its run's logs for the stage.
      expect(session.shownPanes[0].linkLog).toBeInstanceOf(Array);
      expect(session.shownPanes[0].publicLog).toBeInstanceOf(Array);
      // Step goes to the next change of the run shown (Remus's first checkpoint), past the hidden runs' earlier ones.
      session.choose(['remus']);
      session.step();
      const firsts = compareRuns(session.compare).map((spec) => {
        const w = createWorld(spec);
        w.runUntil(2_000_000);
        return w.frames.find((f) => f.atUs > 0)!.atUs;
      });
      expect(session.t).toBe(firsts[1]);
      expect(session.t).toBeGreaterThan(Math.min(...firsts));
      await vi.waitFor(() => expect(session.rows).not.toBeNull(), { timeout: 20_000, interval: 20 });
      expect(session.rows!.map((r) => r.id)).toEqual([...COMPARE_SCENARIOS]);
    } finally {
      session.destroy();
    }
  }, 30_000);

  it('steps to the next instant at which any run changes, and back', () => {
    const session = new CompareSession(defaultCompare(), 0);
    try {
      session.step();
      const first = session.t;
      expect(first).toBeGreaterThan(0);
      const earliest = Math.min(...compareRuns(defaultCompare()).map((spec) => {
        const w = createWorld(spec);
        w.runUntil(2_000_000);
        return w.frames.find((f) => f.atUs > 0)!.atUs;
      }));
      expect(first).toBe(earliest);
      session.step();
      expect(session.t).toBeGreaterThan(first);
      session.stepBack();
      expect(session.t).toBe(first);
    } finally {
      session.destroy();
    }
  });
});
