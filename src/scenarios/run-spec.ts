/**
 * A run's full specification, resolved from raw text (runner flags, URL keys, an imported file):
 * scenario, preset, seed, every effective parameter, faults and the end of the run. Each bad field
 * gets a message naming it and what is allowed, and falls back to its default, so a caller can refuse
 * (the runner) or carry on with the last good value (the page). Pure.
 * @see ../../shared/DESIGN.md §10
 */
import { formatDuration, parseDuration, type Micros } from '../sim/time';
import { checkPhase, parseFault, sortFaults, type Fault } from './faults';
import { getScenario, SCENARIO_IDS } from './index';
import { PARAMS, parseParamValue, type ParamValue } from './params';
import type { ScenarioDef } from './scenario';

/**
 * Version of the model (and of URL state and lab files): a link or file names the one it was made
 * with, and one made with an older model opens with a notice of what changed since.
 */
export const FORMAT_VERSION = 2;

/** What changed in the model at each version, for links and files made before it. */
export const MODEL_CHANGES: Readonly<Record<number, string>> = {
  2: "the client's connection is TCP: a pause of any length is a stall (Session: stalled) and recovers; the session is lost only when a TCP gives up (about 15 minutes) or the optional viewer watchdog clientTimeoutMs fires (off by default; it was 2500 ms); the client's max stall is a frame's lateness beyond when it was due; after committing a migration host A never runs the VM again, and a cut link is found by the failure detector; the migration presets run Clark's Xen (pages re-dirtied are skipped, a 30 ms suspend, the final round at the link's speed, working sets written at several rates), so their figures changed",
};

/** The notice for a link or file made with model version `v` (null when it is this one, or not a known older one). */
export function modelNotice(v: number): string | null {
  if (!Number.isInteger(v) || v < 1 || v >= FORMAT_VERSION) return null;
  const changes = Object.entries(MODEL_CHANGES)
    .filter(([at]) => Number(at) > v)
    .map(([at, what]) => `in version ${at}, ${what}`);
  return `This was made with model version ${v}; the lab now runs version ${FORMAT_VERSION}, and opens it with the same settings under the new model. What changed: ${changes.join('; ')}.`;
}
export const DEFAULT_SEED = 1;
export const MAX_SEED = 4_294_967_295;
export const MAX_UNTIL_US = 3_600_000_000;
/** The most faults one run takes (a schedule longer than this is refused whole). */
export const MAX_FAULTS = 100;
/** The most parameter values one run is given (repeats included; more are refused whole). */
export const MAX_PARAMS_GIVEN = 256;

export interface RunSpec {
  readonly scenario: string;
  readonly preset: string;
  readonly seed: number;
  /** Every effective parameter of the scenario (memory given both in MiB and in pages). */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly faults: readonly Fault[];
  readonly untilUs: Micros;
}

/** Raw text of a run, as flags or URL keys give it. */
export interface RawRun {
  readonly scenario?: string;
  readonly preset?: string;
  readonly seed?: string;
  readonly until?: string;
  /** `[name, value]` pairs in the order given (a later one wins). */
  readonly params?: readonly (readonly [string, string])[];
  readonly faults?: readonly string[];
}

export interface FieldError {
  /** The field at fault: `scenario`, `preset`, `seed`, `until`, `fault`, or a parameter name. */
  readonly field: string;
  readonly message: string;
}

