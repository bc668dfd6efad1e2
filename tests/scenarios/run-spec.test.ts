import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAULT_FORMS, formatFault, parseFault, type Fault } from '../../src/scenarios/faults';
import { PARAMS } from '../../src/scenarios/params';
import { SCENARIOS } from '../../src/scenarios/all';
import { DEFAULT_SEED, MAX_SEED, resolveRun, type FieldError } from '../../src/scenarios/run-spec';
import { unprotected } from '../../src/scenarios/unprotected';

const only = (errors: FieldError[], field: string) => {
  expect(errors.map((e) => e.field)).toEqual([field]);
  return errors[0].message;
};

describe('resolveRun: defaults', () => {
  it('gives the first scenario, its default preset, seed 1, no faults, the default length and every default parameter', () => {
    const { spec, errors } = resolveRun({});
    expect(errors).toEqual([]);
    expect(spec.scenario).toBe('unprotected');
    expect(spec.preset).toBe('default');
    expect(spec.seed).toBe(DEFAULT_SEED);
    expect(spec.faults).toEqual([]);
    expect(spec.untilUs).toBe(unprotected.defaultUntilUs);
    for (const name of unprotected.params) expect(spec.params[name]).toBe(PARAMS[name].default);
    expect(spec.params.memoryMiB).toBe(64);
    expect(spec.params.memoryPages).toBe(16_384);
  });
});

describe('resolveRun: presets and parameters', () => {
  it('applies a preset over the defaults', () => {
    const { spec, errors } = resolveRun({ scenario: 'unprotected', preset: 'busy' });
    expect(errors).toEqual([]);
    expect(spec.preset).toBe('busy');
    expect(spec.params).toMatchObject({ packetsPerSec: 40, diskWritesPerSec: 20, dirtyPagesPerSec: 20_000, hotSetPages: 4096, clockHz: 1, bandwidthMbps: 1000 });
  });

  it('refuses names every object inherits (toString, __proto__, constructor) as presets, scenarios and parameters', () => {
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf']) {
      const { spec, errors } = resolveRun({ scenario: 'remus', preset: name, params: [[name, '1']] });
      expect(spec.preset).toBe('default');
      expect(errors.map((e) => e.field)).toEqual(['preset', name]);
      expect(errors[0].message).toBe(`preset "${name}" is not a preset of remus; allowed: default, as-shipped, busy, fenced`);
      expect(resolveRun({ scenario: name }).errors[0].field).toBe('scenario');
    }
  });

  it('takes up to 100 faults and 256 parameter values, and refuses a longer list whole with its length', () => {
    const faults = (n: number) => Array.from({ length: n }, (_, i) => `crash:B@${i + 1}ms`);
    expect(resolveRun({ scenario: 'remus', faults: faults(100) }).spec.faults).toHaveLength(100);
    const tooMany = resolveRun({ scenario: 'remus', faults: faults(101) });
    expect(tooMany.spec.faults).toEqual([]);
    expect(tooMany.errors).toEqual([{ field: 'fault', message: 'a run takes at most 100 faults; got 101 (none was used)' }]);
    const params = (n: number) => Array.from({ length: n }, () => ['epochMs', '50'] as const);
    expect(resolveRun({ scenario: 'remus', params: params(256) }).spec.params.epochMs).toBe(50);
    const tooManyParams = resolveRun({ scenario: 'remus', params: params(257) });
    expect(tooManyParams.spec.params.epochMs).toBe(25);
    expect(tooManyParams.errors).toEqual([{ field: 'params', message: 'a run takes at most 256 parameter values; got 257 (none was used)' }]);
  });

  it('applies --set style parameters over the preset, the later one winning', () => {
    const { spec, errors } = resolveRun({
      preset: 'busy',
      params: [
        ['bandwidthMbps', '2.5'],
        ['writer', 'random'],
        ['packetsPerSec', '7'],
        ['latencyUs', '5'],
        ['latencyUs', '70'],
      ],
    });
    expect(errors).toEqual([]);
    expect(spec.params).toMatchObject({ bandwidthMbps: 2.5, writer: 'random', packetsPerSec: 7, latencyUs: 70, diskWritesPerSec: 20 });
  });

  it('reads seed, until and faults, sorting faults by time', () => {
    const { spec, errors } = resolveRun({ seed: '42', until: '2.5s', faults: ['heal:link@4s', 'crash:A@250ms', 'cut:link@1s'] });
    expect(errors).toEqual([]);
    expect(spec.seed).toBe(42);
    expect(spec.untilUs).toBe(2_500_000);
    expect(spec.faults).toEqual([
      { kind: 'crash', target: 'A', atUs: 250_000 },
      { kind: 'cut', target: 'link', atUs: 1_000_000 },
      { kind: 'heal', target: 'link', atUs: 4_000_000 },
    ]);
  });

  it('lets memoryPages win over memoryMiB, in either order, and keeps the two consistent', () => {
    for (const params of [
      [['memoryPages', '5000'], ['memoryMiB', '8']],
      [['memoryMiB', '8'], ['memoryPages', '5000']],
    ] as const) {
      const { spec, errors } = resolveRun({ params });
      expect(errors).toEqual([]);
      expect(spec.params.memoryPages).toBe(5000);
      expect(spec.params.memoryMiB).toBe(5000 / 256);
    }
    const { spec } = resolveRun({ params: [['memoryMiB', '8']] });
    expect(spec.params.memoryPages).toBe(2048);
  });

  it('refuses a hot set that does not fit in memory less the framebuffer, naming hotSetPages and its range', () => {
    const { spec, errors } = resolveRun({ params: [['memoryPages', '1000'], ['hotSetPages', '995']] });
    const message = only(errors, 'hotSetPages');
    expect(message).toContain('from 0 to 992');
    expect(spec.params.hotSetPages as number).toBeLessThanOrEqual(992);
  });

  it('accepts a small memory within its range when the hot set was not given: the default hot set fits itself in', () => {
    for (const params of [[['memoryPages', '1000']], [['memoryMiB', '1']]] as const) {
      const { spec, errors } = resolveRun({ params });
      expect(errors).toEqual([]);
      const room = (spec.params.memoryPages as number) - (spec.params.framebufferPages as number);
      expect(spec.params.hotSetPages).toBe(room);
    }
  });
});

