/**
 * Fuzzing the headless runner's flags (issue "Proof at depth": every input surface): `parseArgs`, then
 * `resolveRun` on what it parsed, then `parseVary` for a sweep — as the runner's main does, without
 * spawning it — over generated command lines: unknown and repeated flags, `--flag=value` and
 * `--flag value` forms, missing values, out-of-range and malformed values, huge and repeated ones,
 * unicode (lone surrogates, RTL, zero-width), markup and prototype-pollution names, and named payloads.
 * For every command line: nothing throws; a refusal is one line naming the flag and what is allowed;
 * every field error names a non-empty field and what is allowed; a run resolved without errors is a
 * valid run; Object.prototype is untouched. Each property counts its branches so it cannot pass on one.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FORMATS, parseArgs, SWEEP_FORMATS } from '../../src/cli/args';
import { SCENARIOS } from '../../src/scenarios/all';
import { PARAMS, type ParamDef } from '../../src/scenarios/params';
import { distinctErrors, MAX_FAULTS, MAX_PARAMS_GIVEN, MAX_SEED, resolveRun } from '../../src/scenarios/run-spec';
import { MAX_RUNS, parseVary } from '../../src/world/sweep';
import { expectNamedErrors, expectNoPollution, expectValidSpec, ok, short } from '../support/fuzz';

const RUNS = 300;

// ---- what every result must satisfy ----

afterAll(expectNoPollution);

/** Words of a runner message that says what is allowed. */
const SAYS_ALLOWED = /allowed|must|at most|one of|such as|takes|needs|belongs to/;
const FLAGS = ['--scenario', '--preset', '--seed', '--until', '--set', '--fault', '--format', '--vary'];

/** A refusal of the command line: one line that names the flag (or the argument) and what is allowed. */
function expectNamedRefusal(message: string, argv: readonly string[]): void {
  ok(typeof message === 'string' && message.length > 0, () => `empty refusal for ${short(JSON.stringify(argv))}`);
  ok(FLAGS.some((f) => message.includes(f)) || message.startsWith('unknown argument "'), () => `refusal names no flag: ${short(message)}`);
  ok(SAYS_ALLOWED.test(message) || / given twice$/.test(message), () => `refusal does not say what is allowed: ${short(message)}`);
}

type Outcome = 'refused-flags' | 'refused-values' | 'help' | 'run' | 'sweep' | 'sweep-refused';

/** What the runner's main does with `argv`, short of running: every step checked; returns the branch taken. */
function check(argv: readonly string[]): Outcome {
  const parsed = parseArgs(argv);
  if (!parsed.ok) {
    expectNamedRefusal(parsed.message, argv);
    return 'refused-flags';
  }
  const { request } = parsed;
  if (request.command === 'help') return 'help';
  expect((request.command === 'sweep' ? SWEEP_FORMATS : FORMATS).includes(request.format)).toBe(true);
  const { spec, errors } = resolveRun(request.raw);
  expectNamedErrors(errors, argv, SAYS_ALLOWED);
  // The spec is valid even with errors: each refused field took its default.
  expectValidSpec(spec);
  const fields = new Set(errors.map((e) => e.field));
  ok(!fields.has('seed') || spec.seed === 1, () => 'seed refused but not at its default');
  ok(!fields.has('scenario') || spec.scenario === SCENARIOS[0].id, () => 'scenario refused but not at its default');
  if (errors.length > 0) return 'refused-values';
  if (request.command !== 'sweep' || request.vary === undefined) return 'run';
  const vary = parseVary(request.vary, spec);
  if (!vary.ok) {
    expectNamedErrors([vary.error], argv, SAYS_ALLOWED);
    ok(vary.error.message.startsWith('--vary'), () => `vary refusal does not name --vary: ${vary.error.message}`);
    return 'sweep-refused';
  }
  ok(Number.isInteger(vary.vary.runs) && vary.vary.runs >= 1 && vary.vary.runs <= MAX_RUNS, () => `runs ${vary.vary.runs}`);
  ok(vary.vary.from <= vary.vary.to, () => `from ${vary.vary.from} > to ${vary.vary.to}`);
  return 'sweep';
}

// ---- inputs ----

