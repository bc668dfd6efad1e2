import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLabFile, writeLabFile } from '../../src/app/lab-file';
import { PANEL_IDS, type PanelId } from '../../src/app/panels';
import { readUrl, writeUrl } from '../../src/app/url-state';
import { SPEEDS } from '../../src/app/playback';
import { resolveRun } from '../../src/scenarios/run-spec';

describe('lab files', () => {
  it('carry every field of the lab and read back to the same state', () => {
    const { spec } = resolveRun({
      scenario: 'remus',
      preset: 'default',
      seed: '42',
      until: '4s',
      params: [['epochMs', '40'], ['bufferOutput', 'false'], ['memoryPages', '1000']],
      faults: ['cut:link@1.5s', 'crash:A@checkpoint:12+250us'],
    });
    const text = writeLabFile(spec, 1_250_000, 0.25, ['faults', 'params']);
    const file = JSON.parse(text);
    expect(file).toMatchObject({ format: 'kemari-lab', v: 2, scenario: 'remus', seed: 42, until: '4s', t: '1250ms', speed: 0.25, faults: ['cut:link@1500ms', 'crash:A@checkpoint:12+250us'] });
    expect(file.params).toMatchObject({ epochMs: 40, bufferOutput: false, memoryPages: 1000 });
    const { state, errors } = readLabFile(text);
    expect(errors).toEqual([]);
    expect(state!.spec).toEqual(spec);
    expect(state!.t).toBe(1_250_000);
    expect(state!.speed).toBe(0.25);
    expect(state!.panels).toEqual(['faults', 'params']);
    expect(state!.notice).toBeNull();
    // The same file made with model version 1 opens the same, with a notice of what changed since.
    const old = readLabFile(JSON.stringify({ ...file, v: 1 }));
    expect(old.errors).toEqual([]);
    expect(old.state!.spec).toEqual(spec);
    expect(old.state!.notice).toMatch(/^This was made with model version 1; the lab now runs version 2/);
  });

  it('property: URL and file round-trip every field over random runs', () => {
    const scenarios = ['unprotected', 'migration', 'remus', 'naive', 'kemari'];
    fc.assert(
      fc.property(
        fc.constantFrom(...scenarios),
        fc.integer({ min: 0, max: 4_294_967_295 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.tuple(fc.constantFrom('crash:A', 'crash:B', 'cut:link', 'heal:link'), fc.integer({ min: 0, max: 20_000_000 })), { maxLength: 3 }),
        fc.constantFrom(...SPEEDS),
        fc.subarray([...PANEL_IDS]),
        fc.integer({ min: 0, max: 1_000_000 }),
        (scenario, seed, seconds, faults, speed, panels, tFrac) => {
          const { spec, errors } = resolveRun({ scenario, seed: String(seed), until: `${seconds}s`, faults: faults.map(([k, at]) => `${k}@${at}us`) });
          expect(errors).toEqual([]);
          const t = Math.floor((spec.untilUs * tFrac) / 1_000_000);
          const fromFile = readLabFile(writeLabFile(spec, t, speed, panels as PanelId[]));
          expect(fromFile.errors).toEqual([]);
          const fromUrl = readUrl(writeUrl(spec, t, speed, panels as PanelId[]));
          expect(fromUrl.errors).toEqual([]);
          for (const state of [fromFile.state!, fromUrl]) {
            expect(state.spec).toEqual(spec);
            expect(state.t).toBe(t);
            expect(state.speed).toBe(speed);
            expect(state.panels).toEqual([...new Set(panels)]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('names every bad field with what is allowed', () => {
    const bad = JSON.stringify({
      format: 'other',
      v: 99,
      scenario: 'remus',
      seed: -3,
      until: 7,
      params: { epochMs: 0, noSuch: 1, t: '1s', bufferOutput: [1] },
      faults: ['crash:A@soon', 'crash:A@sync:2'],
      t: '99s',
      speed: 3,
      panels: ['nope'],
      extra: true,
    });
    const { errors } = readLabFile(bad);
    const fields = errors.map((e) => e.field);
    for (const f of ['format', 'v', 'extra', 'until', 'seed', 'epochMs', 'noSuch', 't', 'bufferOutput', 'fault', 'speed', 'panel']) expect(fields, f).toContain(f);
    expect(errors.find((e) => e.field === 'epochMs')!.message).toMatch(/epochMs must be .*from 1/);
    expect(errors.find((e) => e.field === 'format')!.message).toBe('format must be "kemari-lab"; got "other"');
    expect(errors.filter((e) => e.field === 'fault').map((e) => e.message).join('\n')).toContain('"sync" is neither a time nor a phase of remus');
  });

  it('refuses a heartbeat not shorter than the timeout at both fields, each naming the other', () => {
    const { spec } = resolveRun({ scenario: 'kemari' });
    const file = JSON.parse(writeLabFile(spec, 0, 1, []));
    file.params = { ...file.params, heartbeatMs: 200, failureTimeoutMs: 150 };
    const { state, errors } = readLabFile(JSON.stringify(file));
    expect(errors).toEqual([
      { field: 'heartbeatMs', message: 'heartbeatMs must be less than failureTimeoutMs (150 ms); got 200' },
      { field: 'failureTimeoutMs', message: 'failureTimeoutMs must be greater than heartbeatMs (200 ms); got 150' },
    ]);
    expect([state!.spec.params.heartbeatMs, state!.spec.params.failureTimeoutMs]).toEqual([100, 300]);
  });

  it('refuses a huge file in one message per list, quickly, without overflowing the stack (it threw "Maximum call stack size exceeded")', () => {
    const base = { format: 'kemari-lab', v: 2, scenario: 'remus', preset: 'default', seed: 1, until: '20s', t: '0s', speed: 1, panels: [] };
    const faults = readLabFile(JSON.stringify({ ...base, params: {}, faults: Array.from({ length: 300_000 }, () => 'x') }));
    expect(faults.errors).toEqual([{ field: 'fault', message: 'a run takes at most 100 faults; got 300000 (none was used)' }]);
    const params = readLabFile(JSON.stringify({ ...base, faults: [], params: Object.fromEntries(Array.from({ length: 300_000 }, (_, i) => [`p${i}`, 1])) }));
    expect(params.errors).toEqual([{ field: 'params', message: 'a run takes at most 256 parameter values; got 300000 (none was used)' }]);
  });

  it('refuses text that is not a JSON object, saying what a lab file is', () => {
    expect(readLabFile('not json').errors[0]).toMatchObject({ field: 'file', message: expect.stringContaining('not JSON') });
    expect(readLabFile('[1,2]').errors[0]).toMatchObject({ field: 'file', message: expect.stringContaining('a JSON object') });
    expect(readLabFile('not json').state).toBeNull();
  });
});