describe('resolveRun: each bad field is named with what is allowed, and falls back to its default', () => {
  it('scenario', () => {
    const { spec, errors } = resolveRun({ scenario: 'nope' });
    const message = only(errors, 'scenario');
    expect(message).toContain('nope');
    expect(message).toContain('unprotected');
    expect(spec.scenario).toBe('unprotected');
  });

  it('preset', () => {
    const { spec, errors } = resolveRun({ preset: 'turbo' });
    const message = only(errors, 'preset');
    expect(message).toContain('turbo');
    for (const p of Object.keys(unprotected.presets)) expect(message).toContain(p);
    expect(spec.preset).toBe('default');
    expect(spec.params.packetsPerSec).toBe(PARAMS.packetsPerSec.default);
  });

  it.each(['-1', '1.5', 'abc', '', String(MAX_SEED + 1)])('seed %j', (seed) => {
    const { spec, errors } = resolveRun({ seed });
    const message = only(errors, 'seed');
    expect(message).toContain(`0 to ${MAX_SEED}`);
    expect(spec.seed).toBe(DEFAULT_SEED);
  });

  it('accepts the extreme seeds', () => {
    expect(resolveRun({ seed: '0' }).spec.seed).toBe(0);
    expect(resolveRun({ seed: String(MAX_SEED) }).spec.seed).toBe(MAX_SEED);
  });

  it.each(['0s', 'soon', '-1s', '2h', '3600.000001s', '5'])('until %j', (until) => {
    const { spec, errors } = resolveRun({ until });
    const message = only(errors, 'until');
    expect(message).toContain('1us');
    expect(message).toContain('3600s');
    expect(spec.untilUs).toBe(unprotected.defaultUntilUs);
  });

  it('an unknown parameter', () => {
    const { spec, errors } = resolveRun({ params: [['warpFactor', '9']] });
    const message = only(errors, 'warpFactor');
    expect(message).toContain('warpFactor');
    expect(message).toContain('bandwidthMbps');
    expect(message).toContain('memoryPages');
    expect(spec.params).not.toHaveProperty('warpFactor');
  });

  it.each([
    ['bandwidthMbps', '0', 'from 1 to 100000 (Mbit/s)'],
    ['bandwidthMbps', 'fast', 'from 1 to 100000 (Mbit/s)'],
    ['latencyUs', '1.5', 'a whole number from 0 to 1000000 (µs)'],
    ['latencyUs', '-3', 'a whole number from 0 to 1000000 (µs)'],
    ['heartbeatMs', '10001', 'a whole number from 1 to 10000 (ms)'],
    ['writer', 'sequential', 'one of round-robin, random'],
    ['clockHz', '0.05', 'from 0.1 to 50 (Hz)'],
  ])('a bad value of %s (%j)', (name, value, range) => {
    const { spec, errors } = resolveRun({ params: [[name, value]] });
    const message = only(errors, name);
    expect(message).toContain(name);
    expect(message).toContain(range);
    expect(spec.params[name]).toBe(PARAMS[name].default);
  });

  it('a bad value keeps the good values given with it', () => {
    const { spec, errors } = resolveRun({ params: [['latencyUs', 'x'], ['heartbeatMs', '50']] });
    expect(errors.map((e) => e.field)).toEqual(['latencyUs']);
    expect(spec.params.heartbeatMs).toBe(50);
  });

  it.each(['crash:C@1s', 'boom', 'cut:link@soon', 'crash:link@1s', 'cut:A@1s', 'crash:A'])('fault %j', (fault) => {
    const { spec, errors } = resolveRun({ faults: ['crash:B@2s', fault] });
    const message = only(errors, 'fault');
    expect(message).toContain(fault);
    expect(message).toContain(FAULT_FORMS);
    expect(spec.faults).toEqual([{ kind: 'crash', target: 'B', atUs: 2_000_000 }]);
  });

  it('reports every bad field at once', () => {
    const { errors } = resolveRun({ scenario: 'x', seed: 'y', until: 'z', params: [['latencyUs', 'w']], faults: ['v'] });
    expect(errors.map((e) => e.field).sort()).toEqual(['fault', 'latencyUs', 'scenario', 'seed', 'until']);
  });
});