const POLLUTION = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const ODD_CHARS = ['\ud800', '\udfff', '\u202e', '\u200f', '\u200b', '\ufeff', '\u0000', 'ש', '\u0301', '😀', '\n', '=', '@', ':', ',', ' ', '-', '"'];
const NASTY = ['', ' ', '-', '--', '---', '-h', '--help', '--=', '--scenario=', '<img src=x onerror=alert(1)>', '</script>', ...POLLUTION, ...ODD_CHARS, 'a\u202ebc', 'NaN', '-1', '1e309', '0x10', '4294967296', '9'.repeat(400), 'crash:A@\u200b1s', '=1', '==', 'sweep'];

const nasty = fc.constantFrom(...NASTY);
const oddString = fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: fc.constantFrom(...ODD_CHARS), maxLength: 10 }));
const durationText = fc.oneof(fc.tuple(fc.nat({ max: 5_000_000 }), fc.constantFrom('us', 'ms', 's', '', 'h')).map(([n, u]) => `${n}${u}`), fc.constantFrom('0s', '3600s', '3600.000001s', '.5s', ' 2s '));

function paramValue(def: ParamDef): fc.Arbitrary<string> {
  if (def.kind === 'bool') return fc.constantFrom('true', 'false', 'on', 'off', 'maybe');
  if (def.kind === 'enum') return fc.constantFrom(...def.options, 'bogus');
  const inRange = def.integer ? fc.integer({ min: def.min, max: def.max }) : fc.double({ min: def.min, max: def.max, noNaN: true });
  return fc.oneof({ arbitrary: inRange.map(String), weight: 6 }, fc.constantFrom(String(def.min - 1), String(def.max + 1), `${def.default}.5`, ''));
}
const faultText = fc.oneof(
  { arbitrary: fc.tuple(fc.constantFrom('crash:A', 'crash:B', 'cut:link', 'heal:link'), fc.nat({ max: 20_000 })).map(([a, ms]) => `${a}@${ms}ms`), weight: 5 },
  fc.constantFrom('crash:A@checkpoint:3', 'crash:A@sync:2+1ms', 'crash:A@stop-and-copy', 'crash:C@1s', 'crash:A@constructor', 'cut:link@round:0', 'crash:A@__proto__'),
);
const varyText = fc.oneof(
  fc.tuple(fc.nat({ max: 4000 }), fc.nat({ max: 4000 }), fc.integer({ min: 0, max: 1200 })).map(([a, b, n]) => `crashAt=${a}ms:${b}ms:${n}`),
  fc.tuple(fc.constantFrom('epochMs', 'latencyUs', 'bandwidthMbps', 'writer', '__proto__', 'constructor', 'crashat'), fc.nat({ max: 300 }), fc.nat({ max: 300 }), fc.integer({ min: 0, max: 50 })).map(([v, a, b, n]) => `${v}=${a}:${b}:${n}`),
  fc.constantFrom('crashAt=1s:9s', 'crashAt', '=::', 'crashAt=1s:9s:200:1', 'crashAt=\u200b1s:2s:3'),
);

/** One flag and its value, mostly well-formed, in either form (`--flag value` or `--flag=value`). */
const flagTokens = (s: (typeof SCENARIOS)[number]): fc.Arbitrary<string[]> =>
  fc
    .tuple(
      fc.oneof(
        fc.tuple(fc.constant('--preset'), fc.constantFrom(...Object.keys(s.presets))),
        fc.tuple(fc.constant('--seed'), fc.nat({ max: MAX_SEED }).map(String)),
        fc.tuple(fc.constant('--until'), fc.integer({ min: 5, max: 30 }).map((n) => `${n}s`)),
        fc.tuple(fc.constant('--set'), fc.constantFrom(...s.params.map((n) => PARAMS[n])).chain((def) => paramValue(def).map((v) => `${def.name}=${v}`))),
        fc.tuple(fc.constant('--fault'), faultText),
        fc.tuple(fc.constant('--format'), fc.constantFrom(...FORMATS, 'csv', 'xml')),
      ),
      fc.boolean(),
    )
    .map(([[flag, value], joined]) => (joined ? [`${flag}=${value}`] : [flag, value]));

