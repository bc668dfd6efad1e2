/**
 * Named phases of each protocol, where a fault can be scheduled instead of at a time: "during
 * stop-and-copy", "while checkpoint 12 is in flight", "after sync 5, before its event is delivered".
 * A phase is anchored on one trace event (actor, type, and for numbered phases the number in one data
 * field); a phase fault fires right after the step that records that event, before anything else
 * scheduled for the same instant, plus an optional delay. Data, pure.
 * @see ../../shared/research/domain-facts.md (the protocols' steps)
 */
export interface PhaseDef {
  /** The name in a fault's text: `crash:A@checkpoint:12`, `crash:A@stop-and-copy`. */
  readonly name: string;
  /** Whether the phase takes a number (`checkpoint:12`) and which data field of the event holds it. */
  readonly numbered: string | null;
  /** What it means, for people (`N` stands for the number). */
  readonly title: string;
  /** The trace event that marks the phase. */
  readonly actor: string;
  readonly type: string;
}

const MIGRATION: readonly PhaseDef[] = [
  { name: 'round', numbered: 'round', title: 'as pre-copy round N starts', actor: 'hostA.precopy', type: 'round.start' },
  { name: 'stop-and-copy', numbered: null, title: 'during stop-and-copy (the guest just suspended)', actor: 'hostA.precopy', type: 'guest.suspend' },
  { name: 'commit', numbered: null, title: 'after A commits, before B activates', actor: 'hostA.precopy', type: 'migration.commit' },
];

const CHECKPOINTS: readonly PhaseDef[] = [
  { name: 'epoch', numbered: 'checkpoint', title: 'as epoch N ends (the guest pauses for checkpoint N)', actor: 'hostA.remus', type: 'checkpoint.pause' },
  { name: 'checkpoint', numbered: 'checkpoint', title: 'while checkpoint N is in flight (sent, not yet acknowledged)', actor: 'hostA.remus', type: 'checkpoint.resume' },
  { name: 'acked', numbered: 'sync', title: 'after B acknowledges checkpoint N, before A hears it', actor: 'hostB.remus', type: 'state.ack' },
];

const KEMARI: readonly PhaseDef[] = [
  { name: 'sync', numbered: 'sync', title: 'while sync N is in flight (event trapped, state sent)', actor: 'hostA.kemari', type: 'sync.start' },
  { name: 'synced', numbered: 'sync', title: 'after sync N, before its event is delivered', actor: 'hostB.kemari', type: 'state.ack' },
];

/** Phases by scenario id (a scenario without a protocol has none). */
const BY_SCENARIO: Readonly<Record<string, readonly PhaseDef[]>> = {
  migration: MIGRATION,
  remus: CHECKPOINTS,
  naive: CHECKPOINTS,
  kemari: KEMARI,
};

export function phasesOf(scenario: string): readonly PhaseDef[] {
  return BY_SCENARIO[scenario] ?? [];
}

/** The allowed phase forms of a scenario, for messages: `checkpoint:<n>, stop-and-copy`. */
export function phaseForms(scenario: string): string {
  const forms = phasesOf(scenario).map((p) => (p.numbered ? `${p.name}:<n>` : p.name));
  return forms.length > 0 ? forms.join(', ') : `none (${scenario} has no protocol phases)`;
}
