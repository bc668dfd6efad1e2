/**
 * The named rules each technique must keep, in plain words, and their verdicts at one instant: a rule
 * holds so far unless the frame's violations name it (with the time it first broke and how). Pure.
 * @see ../../shared/DESIGN.md §6 (invariant verdicts) and research/domain-facts.md §7
 */
import type { Micros } from '../sim/time';
import type { Violation } from '../world/frame';

export type RuleSet = 'unprotected' | 'kemari' | 'remus' | 'naive';

/** What each rule promises. */
export const RULE_MEANING: Readonly<Record<string, string>> = {
  'client-never-rolls-back': 'the client never sees output that the surviving copy of the VM does not know',
  'sync-before-output': 'every output reaches dom0 only after B acknowledged the state that issued it',
  'no-split-brain': 'never two live copies of the VM at once',
  'output-commit': 'no output leaves before B acknowledged the checkpoint that produced it',
  'backup-disk-committed-only': "B's disk holds only writes of acknowledged checkpoints",
};

/** The rules of each technique, in the order the panel lists them. */
export const RULES: Readonly<Record<RuleSet, readonly string[]>> = {
  unprotected: ['client-never-rolls-back'],
  kemari: ['sync-before-output', 'no-split-brain', 'client-never-rolls-back'],
  remus: ['output-commit', 'backup-disk-committed-only', 'no-split-brain', 'client-never-rolls-back'],
  naive: ['output-commit', 'backup-disk-committed-only', 'no-split-brain', 'client-never-rolls-back'],
};

export interface Verdict {
  readonly name: string;
  readonly meaning: string;
  readonly holds: boolean;
  /** When it first broke, and how (null while it holds). */
  readonly atUs: Micros | null;
  readonly detail: string | null;
}

/**
 * One verdict per rule of `set`, then any other broken rule the run reported (so nothing broken is
 * hidden).
 */
export function verdicts(set: RuleSet, violations: readonly Violation[]): Verdict[] {
  const first = new Map<string, Violation>();
  for (const v of violations) if (!first.has(v.name)) first.set(v.name, v);
  const names = [...RULES[set], ...[...first.keys()].filter((n) => !RULES[set].includes(n))];
  return names.map((name) => {
    const v = first.get(name);
    return { name, meaning: RULE_MEANING[name] ?? '', holds: !v, atUs: v?.atUs ?? null, detail: v?.detail ?? null };
  });
}

/** One sentence for a live region: changes only when a verdict changes. */
export function verdictSummary(list: readonly Verdict[]): string {
  const broken = list.filter((v) => !v.holds);
  if (broken.length === 0) return `All ${list.length} rules hold so far.`;
  return `${broken.length} of ${list.length} rules broken: ${broken.map((v) => v.name).join(', ')}.`;
}
