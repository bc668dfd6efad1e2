/**
 * The replication link in the world: a message put on it is logged with its times for the view;
 * bulk data goes through the link actor (its queue per direction), control messages, which travel
 * ahead of bulk data, are timed here with the same arithmetic and delivered unless the link is cut
 * before they arrive (heartbeats are most of the traffic: this keeps them cheap). A cut or a sender
 * that stops marks what was on the wire as lost.
 * @see ../../shared/DESIGN.md §4 (Link) and §5 (Instants, Link)
 */
import { timeTransfer } from '../sim/link-model';
import type { Micros } from '../sim/time';
import type { LinkEmitted } from '../machines/link.machine';
import type { HostId, LoggedLinkMark } from './frame';
import type { DeliveredMessage, OutgoingMessage } from './port';
import { heartbeatHeard } from './heartbeats';
import { isUp } from './hosts';
import { at, type WorldState } from './state';
import { compactNumber } from '../sim/trace';
import { traceData } from './trace-data';

/**
 * How far back a loss looks in the link's log: bulk transfers can be queued long before they
 * arrive, but never a minute (the longest batch, 4 MiB at 1 Mbit/s, takes 34 s).
 */
const LOSS_LOOKBACK_US: Micros = 60_000_000;

/**
 * A message as the link's log keeps it for the whole run: one shape, its numbers small integers
 * where they can be (compactNumber: a boxed time costs 12 bytes more, per mark). Its fields are
 * declared, not only inherited from LoggedLinkMark: declared fields start undefined, so V8 keeps any
 * later number (a time past 2^30 µs) as it is instead of boxing every mark's.
 */
class LinkLogEntry implements LoggedLinkMark {
  readonly id: number;
  readonly kind: string;
  readonly from: HostId;
  readonly to: HostId;
  readonly bytes: number;
  readonly sentAtUs: Micros;
  readonly arrivesAtUs: Micros;
  /** Null from the prototype (a message the wire lost is logged again as a record with its time): 4 bytes less a mark. */
  declare readonly lostAtUs: Micros | null;
  constructor(id: number, message: OutgoingMessage, sentAtUs: Micros, arrivesAtUs: Micros) {
    this.id = id;
    this.kind = message.kind;
    this.from = message.from;
    this.to = message.to;
    this.bytes = compactNumber(message.bytes);
    this.sentAtUs = compactNumber(sentAtUs);
    this.arrivesAtUs = compactNumber(arrivesAtUs);
  }
}

Object.defineProperty(LinkLogEntry.prototype, 'lostAtUs', { value: null });

/**
 * Message `m` with its number, as the wire carries it and the receiver gets it: one literal, so one shape
 * for every kind of message (copying the sender's record by spreading it cost more than the rest of a send).
 */
function delivered(id: number, m: OutgoingMessage): DeliveredMessage {
  return { id, from: m.from, to: m.to, kind: m.kind, bytes: m.bytes, traffic: m.traffic, rateBitsPerSec: m.rateBitsPerSec, body: m.body, generation: m.generation };
}

/** Puts a message on the link; `onSent` runs when a bulk message has left the sender, unless the link is cut first. */
export function sendOnLink(w: WorldState, message: OutgoingMessage, onSent?: () => void): void {
  const id = w.linkLog.length + 1;
  const now = w.clock.now();
  if (w.cast.link.getSnapshot().value === 'cut') {
    w.trace.record(now, 'link', 'link.dropped', { id, kind: message.kind, reason: 'cut' });
    return;
  }
  const { latencyUs, bandwidthBitsPerSec } = w.wire;
  const cutsAtSend = w.cuts;
  if (message.traffic === 'bulk') {
    const flight = w.wire.send(now, delivered(id, message));
    w.queue.push(flight.arrivesAtUs, { run: () => arrive(w, id) });
    w.linkLog.push(new LinkLogEntry(id, message, flight.sentAtUs, flight.arrivesAtUs));
    if (onSent) at(w, flight.arrivesAtUs - latencyUs, () => w.cuts === cutsAtSend && onSent());
    return;
  }
  const timing = timeTransfer(now, message.bytes * 8, 'control', 0, bandwidthBitsPerSec, latencyUs);
  w.linkLog.push(new LinkLogEntry(id, message, now, timing.arrivesUs));
  if (onSent) onSent();
  at(w, timing.arrivesUs, () => {
    if (w.cuts !== cutsAtSend) return;
    const m = delivered(id, message);
    w.trace.add(w.clock.now(), 'link', 'link.delivered', traceData({ message: m }));
    deliverMessage(w, m);
  });
}

/** Bulk message `id` has crossed, unless it was lost on the way: the link delivers it. */
function arrive(w: WorldState, id: number): void {
  const message = w.wire.arrive(id);
  if (message) w.emitAs<LinkEmitted>('link', { type: 'link.delivered', message });
}

/** The link is cut now: what is on the wire is lost (a cut link stays cut). */
export function cutLink(w: WorldState): void {
  if (w.cast.link.getSnapshot().value === 'cut') return;
  w.cast.link.send({ type: 'link.cut', lost: w.wire.cut() });
}

/** Host `h` stopped now: the bulk data it had not finished sending never arrives. */
export function senderDown(w: WorldState, h: HostId): void {
  for (const f of w.wire.senderDown(h, w.clock.now())) w.emitAs<LinkEmitted>('link', { type: 'link.dropped', id: f.id, kind: f.kind, reason: 'sender-down' });
}

/** A message arrives at its host: a heartbeat to the host's failure detector, anything else to the protocol. */
export function deliverMessage(w: WorldState, m: DeliveredMessage): void {
  if (!isUp(w, m.to)) return;
  if (m.kind === 'heartbeat') heartbeatHeard(w, m.to);
  else w.protocol.delivered(m);
}

/** Marks as lost, now, every message of the recent log that `lost` picks (a cut, or a sender that stopped). */
export function markLost(w: WorldState, lost: (m: LoggedLinkMark) => boolean): void {
  const now = w.clock.now();
  for (let i = w.linkLog.length - 1; i >= 0 && now - w.linkLog[i].sentAtUs < LOSS_LOOKBACK_US; i--) {
    if (lost(w.linkLog[i])) w.linkLog[i] = { ...w.linkLog[i], lostAtUs: now };
  }
}
