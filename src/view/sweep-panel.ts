/**
 * The sweep panel, headless: what it is offered (variables with their units and first values,
 * techniques and the variables each has), the form's first state and how it follows a new variable,
 * and the words of its progress and status. Pure.
 * @see ./SweepPanel.svelte
 */
import { formatSpanForPeople } from '../sim/time';

/**
 * A variable the panel offers; `from` and `to` are its first values, in `unit`; a row's value (µs for
 * a crash time) divided by `per` is in `unit`.
 */
export interface VariableOption {
  readonly name: string;
  readonly label: string;
  readonly unit: string;
  readonly per: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly from: number;
  readonly to: number;
}

/** A technique the panel offers, and the variables it can be swept over. */
export interface TechniqueOption {
  readonly id: string;
  readonly title: string;
  /** The lab's own scenario (checked at first). */
  readonly current: boolean;
  readonly variables: readonly string[];
}

/** The panel's fields as typed. */
export interface SweepFormText {
  readonly variable: string;
  readonly from: string;
  readonly to: string;
  readonly runs: string;
  readonly techniques: readonly string[];
}

export type SweepStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export const FIRST_RUNS = 20;

/** The first form: the first variable (crash time) over its first range, 20 runs, the lab's technique. */
export function initialForm(variables: readonly VariableOption[], techniques: readonly TechniqueOption[]): SweepFormText {
  const v = variables[0];
  return { variable: v?.name ?? '', from: String(v?.from ?? ''), to: String(v?.to ?? ''), runs: String(FIRST_RUNS), techniques: techniques.filter((t) => t.current).map((t) => t.id) };
}

/** The form after choosing another variable: its first range; techniques without it are unchecked. */
export function withVariable(form: SweepFormText, v: VariableOption, techniques: readonly TechniqueOption[]): SweepFormText {
  const has = new Set(techniques.filter((t) => techniqueHas(t, v.name)).map((t) => t.id));
  return { ...form, variable: v.name, from: String(v.from), to: String(v.to), techniques: form.techniques.filter((id) => has.has(id)) };
}

/** Whether a technique can be swept over a variable. */
export const techniqueHas = (t: TechniqueOption, variable: string): boolean => t.current || t.variables.includes(variable);

/** `37 of 200 runs`. */
export function progressText(done: number, total: number): string {
  return `${done} of ${total} run${total === 1 ? '' : 's'}`;
}

/** One line on the sweep's state. */
export function statusText(s: { status: SweepStatus; done: number; total: number; elapsedMs: number | null; mode: 'workers' | 'page' | null; workers: number; error: string | null }): string {
  const where = s.mode === 'page' ? 'in this page (workers are not available here)' : `in ${s.workers} worker${s.workers === 1 ? '' : 's'}`;
  switch (s.status) {
    case 'idle':
      return 'No sweep yet: choose a variable and press Run sweep.';
    case 'running':
      return `Running ${s.total} run${s.total === 1 ? '' : 's'} ${where}…`;
    case 'done':
      return `Done: ${progressText(s.done, s.total)}${s.elapsedMs === null ? '' : ` in ${formatSpanForPeople(Math.round(s.elapsedMs * 1000))}`}, ${where}.`;
    case 'cancelled':
      return `Cancelled after ${progressText(s.done, s.total)}; the rows so far are shown.`;
    case 'failed':
      return `The sweep stopped: ${s.error ?? 'a run failed'}.`;
  }
}
