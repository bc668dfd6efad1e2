/**
 * Sweeps: parsing and checking `<param|crashAt|crashBAt>=<from>:<to>:<runs>` (each bad part named with its
 * allowed range), planning N evenly spaced runs, and the property that a sweep's rows are exactly what
 * N single runs of the same specs report (field by field, trace hash included), with or without
 * recorded frames.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFault } from '../../src/scenarios/faults';
import { resolveRun, type RunSpec } from '../../src/scenarios/run-spec';
import { outputFigures, runResult } from '../../src/world/result';
import { checkSweep, parseVary, planSweep, sweepValues, sweepVariables } from '../../src/world/sweep';
import { runSweep, runSweepRun, stepSweepRun, sweepCsv, sweepJson, sweepRow, type SweepRow } from '../../src/world/sweep-result';
import { createWorld } from '../../src/world/world';

function base(raw: Parameters<typeof resolveRun>[0]): RunSpec {
  const { spec, errors } = resolveRun(raw);
  expect(errors).toEqual([]);
  return spec;
}

const remus10s = base({ scenario: 'remus', until: '10s' });

/** The row of a single run as the runner makes it: frames recorded, the result read at the end. */
function singleRow(value: number, spec: RunSpec): SweepRow {
  const world = createWorld(spec);
  world.runUntil(spec.untilUs);
  return sweepRow(value, runResult(world, spec.untilUs));
}

