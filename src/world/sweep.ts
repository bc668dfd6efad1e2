/**
 * Sweeps, planned: one variable (`crashAt`, the time host A crashes; `crashBAt`, the time host B
 * crashes; or a numeric parameter of the scenario) over N evenly spaced values from `from` to `to`
 * inclusive, each value one run of an otherwise unchanged base run. `crashAt=1s:9s:200` adds one
 * crash of host A to the base run's faults (replacing none), `crashBAt=5s:15s:100` one of host B (with
 * `--fault crash:A@2s --fault restart:A@4s`: when is the second failure fatal?); `epochMs=5:200:40`
 * sets the parameter, as `--set` would. Every bad part of a sweep
 * is refused with a message naming it and what is allowed. Pure: no world is run here.
 * @see ../../shared/DESIGN.md §10 (the `sweep` command) and ./sweep-result.ts (running the plan)
 */
import { describeRange, PARAMS, parseParamValue, type NumberParam } from '../scenarios/params';
import { getScenario } from '../scenarios/index';
import { withCrash, withParam as setParam, type FieldError, type RunSpec } from '../scenarios/run-spec';
import { formatDuration, parseDuration } from '../sim/time';

/** The variable that crashes host A at each value (µs). */
export const CRASH_AT = 'crashAt';
/** The variable that crashes host B at each value (µs). */
export const CRASH_B_AT = 'crashBAt';

/** The host a crash variable crashes, or null for a parameter. */
export function crashedBy(variable: string): 'A' | 'B' | null {
  return variable === CRASH_AT ? 'A' : variable === CRASH_B_AT ? 'B' : null;
}
export const MIN_RUNS = 1;
export const MAX_RUNS = 1000;

/** A sweep: the variable, its first and last value (µs for crashAt, else the parameter's unit), how many runs. */
export interface SweepVary {
  readonly variable: string;
  readonly from: number;
  readonly to: number;
  readonly runs: number;
}

/** The text of a sweep's parts, as the runner's `--vary` or the sweep panel's fields give them. */
export interface SweepFields {
  readonly variable: string;
  readonly from: string;
  readonly to: string;
  readonly runs: string;
}

/** One planned run: its place in the sweep, the variable's value and the whole run spec. */
export interface SweepRun {
  readonly index: number;
  readonly value: number;
  readonly spec: RunSpec;
}

/** The variables a scenario can be swept over: crashAt, crashBAt, then its numeric parameters in panel order. */
export function sweepVariables(scenarioId: string): string[] {
  const scenario = getScenario(scenarioId);
  return [CRASH_AT, CRASH_B_AT, ...(scenario?.params ?? []).filter((name) => PARAMS[name]?.kind === 'number')];
}

/** The column name of a variable's values: `crashAtUs`, `crashBAtUs` (µs), or the parameter's own name (its unit in it). */
export function valueColumn(variable: string): string {
  return crashedBy(variable) !== null ? `${variable}Us` : variable;
}

/** The allowed values of a variable, in words: `a duration from 0us to 20s (the run's length)`. */
export function describeVariableRange(variable: string, base: RunSpec): string {
  if (crashedBy(variable) !== null) return `a duration from 0us to ${formatDuration(base.untilUs)} (the run's length), such as 2s or 250ms`;
  return describeRange(PARAMS[variable]);
}