/** Any token: a flag, a value, a flag with any value, or any text. */
const wildTokens: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(fc.constantFrom(...FLAGS), fc.oneof(nasty, oddString, durationText)).map(([f, v]) => [f, v]),
  fc.tuple(fc.constantFrom(...FLAGS), fc.oneof(nasty, oddString)).map(([f, v]) => [`${f}=${v}`]),
  fc.tuple(fc.constant('--set'), fc.oneof(fc.constantFrom(...POLLUTION, ...Object.keys(PARAMS)), oddString), fc.oneof(nasty, oddString)).map(([, k, v]) => ['--set', `${k}=${v}`]),
  nasty.map((t) => [t]),
  oddString.map((t) => [t]),
  fc.constantFrom<string[]>(['--scenario'], ['--set'], ['--fault'], ['-h'], ['--vary', 'crashAt=1s:2s:3']),
);

/** A command line: `[sweep] --scenario <id>` and well-formed flags, with now and then a wild token. */
const argv: fc.Arbitrary<string[]> = fc.oneof(
  {
    arbitrary: fc.constantFrom(...SCENARIOS).chain((s) =>
      fc
        .tuple(fc.boolean(), fc.array(flagTokens(s), { maxLength: 4 }), fc.array(wildTokens, { maxLength: 1 }), fc.option(varyText), fc.nat({ max: 9 }))
        .map(([sweep, flags, wild, vary, wildChance]) => {
          const tokens = [...(sweep ? ['sweep'] : []), '--scenario', s.id, ...flags.flat()];
          if (sweep) {
            // A sweep takes csv or json, and --vary.
            const i = tokens.findIndex((t) => t.startsWith('--format'));
            if (i >= 0) tokens.splice(i, tokens[i].includes('=') ? 1 : 2);
            if (vary !== null) tokens.push('--vary', vary);
          }
          if (wildChance < 3) tokens.push(...wild.flat());
          return tokens;
        }),
    ),
    weight: 5,
  },
  fc.array(wildTokens, { maxLength: 6 }).map((t) => t.flat()),
  fc.array(fc.oneof(nasty, oddString), { maxLength: 6 }),
  // A well-formed sweep (the lines above make one now and then: too rarely to be sure of a few in a run).
  fc
    .tuple(fc.constantFrom(...SCENARIOS), fc.nat({ max: 3000 }), fc.nat({ max: 3000 }), fc.integer({ min: 1, max: 50 }))
    .map(([s, a, b, n]) => ['sweep', '--scenario', s.id, '--vary', `crashAt=${Math.min(a, b)}ms:${Math.max(a, b)}ms:${n}`]),
);

// ---- the properties ----