describe('resolveRun: a failure detector must beat faster than it times out (heartbeatMs < failureTimeoutMs)', () => {
  const detector = (spec: { params: Readonly<Record<string, unknown>> }) => [spec.params.heartbeatMs, spec.params.failureTimeoutMs];

  it.each([
    ['300', '300', 'heartbeatMs must be less than failureTimeoutMs (300 ms); got 300', 'failureTimeoutMs must be greater than heartbeatMs (300 ms); got 300'],
    ['200', '150', 'heartbeatMs must be less than failureTimeoutMs (150 ms); got 200', 'failureTimeoutMs must be greater than heartbeatMs (200 ms); got 150'],
  ])('refuses heartbeatMs=%s with failureTimeoutMs=%s at both fields, each naming the other, and both take their defaults', (heartbeatMs, failureTimeoutMs, hbMessage, toMessage) => {
    const { spec, errors } = resolveRun({ params: [['heartbeatMs', heartbeatMs], ['failureTimeoutMs', failureTimeoutMs]] });
    expect(errors).toEqual([
      { field: 'heartbeatMs', message: hbMessage },
      { field: 'failureTimeoutMs', message: toMessage },
    ]);
    expect(detector(spec)).toEqual([100, 300]);
  });

  it('refuses a heartbeat given alone that is not shorter than the default timeout, at both fields', () => {
    const { spec, errors } = resolveRun({ scenario: 'kemari', params: [['heartbeatMs', '400']] });
    expect(errors.map((e) => e.message)).toEqual(['heartbeatMs must be less than failureTimeoutMs (300 ms); got 400', 'failureTimeoutMs must be greater than heartbeatMs (400 ms); got 300']);
    expect(detector(spec)).toEqual([100, 300]);
  });

  it('falls back to the preset\'s own detector (remus as shipped: 100/1000)', () => {
    const { spec, errors } = resolveRun({ scenario: 'remus', preset: 'as-shipped', params: [['heartbeatMs', '1000']] });
    expect(errors.map((e) => e.field)).toEqual(['heartbeatMs', 'failureTimeoutMs']);
    expect(detector(spec)).toEqual([100, 1000]);
  });

  it('keeps one error per field: a heartbeat already refused for its range is not named twice', () => {
    const { spec, errors } = resolveRun({ params: [['heartbeatMs', 'often'], ['failureTimeoutMs', '50']] });
    expect(errors).toEqual([
      { field: 'heartbeatMs', message: 'heartbeatMs must be a whole number from 1 to 10000 (ms); got "often"' },
      { field: 'failureTimeoutMs', message: 'failureTimeoutMs must be greater than heartbeatMs (100 ms); got 50' },
    ]);
    expect(detector(spec)).toEqual([100, 300]);
  });

  it.each([
    ['50', '200'],
    ['299', '300'],
  ])('accepts heartbeatMs=%s with failureTimeoutMs=%s', (heartbeatMs, failureTimeoutMs) => {
    const { spec, errors } = resolveRun({ params: [['heartbeatMs', heartbeatMs], ['failureTimeoutMs', failureTimeoutMs]] });
    expect(errors).toEqual([]);
    expect(detector(spec)).toEqual([Number(heartbeatMs), Number(failureTimeoutMs)]);
  });

  it('every preset of every scenario has a detector it accepts', () => {
    for (const scenario of SCENARIOS) {
      for (const preset of Object.keys(scenario.presets)) expect(resolveRun({ scenario: scenario.id, preset }).errors).toEqual([]);
    }
  });
});