describe('sweep variables and their checks', () => {
  it('offers crashAt, crashBAt and the numeric parameters of the scenario only', () => {
    const vars = sweepVariables('remus');
    expect(vars.slice(0, 2)).toEqual(['crashAt', 'crashBAt']);
    expect(vars).toContain('epochMs');
    expect(vars).toContain('failureTimeoutMs');
    expect(vars).not.toContain('writer');
    expect(vars).not.toContain('bufferOutput');
    expect(sweepVariables('kemari')).not.toContain('epochMs');
  });

  it('parses a crash-time sweep into µs', () => {
    expect(parseVary('crashAt=1s:9s:200', remus10s)).toEqual({ ok: true, vary: { variable: 'crashAt', from: 1_000_000, to: 9_000_000, runs: 200 } });
    expect(parseVary('crashAt=250ms:2.5s:3', remus10s)).toEqual({ ok: true, vary: { variable: 'crashAt', from: 250_000, to: 2_500_000, runs: 3 } });
  });

  it('crashBAt crashes host B at each value, beside the base run\'s faults', () => {
    expect(parseVary('crashBAt=5s:9s:3', remus10s)).toEqual({ ok: true, vary: { variable: 'crashBAt', from: 5_000_000, to: 9_000_000, runs: 3 } });
    const withRepair = base({ scenario: 'remus', until: '10s', faults: ['crash:A@2s', 'restart:A@4s'] });
    const runs = planSweep(withRepair, { variable: 'crashBAt', from: 5_000_000, to: 9_000_000, runs: 3 });
    expect(runs.map((r) => r.spec.faults.map(formatFault))).toEqual([
      ['crash:A@2s', 'restart:A@4s', 'crash:B@5s'],
      ['crash:A@2s', 'restart:A@4s', 'crash:B@7s'],
      ['crash:A@2s', 'restart:A@4s', 'crash:B@9s'],
    ]);
    expect(parseVary('crashBAt=5s:11s:3', remus10s)).toMatchObject({ ok: false, error: { field: 'to', message: expect.stringMatching(/^--vary to must be a duration from 0us to 10s/) } });
  });

  it('parses a parameter sweep in the parameter unit', () => {
    expect(parseVary('epochMs=5:200:40', remus10s)).toEqual({ ok: true, vary: { variable: 'epochMs', from: 5, to: 200, runs: 40 } });
  });

  it.each([
    ['crashAt 1s:9s:200', 'vary', /--vary must be <param\|crashAt\|crashBAt>=<from>:<to>:<runs>/],
    ['crashAt=1s:9s', 'vary', /--vary must be/],
    ['writer=1:2:3', 'variable', /sweep variable "writer" is not crashAt, crashBAt or a numeric parameter of remus; allowed: crashAt, crashBAt, memoryMiB,/],
    ['trapEvents=0:1:2', 'variable', /allowed: crashAt/],
    ['crashAt=1s:9s:0', 'runs', /runs must be a whole number from 1 to 1000; got "0"/],
    ['crashAt=1s:9s:1001', 'runs', /from 1 to 1000; got "1001"/],
    ['crashAt=1s:9s:2.5', 'runs', /whole number/],
    ['crashAt=soon:9s:5', 'from', /from must be a duration from 0us to 10s \(the run's length\), such as 2s or 250ms; got "soon"/],
    ['crashAt=1s:11s:5', 'to', /to must be a duration from 0us to 10s/],
    ['crashAt=5s:1s:5', 'to', /to must be greater than from \(5s\) unless runs is 1; got "1s"/],
    ['crashAt=5s:5s:5', 'to', /greater than from/],
    ['epochMs=0:200:5', 'from', /from must be a number from 1 to 10000 \(ms\); got "0"/],
    ['failureTimeoutMs=100:250.5:5', 'to', /to must be a whole number from 2 to 60000 \(ms\); got "250.5"/],
  ])('refuses %s naming %s', (text, field, message) => {
    const r = parseVary(text, remus10s);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.field).toBe(field);
    expect(r.error.message).toMatch(message);
  });

  it('reports every bad field of the panel at once', () => {
    const { vary, errors } = checkSweep({ variable: 'crashAt', from: 'x', to: '1s', runs: '0' }, remus10s);
    expect(vary).toBeNull();
    expect(errors.map((e) => e.field).sort()).toEqual(['from', 'runs']);
  });

  it('refuses a parameter value that does not fit the rest of the run', () => {
    const small = base({ scenario: 'remus', until: '2s', params: [['memoryMiB', '4']] });
    const { errors } = checkSweep({ variable: 'hotSetPages', from: '10', to: '5000', runs: '3' }, small);
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe('to');
    expect(errors[0].message).toMatch(/hotSetPages must be a whole number from 0 to 1016/);
  });

  it('refuses a detector sweep whose end breaks heartbeatMs < failureTimeoutMs, naming the variable\'s own relation', () => {
    const kemari = base({ scenario: 'kemari', until: '2s' });
    expect(checkSweep({ variable: 'heartbeatMs', from: '50', to: '400', runs: '4' }, kemari).errors).toEqual([
      { field: 'to', message: 'to: heartbeatMs must be less than failureTimeoutMs (300 ms); got 400' },
    ]);
    expect(checkSweep({ variable: 'failureTimeoutMs', from: '50', to: '1000', runs: '4' }, kemari).errors).toEqual([
      { field: 'from', message: 'from: failureTimeoutMs must be greater than heartbeatMs (100 ms); got 50' },
    ]);
    expect(checkSweep({ variable: 'heartbeatMs', from: '50', to: '299', runs: '4' }, kemari).errors).toEqual([]);
  });

  it('accepts one run with from equal to to', () => {
    expect(parseVary('crashAt=2s:2s:1', remus10s)).toMatchObject({ ok: true, vary: { runs: 1 } });
  });
});

describe('planning', () => {
  it('spaces N values evenly from from to to inclusive, crash times in whole µs', () => {
    expect(sweepValues({ variable: 'crashAt', from: 1_000_000, to: 2_000_000, runs: 4 })).toEqual([1_000_000, 1_333_333, 1_666_667, 2_000_000]);
    expect(sweepValues({ variable: 'crashAt', from: 7, to: 9, runs: 1 })).toEqual([7]);
    expect(sweepValues({ variable: 'heartbeatMs', from: 10, to: 20, runs: 4 })).toEqual([10, 13, 17, 20]);
    expect(sweepValues({ variable: 'epochMs', from: 0.1, to: 0.3, runs: 3 })).toEqual([0.1, 0.2, 0.3]);
  });

  it('adds one crash of host A to the base faults, replacing none', () => {
    const withFaults = base({ scenario: 'remus', until: '10s', faults: ['cut:link@8s', 'crash:B@9s'] });
    const runs = planSweep(withFaults, { variable: 'crashAt', from: 1_000_000, to: 9_500_000, runs: 2 });
    expect(runs.map((r) => r.spec.faults.map(formatFault))).toEqual([
      ['crash:A@1s', 'cut:link@8s', 'crash:B@9s'],
      ['cut:link@8s', 'crash:B@9s', 'crash:A@9500ms'],
    ]);
    expect(runs[0].spec.params).toEqual(withFaults.params);
  });

  it('sets a parameter as --set would, keeping the rest of the run', () => {
    const b = base({ scenario: 'remus', until: '3s', params: [['memoryPages', '3000']], faults: ['crash:A@1s'] });
    const [low, high] = planSweep(b, { variable: 'epochMs', from: 10, to: 50, runs: 2 });
    const viaSet = base({ scenario: 'remus', until: '3s', params: [['memoryPages', '3000'], ['epochMs', '50']], faults: ['crash:A@1s'] });
    expect(high.spec).toEqual(viaSet);
    expect(low.spec.params.epochMs).toBe(10);
    const mem = planSweep(b, { variable: 'memoryMiB', from: 16, to: 32, runs: 2 });
    expect(mem.map((r) => [r.spec.params.memoryMiB, r.spec.params.memoryPages])).toEqual([[16, 4096], [32, 8192]]);
  });
});

describe('running a sweep', () => {
  it('skips frames when asked, with the same trace and the frame of now', () => {
    const spec = base({ scenario: 'naive', until: '3s', faults: ['crash:A@2.1s'] });
    const recorded = createWorld(spec);
    const bare = createWorld(spec, { recordFrames: false });
    recorded.runUntil(spec.untilUs);
    bare.runUntil(spec.untilUs);
    expect(recorded.frames.length).toBeGreaterThan(100);
    expect(bare.frames).toHaveLength(1);
    expect(bare.trace.toText()).toBe(recorded.trace.toText());
    const last = recorded.frameAt(spec.untilUs);
    expect(bare.frameAt(0)).toMatchObject({ vm: last.vm, client: last.client, outputs: last.outputs, hosts: last.hosts });
  });

  it('gives N rows identical to N single runs of the same specs (frames recorded or not)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('remus', 'naive', 'kemari', 'unprotected', 'migration'),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 2_400_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        fc.integer({ min: 1, max: 3 }),
        (scenario, seed, from, span, runs) => {
          const b = base({ scenario, seed: String(seed), until: '2.5s', params: scenario === 'migration' ? [['memoryMiB', '16'], ['migrateAtMs', '200']] : [] });
          const vary = { variable: 'crashAt', from, to: Math.min(2_500_000, from + span), runs };
          const rows = runSweep(b, vary);
          const plan = planSweep(b, vary);
          expect(rows).toHaveLength(runs);
          rows.forEach((row, i) => expect(row).toEqual(singleRow(plan[i].value, plan[i].spec)));
        },
      ),
      { numRuns: 12, endOnFailure: true },
    );
  });

  it('computes a run a piece at a time (the page fallback) to the same row as all at once', () => {
    const [run] = planSweep(base({ scenario: 'naive', until: '2s' }), { variable: 'crashAt', from: 1_200_000, to: 1_200_000, runs: 1 });
    const step = stepSweepRun(run);
    const pieces: (SweepRow | null)[] = [];
    for (let i = 0; i < 5; i++) pieces.push(step(450_000));
    expect(pieces.slice(0, 4)).toEqual([null, null, null, null]);
    expect(pieces[4]).toEqual(runSweepRun(run));
    expect(pieces[4]).toEqual(singleRow(run.value, run.spec));
  });

  it('takes its outputs lost, duplicated and rolled back from the protocol, or the world without one', () => {
    for (const scenario of ['naive', 'unprotected']) {
      const spec = base({ scenario, until: '3s', faults: ['crash:A@2.1s'] });
      const world = createWorld(spec, { recordFrames: false });
      world.runUntil(spec.untilUs);
      const result = runResult(world, spec.untilUs);
      const r = result.metrics.replication;
      const expected = r
        ? { outputsLost: r.outputsLost, outputsDuplicated: r.outputsDuplicated, outputsRolledBack: r.outputsRolledBack }
        : { outputsLost: result.metrics.outputs.lost, outputsDuplicated: 0, outputsRolledBack: 0 };
      expect(r === null).toBe(scenario === 'unprotected');
      expect(outputFigures(result)).toEqual(expected);
      expect(sweepRow(0, result)).toMatchObject(expected);
    }
  });

  it('shows what a crash does: remus keeps its session, unprotected leaves it stalled with no copy running', () => {
    const vary = { variable: 'crashAt', from: 1_000_000, to: 2_000_000, runs: 2 };
    const remus = runSweep(base({ scenario: 'remus', until: '6s' }), vary);
    const bare = runSweep(base({ scenario: 'unprotected', until: '6s' }), vary);
    for (const r of remus) {
      expect(r).toMatchObject({ scenario: 'remus', sessionState: 'connected', invariantsHeld: true, firstBroken: null, downtimeUs: null });
      expect(r.failoverUs).toBeGreaterThan(0);
    }
    for (const r of bare) expect(r).toMatchObject({ scenario: 'unprotected', sessionState: 'stalled', invariantsHeld: false, firstBroken: 'vm-survives-host-failure', failoverUs: null });
    expect(remus[0].traceHash).not.toBe(remus[1].traceHash);
  });

  it('writes CSV with a header and one plain line per row, and JSON with the sweep and its rows', () => {
    const b = base({ scenario: 'remus', until: '3s' });
    const vary = { variable: 'crashAt', from: 1_000_000, to: 2_000_000, runs: 3 };
    const rows = runSweep(b, vary);
    const lines = sweepCsv('crashAt', rows).trimEnd().split('\n');
    expect(lines[0]).toBe(
      'crashAtUs,scenario,seed,traceHash,maxStallUs,framesReceived,gaps,duplicates,rollbacks,sessionState,outputsLost,outputsDuplicated,outputsRolledBack,downtimeUs,failoverUs,invariantsHeld,firstBroken',
    );
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe(
      `1500000,remus,1,${rows[1].traceHash},${rows[1].maxStallUs},${rows[1].framesReceived},0,0,0,connected,0,0,0,,${rows[1].failoverUs},true,`,
    );
    const json = JSON.parse(sweepJson({ vary, bases: [b] }, rows));
    expect(json).toMatchObject({ v: 1, variable: 'crashAt', valueColumn: 'crashAtUs', from: 1_000_000, to: 2_000_000, runs: 3 });
    expect(json.bases[0]).toMatchObject({ scenario: 'remus', seed: 1, faults: [], untilUs: 3_000_000 });
    expect(json.rows).toEqual(rows);
  });
});
