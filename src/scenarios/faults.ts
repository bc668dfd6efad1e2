/**
 * Faults as inputs: `crash:A@2.5s`, `crash:B@…`, `restart:A@…` (a host that is down boots and rejoins),
 * `cut:link@…`, `heal:link@…` at a time, or at a named
 * phase of the running protocol: `crash:A@checkpoint:12` (while checkpoint 12 is in flight),
 * `crash:A@stop-and-copy`, `cut:link@synced:3+250us` (a delay after the phase). A fault is data; the
 * world applies a timed one before anything else scheduled for its instant, and a phase one right
 * after the step that enters the phase.
 * @see ../../shared/DESIGN.md §10 (Faults)
 * @see ./phases.ts
 */
import { formatDuration, parseDuration, type Micros } from '../sim/time';
import { phaseForms, phasesOf } from './phases';

/** A named phase of the protocol, its number (numbered phases) and a delay after it. */
export interface PhaseRef {
  readonly name: string;
  readonly index: number | null;
  readonly afterUs: Micros;
}

type Action =
  | { readonly kind: 'crash'; readonly target: 'A' | 'B' }
  | { readonly kind: 'restart'; readonly target: 'A' | 'B' }
  | { readonly kind: 'cut'; readonly target: 'link' }
  | { readonly kind: 'heal'; readonly target: 'link' };

/** A fault at a time (`atUs`). */
export type TimedFault = Action & { readonly atUs: Micros; readonly phase?: undefined };
/** A fault at a phase of the protocol (its time is known once the run reaches the phase). */
export type PhaseFault = Action & { readonly phase: PhaseRef; readonly atUs?: undefined };
export type Fault = TimedFault | PhaseFault;

/** Allowed fault forms, for messages. */
export const FAULT_FORMS = 'crash:A@<when>, crash:B@<when>, cut:link@<when>, heal:link@<when>, restart:A@<when> or restart:B@<when>, where <when> is a time such as 2.5s, 40ms or 250us, or a phase of the protocol';

/** Parses a fault; returns it or the message explaining the refusal. Phase names are checked by `checkPhase`. */
export function parseFault(text: string): { ok: true; fault: Fault } | { ok: false; message: string } {
  const m = /^(crash|restart|cut|heal):([A-Za-z]+)@(.+)$/.exec(text.trim());
  const refuse = (why: string) => ({ ok: false as const, message: `fault "${text}": ${why}; allowed: ${FAULT_FORMS}` });
  if (!m) return refuse('not of the form kind:target@when');
  const [, kind, target, when] = m;
  let at: { atUs: Micros } | { phase: PhaseRef };
  const atUs = parseDuration(when);
  if (atUs !== undefined) at = { atUs };
  else {
    const p = /^([a-z][a-z-]*)(?::(\d+))?(?:\+(.+))?$/.exec(when);
    if (!p) return refuse(`bad time or phase "${when}"`);
    const afterUs = p[3] === undefined ? 0 : parseDuration(p[3]);
    if (afterUs === undefined) return refuse(`bad delay "${p[3]}" after the phase`);
    const index = p[2] === undefined ? null : Number(p[2]);
    if (index !== null && (index < 1 || !Number.isSafeInteger(index))) return refuse(`a phase number counts from 1, not ${p[2]}`);
    at = { phase: { name: p[1], index, afterUs } };
  }
  if (kind === 'crash' || kind === 'restart') {
    if (target !== 'A' && target !== 'B') return refuse(`a ${kind} targets host A or B, not "${target}"`);
    return { ok: true, fault: { kind, target, ...at } as Fault };
  }
  if (target !== 'link') return refuse(`${kind} targets the link, not "${target}"`);
  return { ok: true, fault: { kind: kind as 'cut' | 'heal', target: 'link', ...at } as Fault };
}

/** The message refusing a phase fault in `scenario` (unknown phase, missing or extra number), or null. */
export function checkPhase(f: Fault, scenario: string, text = formatFault(f)): string | null {
  if (!f.phase) return null;
  const def = phasesOf(scenario).find((p) => p.name === f.phase.name);
  const refuse = (why: string) => `fault "${text}": ${why}; phases of ${scenario}: ${phaseForms(scenario)}`;
  if (!def) return `fault "${text}": "${f.phase.name}" is neither a time nor a phase of ${scenario}; allowed: ${FAULT_FORMS}; phases of ${scenario}: ${phaseForms(scenario)}`;
  if (def.numbered && f.phase.index === null) return refuse(`${def.name} needs a number, such as ${def.name}:3`);
  if (!def.numbered && f.phase.index !== null) return refuse(`${def.name} takes no number`);
  return null;
}

/** The text form of a phase: `checkpoint:12`, `stop-and-copy+2ms`. */
export function formatPhase(p: PhaseRef): string {
  return `${p.name}${p.index === null ? '' : `:${p.index}`}${p.afterUs > 0 ? `+${formatDuration(p.afterUs)}` : ''}`;
}

/** The text form of a fault, which `parseFault` reads back. */
export function formatFault(f: Fault): string {
  return `${f.kind}:${f.target}@${f.phase ? formatPhase(f.phase) : formatDuration(f.atUs)}`;
}

/** Timed faults in time order (stable for equal times), then phase faults in the order given. */
export function sortFaults(faults: readonly Fault[]): Fault[] {
  const timed = faults.filter((f): f is TimedFault => !f.phase).sort((a, b) => a.atUs - b.atUs);
  return [...timed, ...faults.filter((f) => f.phase)];
}

/** Whether a fault is at a time (not at a phase). */
export function isTimed(f: Fault): f is TimedFault {
  return f.phase === undefined;
}
