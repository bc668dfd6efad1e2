/**
 * The sweep panel's choices, from the lab's run: the variables it can sweep (crash time of host A in
 * seconds, and the scenario's numeric parameters in their units) with sensible first values, the
 * techniques it can run side by side (the lab's scenario, then kemari, remus, naive and unprotected on
 * the same seed, shared parameters and faults, as the compare view runs them), the check of the
 * panel's fields (a message per bad field, with the allowed range), and the plan of every run. Pure.
 * The shapes of the choices and of the form are the panel's own (../view/sweep-panel.ts).
 * @see ../world/sweep.ts and ./compare.ts (shared parameters)
 */
import { isTimed } from '../scenarios/faults';
import { getScenario } from '../scenarios/index';
import { PARAMS, type NumberParam } from '../scenarios/params';
import type { RunSpec } from '../scenarios/run-spec';
import { techniqueHas, type SweepFormText, type TechniqueOption, type VariableOption } from '../view/sweep-panel';
import { checkSweep, crashedBy, planSweep, sweepVariables, type SweepRun, type SweepVary } from '../world/sweep';
import { COMPARE_SCENARIOS, compareRun, sharedParamsOf, type CompareScenario } from './compare';

/** The variables of the lab's run, with first values around the run's own. */
export function variableChoices(base: RunSpec): VariableOption[] {
  const untilS = base.untilUs / 1e6;
  return sweepVariables(base.scenario).map((name) => {
    const host = crashedBy(name);
    if (host !== null) {
      const margin = untilS > 2 ? 1 : untilS / 4;
      return { name, label: `Crash time of host ${host}`, unit: 's', per: 1e6, min: 0, max: untilS, integer: false, from: margin, to: untilS - margin };
    }
    const def = PARAMS[name] as NumberParam;
    const value = Number(base.params[name] ?? def.default);
    const round = (v: number) => (def.integer ? Math.round(v) : Math.round(v * 1000) / 1000);
    let from = round(Math.max(def.min, value / 2));
    let to = round(Math.min(def.max, value * 2));
    if (!(from < to)) [from, to] = [def.min, def.max];
    return { name, label: def.label, unit: def.unit, per: 1, min: def.min, max: def.max, integer: def.integer, from, to };
  });
}

/** The lab's scenario first, then the compare view's techniques. */
export function techniqueChoices(base: RunSpec): TechniqueOption[] {
  const ids = [base.scenario, ...COMPARE_SCENARIOS.filter((id) => id !== base.scenario)];
  return ids.map((id) => ({ id, title: getScenario(id)?.title ?? id, current: id === base.scenario, variables: sweepVariables(id) }));
}

/**
 * The base run of a technique: the lab's run itself for its own scenario; otherwise that technique's
 * default preset with the lab's seed, shared parameters, length and timed faults (as the compare view).
 */
export function techniqueBase(id: string, base: RunSpec): RunSpec {
  if (id === base.scenario) return base;
  const run = compareRun(id as CompareScenario, { seed: base.seed, params: sharedParamsOf(base.params), crashAtUs: null, untilUs: base.untilUs });
  return { ...run, faults: base.faults.filter(isTimed) };
}

const SECONDS = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/;

/** Checks the panel's fields; returns the sweep or a message per bad field (`variable`, `from`, `to`, `runs`, `techniques`). */
export function checkForm(form: SweepFormText, base: RunSpec): { vary: SweepVary | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const crash = crashedBy(form.variable) !== null;
  const fields = { variable: form.variable, from: form.from, to: form.to, runs: form.runs };
  // The panel takes crash times in seconds, and names them so.
  const inSeconds = (f: 'from' | 'to') => `${f} must be a time in seconds from 0 to ${base.untilUs / 1e6} (the run's length); got "${form[f]}"`;
  if (crash) {
    for (const f of ['from', 'to'] as const) {
      if (SECONDS.test(form[f])) fields[f] = `${form[f].trim()}s`;
      else errors[f] = inSeconds(f);
    }
  }
  const all = techniqueChoices(base);
  const chosen = all.filter((t) => form.techniques.includes(t.id));
  if (chosen.length === 0) errors.techniques = 'choose at least one technique';
  let vary: SweepVary | null = null;
  for (const t of chosen.length > 0 ? chosen : all.slice(0, 1)) {
    if (!techniqueHas(t, form.variable)) {
      errors.techniques ??= `${t.title} has no ${form.variable}; uncheck it or sweep another variable`;
      continue;
    }
    const checked = checkSweep(fields, techniqueBase(t.id, base));
    for (const e of checked.errors) {
      const message = crash && (e.field === 'from' || e.field === 'to') && e.message.includes('must be a duration') ? inSeconds(e.field) : e.message;
      errors[e.field] ??= t.current ? message : `${t.title}: ${message}`;
    }
    vary ??= checked.vary;
  }
  return Object.keys(errors).length > 0 ? { vary: null, errors } : { vary, errors };
}

/** One series of a sweep: a technique and its runs in order of value. */
export interface PlannedSeries {
  readonly id: string;
  readonly title: string;
  readonly base: RunSpec;
  readonly runs: readonly SweepRun[];
}

/** Every run of a checked sweep, one series per chosen technique (in the panel's order). */
export function planSeries(vary: SweepVary, techniques: readonly string[], base: RunSpec): PlannedSeries[] {
  return techniqueChoices(base)
    .filter((t) => techniques.includes(t.id))
    .map((t) => {
      const b = techniqueBase(t.id, base);
      return { id: t.id, title: t.title, base: b, runs: planSweep(b, vary) };
    });
}
