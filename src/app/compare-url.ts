/**
 * The compare view's state in the URL: `compare=1`, then the keys of the lab's URL that the four runs
 * share — `v`, `seed`, the shared parameters by their runner names, one `fault=crash:A@<time>`, `until`,
 * `t`, `speed` — and `scenario`, the lab page "Back to the lab" returns to, and `techniques`, the panes
 * chosen (comma-separated ids, such as `techniques=kemari,remus`; left out when every technique is).
 * Bad values are reported field by field and fall back to their defaults, as on the lab's page. Pure
 * (takes and returns query strings).
 * @see ./url-state.ts and ../../shared/DESIGN.md §10 (The page's contract)
 */
import { isTimed } from '../scenarios/faults';
import { getScenario } from '../scenarios/index';
import { SCENARIOS } from '../scenarios/all';
import { PARAMS } from '../scenarios/params';
import { FORMAT_VERSION, resolveRun, type FieldError, type RunSpec } from '../scenarios/run-spec';
import { formatDuration, type Micros } from '../sim/time';
import { COMPARE_SCENARIOS, isCompareScenario, type CompareScenario, crashFaults, crashText, DEFAULT_CRASH_US, defaultCompare, SHARED_PARAMS, sharedParamsOf, type CompareSpec } from './compare';
import { checkVersion, readPlayhead, writeUrl } from './url-state';

/** Keys of the compare URL that are not parameters. */
const COMPARE_KEYS = new Set(['compare', 'v', 'scenario', 'techniques', 'seed', 'fault', 'until', 't', 'speed']);
/** Keys other parts of the app (embed, presenter) read; ignored here, never refused. */
const OTHER_KEYS = new Set(['scene', 'autoplay', 'controls', 'theme', 'height', 'panel']);

export interface CompareUrlState {
  readonly compare: CompareSpec;
  /** The lab's scenario to go back to. */
  readonly from: string;
  /** The techniques chosen as panes, in COMPARE_SCENARIOS order (every one unless the URL says otherwise). */
  readonly techniques: readonly CompareScenario[];
  readonly t: Micros;
  readonly speed: number;
  readonly errors: readonly FieldError[];
  /** Made with an older model: what changed since (null otherwise). */
  readonly notice: string | null;
}


/** Reads the comparison from a query string (`?compare=1&seed=…`). */
export function readCompareUrl(search: string): CompareUrlState {
  const q = new URLSearchParams(search);
  const errors: FieldError[] = [];
  const notice = checkVersion(q, errors);
  let from: string = COMPARE_SCENARIOS[0];
  const scenario = q.get('scenario');
  if (scenario !== null) {
    if (getScenario(scenario)) from = scenario;
    else errors.push({ field: 'scenario', message: `scenario "${scenario}" is unknown (the lab page to go back to); allowed: ${SCENARIOS.map((s) => s.id).join(', ')}` });
  }
  const techniques = readTechniques(q, errors);
  const params: [string, string][] = [];
  for (const [key, value] of q) {
    if (COMPARE_KEYS.has(key) || OTHER_KEYS.has(key)) continue;
    if (SHARED_PARAMS.includes(key) || key === 'memoryPages') params.push([key, value]);
    else if (key === 'preset') errors.push({ field: key, message: `preset "${value}" is left out: the compare view runs each technique with its own default preset` });
    else errors.push({ field: key, message: `parameter "${key}" is not shared by the compared techniques (each keeps its own default preset); allowed: ${[...SHARED_PARAMS, 'memoryPages'].join(', ')}` });
  }
  // Kemari has every shared parameter: its resolution checks them as the lab's page would.
  const { spec, errors: runErrors } = resolveRun({
    scenario: 'kemari',
    seed: q.get('seed') ?? undefined,
    until: q.get('until') ?? undefined,
    params,
    faults: q.getAll('fault'),
  });
  for (const e of runErrors) errors.push(e);
  // One crash of host A; without a usable one, the default crash time (a comparison is about the crash).
  let crashAtUs: Micros | null = null;
  for (const f of spec.faults) {
    if (f.kind === 'crash' && f.target === 'A' && !f.phase && crashAtUs === null) crashAtUs = f.atUs;
    else errors.push({ field: 'fault', message: `the compare view takes one crash of host A (crash:A@<time>, such as crash:A@3.5s); "${f.kind}:${f.target}" is left out` });
  }
  if (crashAtUs !== null && crashAtUs > spec.untilUs) {
    errors.push({ field: 'fault', message: `the crash of host A must be within the run (0s to ${formatDuration(spec.untilUs)}); got ${formatDuration(crashAtUs)}` });
    crashAtUs = null;
  }
  crashAtUs ??= DEFAULT_CRASH_US <= spec.untilUs ? DEFAULT_CRASH_US : null;
  const { t, speed } = readPlayhead(q, spec.untilUs, errors);
  const compare: CompareSpec = { seed: spec.seed, params: sharedParamsOf(spec.params), crashAtUs, untilUs: spec.untilUs };
  return { compare, from, techniques, t, speed, errors, notice };
}

