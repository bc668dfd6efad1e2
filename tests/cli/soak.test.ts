/**
 * The deep run (`npm run soak`): a fixed-seed slice of its cases in `npm test` (each technique, checked
 * as the soak checks: the same trace whole and in pieces, every promised invariant), the excuses it
 * allows (each a lesson of the lab, not a bug), its cost ceiling, and its flags.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCase, excusedBy, makeCase, reproCommand, traceProblem, type SoakCase } from '../../scripts/soak-cases';
import { resolveRun } from '../../src/scenarios/run-spec';
import { runResult } from '../../src/world/result';
import { createWorld } from '../../src/world/world';

const ROOT = resolve(import.meta.dirname, '../..');

describe('soak: a fixed-seed slice', () => {
  it.each(['unprotected', 'migration', 'remus', 'naive', 'kemari', 'colo', 'lockstep'])('%s: two cases of seed 1 hold every promise', (technique) => {
    const outcomes = [0, 1].map((i) => checkCase(makeCase(technique, i, 1)));
    expect(outcomes.filter((o) => o.kind === 'failed')).toEqual([]);
    // At least one case ran whole (not refused for its cost).
    expect(outcomes.some((o) => o.kind === 'ok')).toBe(true);
  }, 60_000);

  it('makes the same case from the same seed, with parameters in range and 1 to 3 faults, and its runner command', () => {
    const a = makeCase('remus', 7, 42);
    expect(makeCase('remus', 7, 42)).toEqual(a);
    expect(makeCase('remus', 8, 42)).not.toEqual(a);
    expect(resolveRun(a.raw).errors).toEqual([]);
    expect(a.raw.faults!.length).toBeGreaterThanOrEqual(1);
    expect(a.raw.faults!.length).toBeLessThanOrEqual(3);
    expect(reproCommand(a)).toMatch(/^npm run --silent sim -- --scenario remus --seed \d+ --until 10000000us( --set \S+)*( --fault \S+)+ --format summary$/);
  });
});

describe('soak: repair cycles', () => {
  it('about one case in four is a repair: a crash, a restart of that host later, maybe a crash of the other after it', () => {
    const cases = Array.from({ length: 80 }, (_, i) => makeCase('kemari', i, 1));
    // A repair: crash:X@t1, restart:X@t2 with t2 after t1 (then maybe a crash of the other host after t2).
    const isRepair = (faults: readonly string[]) => {
      const crash = /^crash:([AB])@(\d+)us$/.exec(faults[0]);
      const restart = /^restart:([AB])@(\d+)us$/.exec(faults[1] ?? '');
      if (!crash || !restart || crash[1] !== restart[1] || Number(restart[2]) <= Number(crash[2])) return false;
      const later = faults[2] === undefined ? null : /^crash:([AB])@(\d+)us$/.exec(faults[2]);
      return faults.length === 2 || (later !== null && later[1] !== crash[1] && Number(later[2]) >= Number(restart[2]));
    };
    const repairs = cases.filter((c) => isRepair(c.raw.faults!));
    expect(repairs.length).toBeGreaterThan(8);
    expect(repairs.length).toBeLessThan(40);
    expect(repairs.some((c) => c.raw.faults!.length === 3)).toBe(true);
  });
});

describe('soak: the traces of a case', () => {
  it('one trace whole and in pieces is no problem, and no third run is made', () => {
    let again = 0;
    expect(traceProblem('aa11', 'aa11', () => (again++, 'aa11'))).toBeNull();
    expect(again).toBe(0);
  });

  it('a third run tells a run that is not deterministic from one that computing in pieces changes', () => {
    expect(traceProblem('aa11', 'bb22', () => 'cc33')).toBe('not deterministic: trace aa11 then cc33');
    expect(traceProblem('aa11', 'bb22', () => 'aa11')).toBe('computed in pieces, trace bb22 instead of aa11');
  });
});

describe('soak: what a case may break on purpose', () => {
  const excused = (raw: Parameters<typeof resolveRun>[0]) => {
    const { spec } = resolveRun(raw);
    const world = createWorld(spec, { recordFrames: false });
    world.runUntil(spec.untilUs);
    return excusedBy(spec, runResult(world, spec.untilUs));
  };

  it('a cut link without fencing excuses split brain; with fencing nothing of it', () => {
    expect(excused({ scenario: 'remus', until: '3s', faults: ['cut:link@1s'] })).toContain('no-split-brain');
    expect(excused({ scenario: 'remus', until: '3s', faults: ['cut:link@1s'], params: [['fencing', 'true']] })).not.toContain('no-split-brain');
    expect(excused({ scenario: 'colo', until: '3s', faults: ['cut:link@1s'] })).toContain('no-split-brain');
    // Lock-stepping's test-and-set rules split brain out by itself; the host that lost it halted, so a later crash of the other loses the VM.
    expect(excused({ scenario: 'lockstep', until: '3s', faults: ['cut:link@1s'] })).toEqual(new Set(['vm-survives-host-failure']));
  });

  it('a host that crashed and rebooted before B noticed is up but empty: B taking over then is no split brain (deep run, lockstep case 387)', () => {
    for (const scenario of ['kemari', 'lockstep']) {
      const { spec } = resolveRun({
        scenario,
        until: '8s',
        params: [['failureTimeoutMs', '1417'], ['bootMs', '18']],
        faults: ['crash:A@3575596us', 'restart:A@4854451us'],
      });
      const world = createWorld(spec);
      world.runUntil(spec.untilUs);
      const r = runResult(world, spec.untilUs);
      expect(r.invariants.find((i) => i.name === 'no-split-brain')?.holds, scenario).toBe(true);
      expect(r.vm.host, scenario).toBe('B');
    }
  });

  it('naive snapshots excuse output commit; Remus does not; unprotected excuses the VM lost with its host', () => {
    expect(excused({ scenario: 'naive', until: '2s', faults: ['crash:A@1s'] })).toContain('output-commit');
    expect(excused({ scenario: 'remus', until: '2s', faults: ['crash:A@1s'] })).not.toContain('output-commit');
    expect(excused({ scenario: 'unprotected', until: '2s', faults: ['crash:A@1s'] })).toEqual(new Set(['vm-survives-host-failure', 'no-output-lost']));
  });

  it('a detector too quick for the link, with fencing, excuses the VM lost to a later crash of B, and nothing else (deep run, remus case 1333 of seed 1)', () => {
    // One-way latency 256 ms against a 300 ms timeout: both hosts declare the other dead at 300 ms; B fences the
    // healthy A and takes over, and the crash of B at 4.7 s leaves no copy of the VM.
    const { spec } = resolveRun({
      scenario: 'remus',
      seed: '717203027',
      until: '10000000us',
      params: [['memoryMiB', '312'], ['dirtyPagesPerSec', '618.732'], ['framebufferPages', '4'], ['packetsPerSec', '5.816'], ['latencyUs', '255519'], ['clientTimeoutMs', '2'], ['epochMs', '698.164'], ['suspendUs', '0'], ['fencing', 'true']],
      faults: ['crash:B@4702927us'],
    });
    const world = createWorld(spec, { recordFrames: false });
    world.runUntil(spec.untilUs);
    const result = runResult(world, spec.untilUs);
    expect(world.monitors.falseSuspicions).toBe(2);
    expect(result.invariants.filter((v) => !v.holds).map((v) => v.name)).toEqual(['vm-survives-host-failure']);
    expect(excusedBy(spec, result, world.monitors.falseSuspicions)).toEqual(new Set(['vm-survives-host-failure']));
    // Without the world's count the loss would be a failure: the excuse comes from the suspicion, not from the crash.
    expect(excusedBy(spec, result, 0).has('vm-survives-host-failure')).toBe(false);
  });

  it('refuses a case over its cost ceiling (expected, not a failure), from its first 200 ms', () => {
    const heavy: SoakCase = { technique: 'kemari', index: 0, raw: { scenario: 'kemari', seed: '1', until: '10000000us', params: [['packetsPerSec', '50000']], faults: ['crash:A@5s'] } };
    expect(checkCase(heavy)).toMatchObject({ kind: 'refused', why: expect.stringMatching(/^(about [\d,]+ events \(more than 40,000\)|over 40000 events in its first 200 ms)$/) });
  });
});

describe('soak: flags', () => {
  it('refuses a bad flag with exit 2 and one line naming it', () => {
    const r = spawnSync(resolve(ROOT, 'node_modules/.bin/tsx'), [resolve(ROOT, 'scripts/soak.ts'), '--cases', 'many'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('soak: --cases must be a whole number from 1 to 1000000; got "many"\n');
  });
});