/** `errors` with each refusal once (the same bad value given twice is one refusal), in first-seen order. */
export function distinctErrors<E extends FieldError>(errors: readonly E[]): E[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function defaultsOf(scenario: ScenarioDef<string>, preset: string): Record<string, ParamValue> {
  const values: Record<string, ParamValue> = {};
  for (const name of scenario.params) values[name] = PARAMS[name].default;
  Object.assign(values, scenario.defaults, scenario.presets[preset]?.values ?? {});
  return values;
}

/** Fills in the derived memory size so that both names are present and agree. */
function withMemory(values: Record<string, ParamValue>, pagesGiven: number | undefined): Record<string, ParamValue> {
  if (!('memoryMiB' in values)) return values;
  const pages = pagesGiven ?? Math.round((values.memoryMiB as number) * 256);
  return { ...values, memoryPages: pages, memoryMiB: pages / 256 };
}

/** The default run of a scenario (its default preset, seed 1, no faults). */
export function defaultRun(scenarioId: string = SCENARIO_IDS[0]): RunSpec {
  return defaultRunOf(getScenario(scenarioId) ?? getScenario(SCENARIO_IDS[0])!);
}

/** The default run of a scenario given as data (one of the registry's, or a technique of the caller's). */
export function defaultRunOf(scenario: ScenarioDef<string>): RunSpec {
  const preset = scenario.defaultPreset;
  return { scenario: scenario.id, preset, seed: DEFAULT_SEED, params: withMemory(defaultsOf(scenario, preset), undefined), faults: [], untilUs: scenario.presets[preset]?.untilUs ?? scenario.defaultUntilUs };
}

/**
 * Refuses a failure detector whose heartbeat interval is not shorter than its timeout: its peer would
 * fall silent for a whole timeout between two heartbeats and be declared dead while alive. Each of
 * the two fields is named (unless already refused), with the other's value and the allowed relation,
 * and both take their defaults, so the run is the one the two fields' defaults give. Changes `values`.
 * @see ../../shared/DESIGN.md §5 (Failure detection)
 */
function refuseBlindDetector(values: Record<string, ParamValue>, defaults: Readonly<Record<string, ParamValue>>, errors: FieldError[]): void {
  const heartbeatMs = values.heartbeatMs;
  const failureTimeoutMs = values.failureTimeoutMs;
  if (typeof heartbeatMs !== 'number' || typeof failureTimeoutMs !== 'number' || heartbeatMs < failureTimeoutMs) return;
  const refuse = (field: string, message: string) => {
    if (!errors.some((e) => e.field === field)) errors.push({ field, message });
  };
  refuse('heartbeatMs', `heartbeatMs must be less than failureTimeoutMs (${failureTimeoutMs} ms); got ${heartbeatMs}`);
  refuse('failureTimeoutMs', `failureTimeoutMs must be greater than heartbeatMs (${heartbeatMs} ms); got ${failureTimeoutMs}`);
  values.heartbeatMs = defaults.heartbeatMs;
  values.failureTimeoutMs = defaults.failureTimeoutMs;
}

/**
 * The writer's tiers (hot set, then warm and cool sets) lie one after another from the start of memory
 * and must fit in front of the framebuffer. A tier the user chose must fit in the room the tiers before
 * it leave (its message says how much); a preset's or default tier shrinks quietly to a small memory.
 * Changes `params`.
 */
function fitWorkingSet(params: Record<string, ParamValue>, given: ReadonlySet<string>, errors: FieldError[]): void {
  let room = Math.max(0, (params.memoryPages as number) - (params.framebufferPages as number));
  const before: Record<string, string> = { hotSetPages: 'memory less the framebuffer', warmSetPages: 'memory less the framebuffer and the hot set', coolSetPages: 'memory less the framebuffer, the hot set and the warm set' };
  for (const name of ['hotSetPages', 'warmSetPages', 'coolSetPages']) {
    const pages = params[name];
    if (typeof pages !== 'number') continue;
    if (pages > room) {
      if (given.has(name)) errors.push({ field: name, message: `${name} must be a whole number from 0 to ${room} (pages: ${before[name]}); got "${pages}"` });
      params[name] = room;
    }
    room -= params[name] as number;
  }
}

/** Resolves raw text into a run; every refused field is in `errors` and took its default. */
export function resolveRun(raw: RawRun): { spec: RunSpec; errors: FieldError[] } {
  const errors: FieldError[] = [];
  let scenario: ScenarioDef | undefined;
  if (raw.scenario !== undefined) {
    scenario = getScenario(raw.scenario);
    if (!scenario) errors.push({ field: 'scenario', message: `scenario "${raw.scenario}" is unknown; allowed: ${SCENARIO_IDS.join(', ')}` });
  }
  scenario ??= getScenario(SCENARIO_IDS[0])!;
  let preset = scenario.defaultPreset;
  if (raw.preset !== undefined) {
    if (Object.hasOwn(scenario.presets, raw.preset)) preset = raw.preset;
    else errors.push({ field: 'preset', message: `preset "${raw.preset}" is not a preset of ${scenario.id}; allowed: ${Object.keys(scenario.presets).join(', ')}` });
  }
  let seed = DEFAULT_SEED;
  if (raw.seed !== undefined) {
    const n = Number(raw.seed.trim());
    if (/^\d+$/.test(raw.seed.trim()) && n <= MAX_SEED) seed = n;
    else errors.push({ field: 'seed', message: `seed must be a whole number from 0 to ${MAX_SEED}; got "${raw.seed}"` });
  }
  let untilUs = scenario.presets[preset]?.untilUs ?? scenario.defaultUntilUs;
  if (raw.until !== undefined) {
    const d = parseDuration(raw.until);
    if (d !== undefined && d > 0 && d <= MAX_UNTIL_US) untilUs = d;
    else errors.push({ field: 'until', message: `until must be a duration from 1us to ${formatDuration(MAX_UNTIL_US)} (such as 6s, 250ms, 40us); got "${raw.until}"` });
  }
  const values = defaultsOf(scenario, preset);
  let pagesGiven: number | undefined;
  const given = new Set<string>();
  let givenParams = raw.params ?? [];
  if (givenParams.length > MAX_PARAMS_GIVEN) {
    errors.push({ field: 'params', message: `a run takes at most ${MAX_PARAMS_GIVEN} parameter values; got ${givenParams.length} (none was used)` });
    givenParams = [];
  }
  for (const [name, text] of givenParams) {
    const def = PARAMS[name];
    const usable = def && (scenario.params.includes(name) || (name === 'memoryPages' && scenario.params.includes('memoryMiB')));
    if (!usable) {
      // A value with no name (`?=1`) is refused under `params`, so that the message names a field.
      errors.push({ field: name === '' ? 'params' : name, message: `parameter "${name}" is not a parameter of ${scenario.id}; allowed: ${[...scenario.params, 'memoryPages'].join(', ')}` });
      continue;
    }
    const parsed = parseParamValue(def, text);
    if (!parsed.ok) {
      errors.push({ field: name, message: parsed.message });
      continue;
    }
    if (name === 'hotSetPages' || name === 'warmSetPages' || name === 'coolSetPages') given.add(name);
    if (name === 'memoryPages') pagesGiven = parsed.value as number;
    else values[name] = parsed.value;
  }
  refuseBlindDetector(values, defaultsOf(scenario, preset), errors);
  const params = withMemory(values, pagesGiven);
  const room = (params.memoryPages as number) - (params.framebufferPages as number);
  if (typeof params.framebufferPages === 'number' && room < 0) {
    errors.push({ field: 'framebufferPages', message: `framebufferPages must be a whole number from 0 to ${params.memoryPages} (pages: at most the memory); got "${params.framebufferPages}"` });
    params.framebufferPages = 0;
  }
  fitWorkingSet(params, given, errors);
  const faults: Fault[] = [];
  let givenFaults = raw.faults ?? [];
  if (givenFaults.length > MAX_FAULTS) {
    errors.push({ field: 'fault', message: `a run takes at most ${MAX_FAULTS} faults; got ${givenFaults.length} (none was used)` });
    givenFaults = [];
  }
  for (const text of givenFaults) {
    const parsed = parseFault(text);
    const bad = parsed.ok ? checkPhase(parsed.fault, scenario.id, text) : parsed.message;
    if (parsed.ok && bad === null) faults.push(parsed.fault);
    else errors.push({ field: 'fault', message: bad! });
  }
  return { spec: { scenario: scenario.id, preset, seed, params, faults: sortFaults(faults), untilUs }, errors };
}

/**
 * `base` with parameter `name` set to `text` (read as the runner's `--set` reads it), keeping its
 * faults and length. Memory stays exact in pages unless memoryMiB itself is the parameter. Returns
 * every field refused (the spec then holds their defaults, as `resolveRun` does).
 */
export function withParam(base: RunSpec, name: string, text: string): { spec: RunSpec; errors: FieldError[] } {
  const params: [string, string][] = [];
  for (const [key, v] of Object.entries(base.params)) {
    if (key === name || key === 'memoryMiB' || (key === 'memoryPages' && name === 'memoryMiB')) continue;
    params.push([key, String(v)]);
  }
  params.push([name, text]);
  const { spec, errors } = resolveRun({ scenario: base.scenario, preset: base.preset, seed: String(base.seed), params });
  return { spec: { ...spec, faults: base.faults, untilUs: base.untilUs }, errors };
}

/** `spec` with a crash of `host` at `atUs` added to its faults (kept in the order the world applies them). */
export function withCrash(spec: RunSpec, host: 'A' | 'B', atUs: Micros): RunSpec {
  return { ...spec, faults: sortFaults([...spec.faults, { kind: 'crash', target: host, atUs }]) };
}