const ALLOWED_TECHNIQUES = `allowed: ${COMPARE_SCENARIOS.join(', ')}, comma-separated (such as techniques=kemari,remus)`;

/**
 * The `techniques` key (repeatable; ids separated by commas): the known ids in COMPARE_SCENARIOS
 * order. Each unknown id is reported and left out; with no known id left, every technique is shown.
 */
function readTechniques(q: URLSearchParams, errors: FieldError[]): CompareScenario[] {
  const values = q.getAll('techniques');
  if (values.length === 0) return [...COMPARE_SCENARIOS];
  const ids = values.flatMap((v) => v.split(',')).map((id) => id.trim()).filter((id) => id !== '');
  for (const id of ids) {
    if (!isCompareScenario(id)) errors.push({ field: 'techniques', message: `technique "${id}" is not one the compare view runs; ${ALLOWED_TECHNIQUES}` });
  }
  const known = COMPARE_SCENARIOS.filter((id) => ids.includes(id));
  if (known.length > 0) return known;
  if (ids.length === 0) errors.push({ field: 'techniques', message: `techniques must name at least one technique; ${ALLOWED_TECHNIQUES}; every technique is shown` });
  return [...COMPARE_SCENARIOS];
}

/**
 * Writes the comparison as a query string; parameters equal to the catalogue's default are left out,
 * and so is `techniques` when every technique is chosen.
 */
export function writeCompareUrl(c: CompareSpec, t: Micros, speed = 1, from: string = COMPARE_SCENARIOS[0], techniques: readonly string[] = COMPARE_SCENARIOS): string {
  const q = new URLSearchParams();
  q.set('compare', '1');
  q.set('v', String(FORMAT_VERSION));
  q.set('scenario', from);
  const chosen = COMPARE_SCENARIOS.filter((id) => techniques.includes(id));
  if (chosen.length > 0 && chosen.length < COMPARE_SCENARIOS.length) q.set('techniques', chosen.join(','));
  q.set('seed', String(c.seed));
  const base = defaultCompare();
  if (c.untilUs !== base.untilUs) q.set('until', formatDuration(c.untilUs));
  const pages = c.params.memoryPages;
  const wholeMiB = typeof pages !== 'number' || pages % 256 === 0;
  if (!wholeMiB) q.set('memoryPages', String(pages));
  for (const name of SHARED_PARAMS) {
    if (!(name in c.params) || (name === 'memoryMiB' && !wholeMiB)) continue;
    if (c.params[name] !== (base.params[name] ?? PARAMS[name]?.default)) q.set(name, String(c.params[name]));
  }
  const crash = crashText(c);
  if (crash !== null) q.set('fault', crash);
  q.set('t', formatDuration(t));
  if (speed !== 1) q.set('speed', String(speed));
  // The ids' commas stay readable (a comma needs no escaping in a query).
  return `?${q.toString().replace(/(^|&)techniques=[^&]*/, (m) => m.replaceAll('%2C', ','))}`;
}

/** The link from the lab's run to the compare view: its seed, shared parameters and crash of host A. */
export function compareHref(spec: RunSpec, t: Micros = 0): string {
  const crash = spec.faults.filter(isTimed).find((f) => f.kind === 'crash' && f.target === 'A');
  const c: CompareSpec = { ...defaultCompare(), seed: spec.seed, params: { ...defaultCompare().params, ...sharedParamsOf(spec.params) }, crashAtUs: crash ? crash.atUs : DEFAULT_CRASH_US };
  return writeCompareUrl(c, Math.min(t, c.untilUs), 1, spec.scenario);
}

/** The link back to the lab: scenario `from` (its default preset) with the comparison's seed, shared parameters and crash. */
export function labHref(c: CompareSpec, from: string): string {
  const { spec } = resolveRun({ scenario: from });
  const scenario = getScenario(spec.scenario)!;
  const params = { ...spec.params };
  for (const [name, value] of Object.entries(c.params)) {
    if (scenario.params.includes(name) || (name === 'memoryPages' && scenario.params.includes('memoryMiB'))) params[name] = value;
  }
  return writeUrl({ ...spec, seed: c.seed, params, faults: crashFaults(c.crashAtUs) }, 0);
}
