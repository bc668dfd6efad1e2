/**
 * Link arithmetic. A transfer of B bits that starts at t arrives at t + ceil(B x 10^6 / bandwidth) +
 * latency, computed per transfer (a batch of pages is one transfer). Bulk data (pages, checkpoints)
 * is serialised per direction, first come first served; control messages (heartbeats, acks, commits)
 * travel ahead of bulk data, so a long batch never delays a heartbeat into a false failover, and take
 * only the latency: their 64 bytes (under 1 µs at 1 Gbit/s) are not serialised. That keeps a
 * protocol's handshakes out of the papers' arithmetic when the latency is zero. Pure.
 * @see ../../shared/DESIGN.md §5 (Instants, Link)
 */
import type { Micros } from './time';

/** Bytes of one control message on the wire (heartbeat, ack, commit). */
export const CONTROL_MESSAGE_BYTES = 64;

/** The class of a message: control goes ahead of bulk. */
export type TrafficClass = 'control' | 'bulk';

/** Time to put `bits` on a link of `bandwidthBitsPerSec`, rounded up to whole µs. */
export function transmitUs(bits: number, bandwidthBitsPerSec: number): Micros {
  if (bits <= 0) return 0;
  return Math.ceil((bits * 1e6) / bandwidthBitsPerSec);
}

/** When a transfer starts sending, finishes sending and arrives. */
export interface TransferTiming {
  readonly startUs: Micros;
  readonly sentUs: Micros;
  readonly arrivesUs: Micros;
}

/**
 * Times one transfer on a direction whose bulk queue is busy until `bulkBusyUntilUs`. Control
 * messages start at once; bulk transfers start when the previous bulk transfer has been sent.
 */
export function timeTransfer(
  nowUs: Micros,
  bits: number,
  traffic: TrafficClass,
  bulkBusyUntilUs: Micros,
  bandwidthBitsPerSec: number,
  latencyUs: Micros,
): TransferTiming {
  if (traffic === 'control') return { startUs: nowUs, sentUs: nowUs, arrivesUs: nowUs + latencyUs };
  const startUs = Math.max(nowUs, bulkBusyUntilUs);
  const sentUs = startUs + transmitUs(bits, bandwidthBitsPerSec);
  return { startUs, sentUs, arrivesUs: sentUs + latencyUs };
}

/**
 * Where a direction's bulk stream stands: its last transfer ends exactly at `us + remainder / bps`
 * (the remainder in bit-microseconds, `0 <= remainder < bps`), an exact rational kept in integers.
 */
export interface BulkStream {
  readonly us: Micros;
  readonly remainder: number;
  readonly bps: number;
}

export const IDLE_STREAM: BulkStream = { us: 0, remainder: 0, bps: 0 };

/** The instant a stream's last transfer has left the sender, rounded up to a whole µs. */
export function streamEndUs(s: BulkStream): Micros {
  return s.us + (s.remainder > 0 ? 1 : 0);
}

/**
 * Times a bulk transfer on a stream. A transfer queued while the previous one is still on the wire
 * (or within the microsecond it ends in) follows it back to back from its exact end, so the
 * sub-microsecond remainders of a run of batches never add up; each transfer's own end is still
 * rounded up to a whole µs. A transfer after an idle gap, or at another rate, starts afresh.
 */
export function streamTransfer(nowUs: Micros, bits: number, stream: BulkStream, bps: number, latencyUs: Micros): TransferTiming & { stream: BulkStream } {
  const continues = stream.bps === bps && nowUs <= streamEndUs(stream);
  const fromUs = continues ? stream.us : nowUs;
  const fromRemainder = continues ? stream.remainder : 0;
  const total = fromRemainder + bits * 1e6;
  const whole = Math.floor(total / bps);
  const next: BulkStream = { us: fromUs + whole, remainder: total - whole * bps, bps };
  const sentUs = streamEndUs(next);
  return { startUs: continues ? streamEndUs(stream) : nowUs, sentUs, arrivesUs: sentUs + latencyUs, stream: next };
}
