/**
 * Named phases of each protocol, where a fault can be scheduled instead of at a time: "during
 * stop-and-copy", "while checkpoint 12 is in flight", "after sync 5, before its event is delivered".
 * A phase is anchored on one trace event (actor, type, and for numbered phases the number in one data
 * field); a phase fault fires right after the step that records that event, before anything else
 * scheduled for the same instant, plus an optional delay. Data, pure.
 * Each scenario lists its own (`ScenarioDef.phases`).
 * @see ../../shared/research/domain-facts.md (the protocols' steps)
 */
import { getScenario } from './index';
import type { PhaseDef } from './scenario';

export type { PhaseDef };

/** The phases of a scenario's protocol (none for an unknown scenario). */
export function phasesOf(scenario: string): readonly PhaseDef[] {
  return getScenario(scenario)?.phases ?? [];
}

/** The allowed phase forms of a scenario, for messages: `checkpoint:<n>, stop-and-copy`. */
export function phaseForms(scenario: string): string {
  const forms = phasesOf(scenario).map((p) => (p.numbered ? `${p.name}:<n>` : p.name));
  return forms.length > 0 ? forms.join(', ') : `none (${scenario} has no protocol phases)`;
}
