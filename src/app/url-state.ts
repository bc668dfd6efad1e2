/**
 * The lab's state in the URL: format version `v`, `scenario`, `preset`, `seed`, parameters by their
 * runner names, `fault` (repeated), `t` (the playhead), `speed` and `panel` (the open panels). A copied link reopens the same moment. Bad
 * values are reported field by field and fall back to the field's default. Pure (takes and returns
 * query strings).
 * @see ../../shared/DESIGN.md §10 (The page's contract)
 */
import { formatFault } from '../scenarios/faults';
import { getScenario } from '../scenarios/index';
import { PARAMS } from '../scenarios/params';
import { FORMAT_VERSION, MAX_UNTIL_US, modelNotice, resolveRun, type FieldError, type RunSpec } from '../scenarios/run-spec';
import { formatDuration, parseDuration, type Micros } from '../sim/time';
import { SPEEDS } from './playback';
import { formatPanels, readPanels, type PanelId } from './panels';

/** Keys the page reads that are not parameters. */
export const RUN_KEYS: ReadonlySet<string> = new Set(['v', 'scenario', 'preset', 'seed', 'fault', 't', 'until', 'speed', 'panel']);
/** Keys other parts of the app (embed, presenter, the compare view) read; ignored here, never refused. */
export const OTHER_KEYS: ReadonlySet<string> = new Set(['scene', 'autoplay', 'controls', 'theme', 'height', 'compare', 'present']);

export interface UrlState {
  readonly spec: RunSpec;
  readonly t: Micros;
  readonly speed: number;
  /** No `until` in the link: a live run, which extends as it plays. */
  readonly live: boolean;
  /** The panels open (`panel=params,sweep`). */
  readonly panels: readonly PanelId[];
  readonly errors: readonly FieldError[];
  /** Made with an older model: what changed since (null otherwise). */
  readonly notice: string | null;
}

/**
 * Reads the model version `v`: an older one gives a notice of what changed (returned); one this lab
 * does not know is reported (the rest is still read as this version).
 */
export function checkVersion(q: URLSearchParams, errors: FieldError[]): string | null {
  const v = q.get('v');
  if (v === null || v === String(FORMAT_VERSION)) return null;
  const notice = /^\d+$/.test(v) ? modelNotice(Number(v)) : null;
  if (notice === null) errors.push({ field: 'v', message: `v (model version) must be from 1 to ${FORMAT_VERSION}; got "${v}" — reading the rest as version ${FORMAT_VERSION}` });
  return notice;
}

/** Reads the playhead `t` (within a run ending at `untilUs`) and the `speed`; bad values are reported and fall back to 0 and 1. */
export function readPlayhead(q: URLSearchParams, untilUs: Micros, errors: FieldError[]): { t: Micros; speed: number } {
  let t = 0;
  const tText = q.get('t');
  if (tText !== null) {
    const parsed = parseDuration(tText);
    if (parsed !== undefined && parsed <= untilUs) t = parsed;
    else errors.push({ field: 't', message: `t must be a time from 0s to ${formatDuration(untilUs)} (such as 3.2s or 250ms); got "${tText}"` });
  }
  let speed = 1;
  const speedText = q.get('speed');
  if (speedText !== null) {
    // Decimal only (Number() would also read 0x1 or " 1e0 " as 1).
    const n = /^\d+(\.\d+)?$/.test(speedText) ? Number(speedText) : Number.NaN;
    if (SPEEDS.includes(n)) speed = n;
    else errors.push({ field: 'speed', message: `speed must be one of ${SPEEDS.join(', ')}; got "${speedText}"` });
  }
  return { t, speed };
}

/** Reads the lab's state from a query string (`?scenario=...`). */
export function readUrl(search: string): UrlState {
  const q = new URLSearchParams(search);
  const errors: FieldError[] = [];
  const notice = checkVersion(q, errors);
  const params: [string, string][] = [];
  for (const [key, value] of q) {
    if (RUN_KEYS.has(key) || OTHER_KEYS.has(key)) continue;
    params.push([key, value]);
  }
  const { spec, errors: runErrors } = resolveRun({
    scenario: q.get('scenario') ?? undefined,
    preset: q.get('preset') ?? undefined,
    seed: q.get('seed') ?? undefined,
    until: q.get('until') ?? undefined,
    params,
    faults: q.getAll('fault'),
  });
  for (const e of runErrors) errors.push(e);
  // A link without `until` is a live run (it extends as it plays): its playhead may lie past the
  // preset's length, up to the longest run.
  const live = !q.has('until');
  const { t, speed } = readPlayhead(q, live ? MAX_UNTIL_US : spec.untilUs, errors);
  const panels = readPanels(q, errors);
  return { spec, t, speed, live, panels, errors, notice };
}

/** Writes the lab's state as a query string; parameters equal to the preset's value are left out. */
export function writeUrl(spec: RunSpec, t: Micros, speed = 1, panels: readonly PanelId[] = []): string {
  const q = new URLSearchParams();
  q.set('v', String(FORMAT_VERSION));
  q.set('scenario', spec.scenario);
  q.set('preset', spec.preset);
  q.set('seed', String(spec.seed));
  const scenario = getScenario(spec.scenario);
  // The run's length is left out when it is the preset's own (else the scenario's).
  if (scenario && spec.untilUs !== (scenario.presets[spec.preset]?.untilUs ?? scenario.defaultUntilUs)) q.set('until', formatDuration(spec.untilUs));
  const preset = scenario?.presets[spec.preset]?.values ?? {};
  const pages = spec.params.memoryPages;
  const wholeMiB = typeof pages !== 'number' || pages % 256 === 0;
  if (!wholeMiB) q.set('memoryPages', String(pages));
  for (const [name, value] of Object.entries(spec.params)) {
    if (name === 'memoryPages' || (name === 'memoryMiB' && !wholeMiB)) continue;
    const base = name in preset ? preset[name] : name in (scenario?.defaults ?? {}) ? scenario!.defaults[name] : PARAMS[name]?.default;
    if (value !== base) q.set(name, String(value));
  }
  for (const f of spec.faults) q.append('fault', formatFault(f));
  q.set('t', formatDuration(t));
  if (speed !== 1) q.set('speed', String(speed));
  const panel = formatPanels(panels);
  if (panel !== null) q.set('panel', panel);
  return `?${q.toString()}`;
}

/** Whether a query string asks for the compare view (`compare=1`). */
export function isCompareUrl(search: string): boolean {
  return new URLSearchParams(search).get('compare') === '1';
}
