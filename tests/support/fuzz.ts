/**
 * What every fuzz test asks of a reader's result (tests/app/fuzz-*.test.ts, tests/cli/fuzz-args.test.ts):
 * no prototype pollution, errors that name their field and say what is allowed, and a run spec any part
 * of the app can run. Assertions whose messages are built only when they fail (the loops check
 * thousands of values).
 */
import { expect } from 'vitest';
import { getScenario } from '../../src/scenarios/index';
import { PARAMS, type ParamDef } from '../../src/scenarios/params';
import { phasesOf } from '../../src/scenarios/phases';
import { MAX_FAULTS, MAX_SEED, MAX_UNTIL_US, type FieldError, type RunSpec } from '../../src/scenarios/run-spec';

const PROTO_SNAPSHOT = new Map(Object.getOwnPropertyNames(Object.prototype).map((n) => [n, Object.getOwnPropertyDescriptor(Object.prototype, n)?.value]));
const ARRAY_PROTO_NAMES = Object.getOwnPropertyNames(Array.prototype).sort().join();

/** Object.prototype (and Array.prototype) as they were when this module loaded: no key added, none replaced. */
export function expectNoPollution(): void {
  const names = Object.getOwnPropertyNames(Object.prototype);
  expect(names.sort()).toEqual([...PROTO_SNAPSHOT.keys()].sort());
  for (const n of names) expect(Object.is(Object.getOwnPropertyDescriptor(Object.prototype, n)?.value, PROTO_SNAPSHOT.get(n)), n).toBe(true);
  expect(Object.getOwnPropertyNames(Array.prototype).sort().join()).toBe(ARRAY_PROTO_NAMES);
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(probe.isAdmin).toBeUndefined();
}

/** Words of a message that says what is allowed (a surface may accept more words). */
export const SAYS_ALLOWED = /allowed|must|at most|one of|such as|takes|left out|needs/;

/** An assertion whose message is built only when it fails. */
export function ok(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(message());
}

/** A long text cut for a failure message. */
export const short = (text: string): string => (text.length > 120 ? `${text.slice(0, 120)}… (${text.length} chars)` : text);

/** Every error names a non-empty field; its message names the field or the value, and says what is allowed (`saysAllowed`). */
export function expectNamedErrors(errors: readonly FieldError[], input: unknown, saysAllowed = SAYS_ALLOWED): void {
  for (const e of errors) {
    ok(typeof e.field === 'string' && e.field.length > 0, () => `empty field for ${short(JSON.stringify(input))}: ${short(e.message)}`);
    ok(typeof e.message === 'string' && e.message.length > 0, () => `empty message for ${short(JSON.stringify(input))}`);
    // `params` (the cap on parameter values) is spelt "parameter values"; a message may name the value instead ("…", got …).
    const named = e.message.includes(e.field) || (e.field === 'params' && e.message.includes('parameter')) || /"[^"]*"|\bgot /.test(e.message);
    ok(named, () => `message does not name ${short(e.field)}: ${short(e.message)}`);
    ok(saysAllowed.test(e.message), () => `message does not say what is allowed: ${short(e.message)}`);
  }
}

export function expectValidValue(def: ParamDef, name: string, value: unknown): void {
  const what = () => `${name}=${String(value)}`;
  if (def.kind === 'bool') return ok(typeof value === 'boolean', what);
  if (def.kind === 'enum') return ok(def.options.includes(value as string), what);
  ok(typeof value === 'number' && Number.isFinite(value) && value >= def.min && value <= def.max, what);
  // memoryMiB is derived from memoryPages (300 pages is 1.171875 MiB).
  if (def.integer && name !== 'memoryMiB') ok(Number.isInteger(value), what);
}

/** A run spec any part of the app can run: a registered scenario and preset, values in range, fitting memory. */
export function expectValidSpec(spec: RunSpec): void {
  const scenario = getScenario(spec.scenario);
  ok(scenario !== undefined, () => `scenario ${spec.scenario}`);
  ok(Object.hasOwn(scenario!.presets, spec.preset), () => `preset ${spec.preset}`);
  ok(Number.isInteger(spec.seed) && spec.seed >= 0 && spec.seed <= MAX_SEED, () => `seed ${spec.seed}`);
  ok(Number.isSafeInteger(spec.untilUs) && spec.untilUs >= 1 && spec.untilUs <= MAX_UNTIL_US, () => `untilUs ${spec.untilUs}`);
  ok(spec.faults.length <= MAX_FAULTS, () => `${spec.faults.length} faults`);
  const phases = phasesOf(spec.scenario);
  for (const f of spec.faults) {
    ok((f.kind === 'crash' ? ['A', 'B'] : ['link']).includes(f.target), () => `fault ${JSON.stringify(f)}`);
    if (f.phase) {
      const def = phases.find((p) => p.name === f.phase.name);
      ok(def !== undefined && (def.numbered ? Number.isSafeInteger(f.phase.index) && f.phase.index! >= 1 : f.phase.index === null), () => `phase ${JSON.stringify(f.phase)}`);
      ok(Number.isSafeInteger(f.phase.afterUs) && f.phase.afterUs >= 0, () => `phase delay ${f.phase.afterUs}`);
    } else ok(Number.isSafeInteger(f.atUs) && f.atUs >= 0, () => `fault at ${f.atUs}`);
  }
  const p = spec.params;
  ok(Object.getPrototypeOf(p) === Object.prototype, () => 'params have another prototype');
  const expected = new Set([...scenario!.params, ...(scenario!.params.includes('memoryMiB') ? ['memoryPages'] : [])]);
  const keys = Object.keys(p);
  ok(keys.length === expected.size && keys.every((k) => expected.has(k)), () => `params ${keys.join()} of ${spec.scenario}`);
  for (const [name, value] of Object.entries(p)) expectValidValue(PARAMS[name], name, value);
  if ('memoryMiB' in p) ok(p.memoryMiB === (p.memoryPages as number) / 256, () => `memoryMiB ${p.memoryMiB}, memoryPages ${p.memoryPages}`);
  if (typeof p.heartbeatMs === 'number') ok(p.heartbeatMs < (p.failureTimeoutMs as number), () => `heartbeatMs ${p.heartbeatMs} >= failureTimeoutMs ${p.failureTimeoutMs}`);
  if (typeof p.framebufferPages === 'number') {
    const tiers = ['hotSetPages', 'warmSetPages', 'coolSetPages'].reduce((sum, k) => sum + ((p[k] as number | undefined) ?? 0), 0);
    ok(p.framebufferPages + tiers <= (p.memoryPages as number), () => `framebuffer and working set ${p.framebufferPages}+${tiers} exceed memory ${p.memoryPages}`);
  }
}