describe('parseFault / formatFault', () => {
  it('parses the runner forms', () => {
    expect(parseFault('crash:A@2.5s')).toEqual({ ok: true, fault: { kind: 'crash', target: 'A', atUs: 2_500_000 } });
    expect(parseFault('crash:B@40ms')).toEqual({ ok: true, fault: { kind: 'crash', target: 'B', atUs: 40_000 } });
    expect(parseFault('cut:link@250us')).toEqual({ ok: true, fault: { kind: 'cut', target: 'link', atUs: 250 } });
    expect(parseFault('heal:link@0s')).toEqual({ ok: true, fault: { kind: 'heal', target: 'link', atUs: 0 } });
  });

  it('round-trips: formatFault then parseFault gives the same fault back (property)', () => {
    const faultArb: fc.Arbitrary<Fault> = fc.oneof(
      fc.record({ kind: fc.constant('crash' as const), target: fc.constantFrom('A' as const, 'B' as const), atUs: fc.integer({ min: 0, max: 3_600_000_000 }) }),
      fc.record({ kind: fc.constantFrom('cut' as const, 'heal' as const), target: fc.constant('link' as const), atUs: fc.integer({ min: 0, max: 3_600_000_000 }) }),
    );
    fc.assert(
      fc.property(faultArb, (f) => {
        const text = formatFault(f);
        expect(parseFault(text)).toEqual({ ok: true, fault: f });
        const again = parseFault(text);
        if (again.ok) expect(formatFault(again.fault)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('withParam', () => {
  it('sets one parameter and keeps the rest of the run exactly, memory in pages included', async () => {
    const { withParam } = await import('../../src/scenarios/run-spec');
    const { spec: base } = resolveRun({ scenario: 'remus', seed: '5', until: '3s', params: [['memoryPages', '1000']], faults: ['crash:A@checkpoint:4'] });
    const { spec, errors } = withParam(base, 'epochMs', '40');
    expect(errors).toEqual([]);
    expect(spec).toEqual({ ...base, params: { ...base.params, epochMs: 40 } });
    expect(spec.params.memoryPages).toBe(1000);
    const bad = withParam(base, 'epochMs', '0');
    expect(bad.errors.map((e) => e.field)).toEqual(['epochMs']);
    expect(withParam(base, 'memoryMiB', '8').spec.params.memoryPages).toBe(2048);
  });

  it('refuses a heartbeat that breaks the relation with the run\'s timeout, at both fields (the page shows the one it set)', async () => {
    const { withParam } = await import('../../src/scenarios/run-spec');
    const { spec: base } = resolveRun({ scenario: 'kemari', params: [['failureTimeoutMs', '500']] });
    const { spec, errors } = withParam(base, 'heartbeatMs', '500');
    expect(errors).toEqual([
      { field: 'heartbeatMs', message: 'heartbeatMs must be less than failureTimeoutMs (500 ms); got 500' },
      { field: 'failureTimeoutMs', message: 'failureTimeoutMs must be greater than heartbeatMs (500 ms); got 500' },
    ]);
    expect([spec.params.heartbeatMs, spec.params.failureTimeoutMs]).toEqual([100, 300]);
    expect(withParam(base, 'heartbeatMs', '499').errors).toEqual([]);
  });
});
