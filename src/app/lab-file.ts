/**
 * The lab as a file: the whole lab state (scenario, preset, seed, every effective parameter, faults,
 * run length, playhead, speed, open panels) as versioned JSON, and back. Reading checks every field
 * and names each bad one with what is allowed (the same messages as the URL, whose schema it shares:
 * DESIGN §10); the page refuses a file with any bad field and keeps its state. Pure.
 * @see ../../shared/DESIGN.md §10
 */
import { formatFault } from '../scenarios/faults';
import { FORMAT_VERSION, MAX_FAULTS, MAX_PARAMS_GIVEN, modelNotice, type FieldError, type RunSpec } from '../scenarios/run-spec';
import { formatDuration, type Micros } from '../sim/time';
import { OTHER_KEYS, readUrl, RUN_KEYS, type UrlState } from './url-state';
import type { PanelId } from './panels';

/** What the `format` field of a lab file says. */
export const LAB_FILE_FORMAT = 'kemari-lab';

export interface LabFile {
  readonly format: typeof LAB_FILE_FORMAT;
  readonly v: number;
  readonly scenario: string;
  readonly preset: string;
  readonly seed: number;
  readonly until: string;
  readonly params: Readonly<Record<string, string | number | boolean>>;
  readonly faults: readonly string[];
  readonly t: string;
  readonly speed: number;
  readonly panels: readonly PanelId[];
}

/** The lab's state as a file (pretty JSON, one field per line, ending with a newline). */
export function writeLabFile(spec: RunSpec, t: Micros, speed: number, panels: readonly PanelId[]): string {
  const params: Record<string, string | number | boolean> = {};
  const pages = spec.params.memoryPages;
  const wholeMiB = typeof pages !== 'number' || pages % 256 === 0;
  for (const [name, value] of Object.entries(spec.params)) {
    if (name === 'memoryPages' ? wholeMiB : name === 'memoryMiB' && !wholeMiB) continue;
    params[name] = value;
  }
  const file: LabFile = {
    format: LAB_FILE_FORMAT,
    v: FORMAT_VERSION,
    scenario: spec.scenario,
    preset: spec.preset,
    seed: spec.seed,
    // A live run played past its preset's length is saved as long as it was played (a file keeps its length).
    until: formatDuration(Math.max(spec.untilUs, t)),
    params,
    faults: spec.faults.map(formatFault),
    t: formatDuration(t),
    speed,
    panels,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The file name a lab file is saved under. */
export function labFileName(spec: RunSpec): string {
  return `kemari-lab-${spec.scenario}-${spec.preset}-seed${spec.seed}.json`;
}

/** How much of a bad value a message quotes. */
const SHOWN_CHARS = 80;

/**
 * A bad value as a message quotes it: its JSON, cut at SHOWN_CHARS, or what it is when it has none
 * that can be written (a list nested too deep for JSON.stringify).
 */
function shown(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return Array.isArray(value) ? 'a list nested too deep' : `a ${typeof value} nested too deep`;
  }
  if (text === undefined) return 'nothing';
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}… (${text.length} characters)` : text;
}

const FIELDS = ['format', 'v', 'scenario', 'preset', 'seed', 'until', 'params', 'faults', 't', 'speed', 'panels'];

/**
 * Reads a lab file. Returns the state it describes and every bad field (a bad field took its
 * default in `state`; the page refuses a file with errors).
 */
export function readLabFile(text: string): { state: UrlState | null; errors: FieldError[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { state: null, errors: [{ field: 'file', message: `the file is not JSON (${(err as Error).message}); a lab file is the JSON the lab's "Save lab file" writes` }] };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { state: null, errors: [{ field: 'file', message: 'a lab file is a JSON object with the fields format, v, scenario, preset, seed, until, params, faults, t, speed and panels' }] };
  }
  const o = data as Record<string, unknown>;
  const errors: FieldError[] = [];
  const q = new URLSearchParams();
  if (o.format !== LAB_FILE_FORMAT) errors.push({ field: 'format', message: `format must be "${LAB_FILE_FORMAT}"; got ${shown(o.format)}` });
  const v = o.v;
  // An older model's file opens with a notice (readUrl gives it); anything else is refused.
  if (v !== FORMAT_VERSION && (typeof v !== 'number' || modelNotice(v) === null)) errors.push({ field: 'v', message: `v (model version) must be from 1 to ${FORMAT_VERSION}; got ${shown(v)}` });
  else q.set('v', String(v));
  for (const key of Object.keys(o)) if (!FIELDS.includes(key)) errors.push({ field: key === '' ? 'file' : key, message: `"${key}" is not a field of a lab file; allowed: ${FIELDS.join(', ')}` });
  const text1 = (key: string, kinds: readonly string[]) => {
    const value = o[key];
    if (value === undefined) return;
    if (kinds.includes(typeof value)) q.set(key, String(value));
    else errors.push({ field: key, message: `${key} must be ${kinds.join(' or ')}; got ${shown(value)}` });
  };
  text1('scenario', ['string']);
  text1('preset', ['string']);
  text1('seed', ['number', 'string']);
  text1('until', ['string']);
  text1('t', ['string']);
  text1('speed', ['number']);
  if (o.params !== undefined) {
    if (typeof o.params !== 'object' || o.params === null || Array.isArray(o.params)) errors.push({ field: 'params', message: 'params must be an object of parameter names and values, such as {"epochMs": 25}' });
    else if (Object.keys(o.params).length > MAX_PARAMS_GIVEN) errors.push({ field: 'params', message: `a run takes at most ${MAX_PARAMS_GIVEN} parameter values; got ${Object.keys(o.params).length} (none was used)` });
    else
      for (const [name, value] of Object.entries(o.params)) {
        if (name === '') errors.push({ field: 'params', message: `parameter "" has no name; params takes parameter names and values, such as {"epochMs": 25}` });
        else if (RUN_KEYS.has(name) || OTHER_KEYS.has(name)) errors.push({ field: name, message: `"${name}" is not a parameter; give it as its own field of the file, not under params` });
        else if (['string', 'number', 'boolean'].includes(typeof value)) q.append(name, String(value));
        else errors.push({ field: name, message: `${name} must be a number, text or true/false; got ${shown(value)}` });
      }
  }
  const list = (key: string) => {
    const value = o[key];
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every((x) => typeof x === 'string')) return value as string[];
    errors.push({ field: key, message: `${key} must be a list of texts, such as ${key === 'faults' ? '["crash:A@2.5s"]' : '["params", "faults"]'}` });
    return [];
  };
  const faults = list('faults');
  if (faults.length > MAX_FAULTS) errors.push({ field: 'fault', message: `a run takes at most ${MAX_FAULTS} faults; got ${faults.length} (none was used)` });
  else for (const f of faults) q.append('fault', f);
  const panels = list('panels');
  if (panels.length > 0) q.set('panel', panels.join(','));
  const state = readUrl(`?${q.toString()}`);
  for (const e of state.errors) errors.push(e);
  return { state, errors };
}