describe('fuzz: the runner flags (parseArgs, then resolveRun, then parseVary)', () => {
  it(`property (${RUNS} command lines): never throws; every refusal and error is named with what is allowed; a resolved run is valid`, () => {
    const seen = new Map<Outcome, number>();
    fc.assert(
      fc.property(argv, (args) => {
        const outcome = check(args);
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
        expectNoPollution();
      }),
      { numRuns: RUNS },
    );
    // Every branch is taken, so no check above is vacuous.
    for (const outcome of ['refused-flags', 'refused-values', 'run', 'sweep', 'sweep-refused'] as const) expect(seen.get(outcome) ?? 0, outcome).toBeGreaterThan(3);
  });

  it('named payloads as every flag\'s value (both forms), as an argument and as a --set name', () => {
    const seen = new Map<Outcome, number>();
    for (const payload of NASTY) {
      const lines: string[][] = [[payload], ['--scenario', 'kemari', payload], ['--set', `${payload}=1`, '--scenario', 'remus'], ['--scenario', 'remus', '--set', `epochMs=${payload}`]];
      for (const flag of FLAGS) lines.push(['--scenario', 'kemari', flag, payload], ['--scenario', 'kemari', `${flag}=${payload}`], ['sweep', '--scenario', 'kemari', flag, payload]);
      for (const line of lines) {
        const outcome = check(line);
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
      }
    }
    expect(seen.get('refused-flags')).toBeGreaterThan(NASTY.length);
    expect(seen.get('refused-values')).toBeGreaterThan(NASTY.length);
    expectNoPollution();
  });

  it('prototype-pollution names as --set names, scenarios, presets, phases and sweep variables: refused by name', () => {
    for (const name of POLLUTION) {
      const parsed = parseArgs(['--scenario', name, '--preset', name, '--set', `${name}=1`, '--set', `${name}[polluted]=1`, '--fault', `crash:A@${name.toLowerCase()}`]);
      expect(parsed.ok).toBe(true);
      const { spec, errors } = resolveRun(parsed.ok ? parsed.request.raw : {});
      expectNamedErrors(errors, [name], SAYS_ALLOWED);
      expect(errors.map((e) => e.field)).toEqual(expect.arrayContaining(['scenario', 'preset', name, `${name}[polluted]`, 'fault']));
      expectValidSpec(spec);
      expect(Object.hasOwn(spec.params, name)).toBe(false);
      const vary = parseVary(`${name}=1:2:3`, resolveRun({ scenario: 'remus' }).spec);
      expect(vary.ok).toBe(false);
      if (!vary.ok) expectNamedErrors([vary.error], [name], SAYS_ALLOWED);
    }
    expectNoPollution();
  });

  it('the caps and huge command lines: 100 faults and 256 --set are taken, one more refuses the list by name; fast', () => {
    const faults = (n: number) => Array.from({ length: n }, (_, i) => ['--fault', `crash:A@${i}ms`]).flat();
    const sets = (n: number) => Array.from({ length: n }, (_, i) => ['--set', `latencyUs=${i}`]).flat();
    expect(check(['--scenario', 'kemari', ...faults(MAX_FAULTS)])).toBe('run');
    expect(check(['--scenario', 'kemari', ...sets(MAX_PARAMS_GIVEN)])).toBe('run');
    for (const [line, field] of [
      [['--scenario', 'kemari', ...faults(MAX_FAULTS + 1)], 'fault'],
      [['--scenario', 'kemari', ...sets(MAX_PARAMS_GIVEN + 1)], 'params'],
    ] as const) {
      const parsed = parseArgs(line);
      const { spec, errors } = resolveRun(parsed.ok ? parsed.request.raw : {});
      expect(errors.map((e) => e.field)).toEqual([field]);
      expectValidSpec(spec);
    }
    // Thousands of the same bad value: named each time, no crash; the runner prints each once.
    const repeated = ['--scenario', 'kemari', ...Array.from({ length: MAX_FAULTS }, () => ['--fault', 'crash:C@1s']).flat(), ...Array.from({ length: MAX_PARAMS_GIVEN }, () => ['--set', 'nope=1']).flat()];
    const parsed = parseArgs(repeated);
    const { errors } = resolveRun(parsed.ok ? parsed.request.raw : {});
    expect(errors).toHaveLength(MAX_FAULTS + MAX_PARAMS_GIVEN);
    expect(distinctErrors(errors)).toHaveLength(2);
    for (const line of [
      ['--scenario', 'x'.repeat(200_000)],
      ['--scenario', 'kemari', '--seed', '9'.repeat(100_000)],
      ['--scenario', 'kemari', '--until', `1${'0'.repeat(100_000)}s`],
      ['--scenario', 'kemari', '--set', `${'x'.repeat(100_000)}=1`],
      ['--scenario', 'kemari', `--fault=crash:A@sync:${'9'.repeat(10_000)}`],
      ['sweep', '--scenario', 'kemari', '--vary', `crashAt=${'1'.repeat(50_000)}:${'='.repeat(50_000)}`],
      ['sweep', '--scenario', 'kemari', '--vary', `${'='.repeat(100_000)}:::`],
      Array.from({ length: 20_000 }, () => '--bogus'),
      ['--scenario', 'kemari', ...Array.from({ length: 10_000 }, () => '--scenario=kemari')],
    ]) check(line);
  });

  it('a flag given twice and a flag without a value are refused by name', () => {
    const twice = parseArgs(['--seed', '1', '--seed=1']);
    expect(twice).toEqual({ ok: false, message: '--seed given twice' });
    for (const flag of FLAGS) {
      const r = parseArgs(['--scenario=kemari', flag].slice(flag === '--scenario' ? 1 : 0));
      expect(r.ok).toBe(false);
      if (!r.ok) expectNamedRefusal(r.message, [flag]);
    }
  });
});
