/**
 * Narration: the run's notable events in words, for a screen reader's live region ("Host A crashed.",
 * "Host B resumes from checkpoint 41.", "Migration round 3: 520 pages."). Routine traffic (heartbeats,
 * each checkpoint, each packet) is never narrated, and a burst is cut to its most important
 * sentences, so fast playback does not flood the listener. Pure functions of trace events.
 */
import { formatSpanForPeople } from '../sim/time';
import { countBefore, type TraceList } from '../sim/trace';

/** How much a sentence matters: 1 (a failure, a takeover, a broken session) to 3 (detail). */
export type Priority = 1 | 2 | 3;

export interface Sentence {
  readonly at: number;
  readonly text: string;
  readonly priority: Priority;
}

const host = (actor: string) => (actor.startsWith('hostA') ? 'A' : actor.startsWith('hostB') ? 'B' : '?');
const other = (h: string) => (h === 'A' ? 'B' : 'A');
const count = (n: unknown) => (typeof n === 'number' ? n.toLocaleString('en-US') : String(n));

/** A wait for a frame worth saying (µs): longer than a frame's jitter. */
const STALL_SAID_US = 50_000;

/** When the client got its new frame before event `i` (µs), or null. */
function previousFrameAt(events: TraceList, i: number): number | null {
  for (let j = i - 1; j >= 0; j--) {
    const e = events.at(j)!;
    if (e.type === 'frame.shown' && e.actor === 'client') return e.at;
  }
  return null;
}

/** The last state host `h` acknowledged before event `i` (checkpoint or sync number), or null. */
function lastAck(events: TraceList, i: number, h: string): number | null {
  for (let j = i - 1; j >= 0; j--) {
    const e = events.at(j)!;
    if (e.type === 'state.ack' && host(e.actor) === h && typeof e.data.sync === 'number') return e.data.sync;
  }
  return null;
}

/**
 * The sentence for event `i` of `events`, or null when it is not worth saying; `noun` is what the
 * technique calls the copy B resumes from (its descriptor's: `synchronization`, `checkpoint`).
 */
export function sentenceFor(events: TraceList, i: number, noun = 'checkpoint', intervalUs = 0): Sentence | null {
  const e = events.at(i)!;
  const say = (text: string, priority: Priority): Sentence => ({ at: e.at, text, priority });
  const h = host(e.actor);
  switch (e.type) {
    case 'host.crashed':
      return say(`Host ${e.data.host ?? h} crashed.`, 1);
    case 'host.fenced':
      return say(`Host ${e.data.host ?? h} was powered off (fenced).`, 1);
    case 'fault.cut':
      return say('The replication link was cut.', 1);
    case 'fault.heal':
      return say('The replication link is back.', 2);
    case 'peer.dead':
      return say(`Host ${h} declares host ${other(h)} dead.`, 2);
    case 'fence.request':
      return say(`Host ${h} powers host ${other(h)} off before taking over.`, 2);
    case 'takeover': {
      const n = lastAck(events, i, h);
      return say(n === null ? `Host ${h} resumes the VM.` : `Host ${h} resumes the VM from ${noun} ${n}.`, 1);
    }
    case 'protection.lost':
      return say(`Host ${h} gets no acknowledgements: the VM runs on unprotected.`, 1);
    case 'session.reset':
      return say('Client session reset: it saw the clock roll back.', 1);
    case 'session.lost':
      return say(e.data.why === 'tcp-reset' ? "Client session lost: the guest's TCP gave up and reset the connection." : "Client session lost: the viewer's watchdog gave up waiting.", 1);
    case 'session.stalled':
      return say('Client stalled: its next frame is overdue.', 2);
    case 'session.recovered':
      return say('Client frames flow again: the stall is over.', 2);
    case 'frame.shown': {
      // A frame after a stall: say how long the client waited (routine frames go unsaid).
      if (intervalUs <= 0 || e.actor !== 'client') return null;
      const before = previousFrameAt(events, i);
      const stall = before === null ? 0 : e.at - before - intervalUs;
      return stall > STALL_SAID_US ? say(`The client's clock moves again: it waited ${formatSpanForPeople(stall)} longer than usual for this frame.`, 1) : null;
    }
    case 'frame.duplicate':
      return say('The client got a frame twice (harmless).', 3);
    case 'invariant.broken':
      return say(`Rule broken: ${String(e.data.name ?? 'unknown').replace(/-/g, ' ')}.`, 2);
    case 'migrate.start':
      return say(`Live migration from host ${e.data.from ?? 'A'} to host ${e.data.to ?? 'B'} starts.`, 2);
    case 'round.start':
      return e.data.final === true
        ? say(`Stop-and-copy: the VM pauses; ${count(e.data.pages)} pages left to send.`, 2)
        : say(`Migration round ${e.data.round}: ${count(e.data.pages)} pages.`, 3);
    case 'migration.commit':
      return say('Migration committed: host B is now the primary.', 2);
    case 'vm.activated':
      return say('The VM resumes on host B.', 1);
    case 'migration.aborted':
      return say(`Migration aborted (${String(e.data.reason ?? 'failure')}).`, 1);
    case 'copy.discarded':
      return say(`Host ${h} discards its incomplete copy.`, 2);
    default:
      return null;
  }
}

/** The sentences for events `from` (inclusive) to `to` (exclusive), in time order. */
export function narrate(events: TraceList, from: number, to: number, noun?: string, intervalUs?: number): Sentence[] {
  const out: Sentence[] = [];
  for (let i = Math.max(0, from); i < Math.min(to, events.length); i++) {
    const s = sentenceFor(events, i, noun, intervalUs);
    if (s) out.push(s);
  }
  return out;
}

/**
 * One announcement from a burst: at most `max` sentences, the most important first chosen and then
 * kept in time order, with the number left out; empty when there is nothing to say.
 */
export function announcement(sentences: readonly Sentence[], max = 3): string {
  if (sentences.length === 0) return '';
  const chosen = sentences
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.priority - b.s.priority || a.i - b.i)
    .slice(0, max)
    .sort((a, b) => a.i - b.i)
    .map(({ s }) => s.text);
  const left = sentences.length - chosen.length;
  return left > 0 ? `${chosen.join(' ')} (${left} more event${left === 1 ? '' : 's'}.)` : chosen.join(' ');
}

/** Index of the first event after `t` (events in time order): events up to `t` are `[0, index)`. */
export function eventsUpTo(events: TraceList, t: number): number {
  return countBefore(events, (at) => at <= t);
}