/** Checks the parts of a sweep of `base`; returns the sweep, or the message of each bad part. */
export function checkSweep(fields: SweepFields, base: RunSpec): { vary: SweepVary | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const variables = sweepVariables(base.scenario);
  const variable = fields.variable.trim();
  if (!variables.includes(variable)) {
    errors.push({ field: 'variable', message: `sweep variable "${fields.variable}" is not crashAt, crashBAt or a numeric parameter of ${base.scenario}; allowed: ${variables.join(', ')}` });
  }
  const runsText = fields.runs.trim();
  const runs = Number(runsText);
  if (!/^\d+$/.test(runsText) || runs < MIN_RUNS || runs > MAX_RUNS) {
    errors.push({ field: 'runs', message: `runs must be a whole number from ${MIN_RUNS} to ${MAX_RUNS}; got "${fields.runs}"` });
  }
  if (errors.some((e) => e.field === 'variable')) return { vary: null, errors };
  const value = (field: 'from' | 'to'): number | null => {
    const text = fields[field];
    const parsed = readValue(variable, text, base);
    if (parsed === null) errors.push({ field, message: `${field} must be ${describeVariableRange(variable, base)}; got "${text}"` });
    return parsed;
  };
  const from = value('from');
  const to = value('to');
  if (from !== null && to !== null && errors.length === 0) {
    if (runs > 1 && !(from < to)) errors.push({ field: 'to', message: `to must be greater than from (${fields.from.trim()}) unless runs is 1; got "${fields.to}"` });
    if (runs === 1 && from > to) errors.push({ field: 'to', message: `to must be at least from (${fields.from.trim()}); got "${fields.to}"` });
  }
  if (errors.length > 0 || from === null || to === null) return { vary: null, errors };
  const vary: SweepVary = { variable, from, to, runs };
  // A parameter's values must also fit the rest of the run (a hot set within the memory, say).
  if (crashedBy(variable) === null) {
    for (const [field, v] of [['from', from], ['to', to]] as const) {
      const bad = withParam(base, variable, v).error;
      if (bad) errors.push({ field, message: `${field}: ${bad}` });
    }
  }
  return errors.length > 0 ? { vary: null, errors } : { vary, errors };
}

/** Reads one value of a variable: µs for crashAt (a duration), else the parameter's number; null if refused. */
function readValue(variable: string, text: string, base: RunSpec): number | null {
  if (crashedBy(variable) !== null) {
    const us = parseDuration(text);
    return us !== undefined && us <= base.untilUs ? us : null;
  }
  const parsed = parseParamValue(PARAMS[variable], text);
  return parsed.ok ? (parsed.value as number) : null;
}

/**
 * Parses the runner's `--vary <param|crashAt|crashBAt>=<from>:<to>:<runs>` for a sweep of `base`; returns the
 * sweep or the first bad part's message.
 */
export function parseVary(text: string, base: RunSpec): { ok: true; vary: SweepVary } | { ok: false; error: FieldError } {
  const m = /^([^=]*)=([^:]*):([^:]*):([^:]*)$/.exec(text.trim());
  if (!m) {
    return {
      ok: false,
      error: { field: 'vary', message: `--vary must be <param|crashAt|crashBAt>=<from>:<to>:<runs> (such as crashAt=1s:9s:200 or epochMs=5:200:40); got "${text}"` },
    };
  }
  const { vary, errors } = checkSweep({ variable: m[1], from: m[2], to: m[3], runs: m[4] }, base);
  if (vary) return { ok: true, vary };
  const first = errors[0];
  return { ok: false, error: { field: first.field, message: `--vary ${first.message}` } };
}

/** The N values of a sweep, evenly spaced from `from` to `to` inclusive (crash times and whole-number parameters rounded). */
export function sweepValues(vary: SweepVary): number[] {
  const { from, to, runs } = vary;
  const def = crashedBy(vary.variable) !== null ? null : (PARAMS[vary.variable] as NumberParam);
  const whole = def === null || def.integer;
  return Array.from({ length: runs }, (_, i) => {
    const v = runs === 1 ? from : i === runs - 1 ? to : from + ((to - from) * i) / (runs - 1);
    // Decimal parameters keep six decimals, so the CSV shows 12.5 rather than 12.500000000000002.
    return whole ? Math.round(v) : Math.round(v * 1e6) / 1e6;
  });
}

/**
 * `base` with parameter `name` set to `value`, resolved as the runner's `--set` would (memory in
 * pages follows memoryMiB; a hot set or framebuffer must still fit; a heartbeat must beat faster than
 * the timeout), with the base's faults and length. The error is the parameter's own when it has one
 * (a detector's relation names both fields), else every field it pushed out of range.
 */
export function withParam(base: RunSpec, name: string, value: number): { spec: RunSpec; error: string | null } {
  const { spec, errors } = setParam(base, name, String(value));
  const own = errors.find((e) => e.field === name);
  return { spec, error: own ? own.message : errors.length > 0 ? errors.map((e) => e.message).join('; ') : null };
}

/** The runs of a sweep of `base`, in order of value. */
export function planSweep(base: RunSpec, vary: SweepVary): SweepRun[] {
  const host = crashedBy(vary.variable);
  return sweepValues(vary).map((value, index) => ({
    index,
    value,
    spec: host !== null ? withCrash(base, host, value) : withParam(base, vary.variable, value).spec,
  }));
}
