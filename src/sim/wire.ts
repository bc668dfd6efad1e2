/**
 * The replication link's wire as plain data: what is in flight, with its times, and each direction's
 * bulk stream (bulk data is serialised per direction, back to back from the exact end of the previous
 * transfer; control messages overtake it and take only the latency). The world times arrivals on its
 * clock; this keeps the arithmetic and the bookkeeping. Pure.
 * @see ./link-model.ts (the arithmetic) and ../../shared/DESIGN.md §4 (Link), §5 (Instants, Link)
 */
import { IDLE_STREAM, streamTransfer, timeTransfer, type BulkStream, type TrafficClass } from './link-model';
import type { Micros } from './time';

export type End = 'A' | 'B';

/** A message on the link. `body` is whatever the protocol carries (plain data). */
export interface LinkMessage {
  readonly id: number;
  readonly from: End;
  readonly to: End;
  readonly kind: string;
  readonly bytes: number;
  readonly traffic: TrafficClass;
  /** A sender's rate limit for this message (bulk), below the link's bandwidth. */
  readonly rateBitsPerSec?: number;
  readonly body?: Readonly<Record<string, unknown>>;
}

/** A message on the wire, with its times. */
export interface InFlight extends LinkMessage {
  readonly sentAtUs: Micros;
  readonly arrivesAtUs: Micros;
}

/** A message on the wire with its times, and the message itself, given back as sent when it arrives. */
interface Flight extends InFlight {
  readonly message: LinkMessage;
}

export class Wire {
  private flights: Flight[] = [];
  private bulk: Record<End, BulkStream> = { A: IDLE_STREAM, B: IDLE_STREAM };
  /** Bumped whenever what is in flight changes (a view rebuilds its picture only then). */
  version = 0;

  constructor(
    readonly bandwidthBitsPerSec: number,
    readonly latencyUs: Micros,
  ) {}

  /** What is on the wire now, in the order sent. */
  get inFlight(): readonly InFlight[] {
    return this.flights;
  }

  /** Puts `m` on the wire at `atUs`: when it starts sending and when it arrives. */
  send(atUs: Micros, m: LinkMessage): InFlight {
    const bandwidth = m.rateBitsPerSec ? Math.min(m.rateBitsPerSec, this.bandwidthBitsPerSec) : this.bandwidthBitsPerSec;
    const t =
      m.traffic === 'bulk'
        ? streamTransfer(atUs, m.bytes * 8, this.bulk[m.from], bandwidth, this.latencyUs)
        : { ...timeTransfer(atUs, m.bytes * 8, 'control', 0, bandwidth, this.latencyUs), stream: this.bulk[m.from] };
    // Its fields in one literal (the sender's record is not spread: messages come in many shapes).
    const flight: Flight = { id: m.id, from: m.from, to: m.to, kind: m.kind, bytes: m.bytes, traffic: m.traffic, rateBitsPerSec: m.rateBitsPerSec, body: m.body, sentAtUs: t.startUs, arrivesAtUs: t.arrivesUs, message: m };
    this.flights.push(flight);
    this.bulk[m.from] = t.stream;
    this.version++;
    return flight;
  }

  /** Message `id` has crossed: it leaves the wire (undefined if it was lost meanwhile). */
  arrive(id: number): LinkMessage | undefined {
    const i = this.flights.findIndex((f) => f.id === id);
    if (i < 0) return undefined;
    const [flight] = this.flights.splice(i, 1);
    this.version++;
    return flight.message;
  }

  /** A cut: everything on the wire is lost and both streams are idle. Returns how many were lost. */
  cut(): number {
    const lost = this.flights.length;
    this.flights = [];
    this.bulk = { A: IDLE_STREAM, B: IDLE_STREAM };
    this.version++;
    return lost;
  }

  /** Host `from` stopped at `atUs`: its bulk messages still leaving it never finish. Returns them. */
  senderDown(from: End, atUs: Micros): InFlight[] {
    const unfinished = this.flights.filter((f) => f.from === from && f.traffic === 'bulk' && f.arrivesAtUs - this.latencyUs > atUs);
    if (unfinished.length === 0) return unfinished;
    this.flights = this.flights.filter((f) => !unfinished.includes(f));
    this.bulk[from] = IDLE_STREAM;
    this.version++;
    return unfinished;
  }
}
