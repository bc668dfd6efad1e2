/**
 * The named rules each technique must keep, in plain words, and their verdicts at one instant: a rule
 * holds so far unless the frame's violations name it (with the time it first broke and how). Pure.
 * @see ../../shared/DESIGN.md §6 (invariant verdicts) and research/domain-facts.md §7
 */
import type { Micros } from '../sim/time';
import type { Violation } from '../world/frame';
import type { Rule } from './technique';
import { TECHNIQUES } from './techniques/all';

/** What a rule of any built-in technique means (for a broken rule the running technique does not list). */
function meaningOf(name: string): string {
  for (const t of Object.values(TECHNIQUES)) for (const r of t.rules) if (r.name === name) return r.meaning;
  return '';
}

export interface Verdict {
  readonly name: string;
  readonly meaning: string;
  readonly holds: boolean;
  /** When it first broke, and how (null while it holds). */
  readonly atUs: Micros | null;
  readonly detail: string | null;
}

/**
 * One verdict per rule of the technique (its descriptor's `rules`), then any other broken rule the
 * run reported (so nothing broken is hidden).
 */
export function verdicts(rules: readonly Rule[], violations: readonly Violation[]): Verdict[] {
  const first = new Map<string, Violation>();
  for (const v of violations) if (!first.has(v.name)) first.set(v.name, v);
  const listed = rules.map((r) => r.name);
  const all = [...rules, ...[...first.keys()].filter((n) => !listed.includes(n)).map((name) => ({ name, meaning: meaningOf(name) }))];
  return all.map(({ name, meaning }) => {
    const v = first.get(name);
    return { name, meaning, holds: !v, atUs: v?.atUs ?? null, detail: v?.detail ?? null };
  });
}

/** One sentence for a live region: changes only when a verdict changes. */
export function verdictSummary(list: readonly Verdict[]): string {
  const broken = list.filter((v) => !v.holds);
  if (broken.length === 0) return `All ${list.length} rules hold so far.`;
  return `${broken.length} of ${list.length} rules broken: ${broken.map((v) => v.name).join(', ')}.`;
}
