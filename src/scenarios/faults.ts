/**
 * Faults as timed inputs: `crash:A@2.5s`, `crash:B@…`, `cut:link@…`, `heal:link@…`. A fault is data;
 * the world applies it before anything else scheduled for its instant.
 * @see ../../shared/DESIGN.md §10 (Faults)
 */
import { formatDuration, parseDuration, type Micros } from '../sim/time';

export type Fault =
  | { readonly kind: 'crash'; readonly target: 'A' | 'B'; readonly atUs: Micros }
  | { readonly kind: 'cut'; readonly target: 'link'; readonly atUs: Micros }
  | { readonly kind: 'heal'; readonly target: 'link'; readonly atUs: Micros };

/** Allowed fault forms, for messages. */
export const FAULT_FORMS = 'crash:A@<time>, crash:B@<time>, cut:link@<time> or heal:link@<time>, with a time such as 2.5s, 40ms or 250us';

/** Parses a fault; returns it or the message explaining the refusal. */
export function parseFault(text: string): { ok: true; fault: Fault } | { ok: false; message: string } {
  const m = /^(crash|cut|heal):([A-Za-z]+)@(.+)$/.exec(text.trim());
  const refuse = (why: string) => ({ ok: false as const, message: `fault "${text}": ${why}; allowed: ${FAULT_FORMS}` });
  if (!m) return refuse('not of the form kind:target@time');
  const [, kind, target, when] = m;
  const atUs = parseDuration(when);
  if (atUs === undefined) return refuse(`bad time "${when}"`);
  if (kind === 'crash') {
    if (target !== 'A' && target !== 'B') return refuse(`a crash targets host A or B, not "${target}"`);
    return { ok: true, fault: { kind, target, atUs } };
  }
  if (target !== 'link') return refuse(`${kind} targets the link, not "${target}"`);
  return { ok: true, fault: { kind: kind as 'cut' | 'heal', target: 'link', atUs } };
}

/** The text form of a fault, which `parseFault` reads back. */
export function formatFault(f: Fault): string {
  return `${f.kind}:${f.target}@${formatDuration(f.atUs)}`;
}

/** Faults in time order (stable for equal times), as the world applies them. */
export function sortFaults(faults: readonly Fault[]): Fault[] {
  return [...faults].sort((a, b) => a.atUs - b.atUs);
}
