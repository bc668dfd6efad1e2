/**
 * The guest's side of the client's TCP connection (the VNC session), as plain data and pure steps:
 * each VNC frame is a segment with a sequence number; segments not yet acknowledged wait in a
 * retransmission queue; one timer, armed while anything is unacknowledged, resends them when it
 * expires. Timing follows RFC 6298 (SRTT and RTTVAR from samples of segments sent once, Karn's
 * rule) with Linux's 200 ms floor under the variance term, doubling on each expiry up to 120 s, and
 * giving up after 15 retransmissions (about 15 minutes at the floor). The state is part of the
 * guest's memory: a migration moves it, a checkpoint restores it.
 *
 * Simplifications (stated on the screen's About the model): on expiry every unacknowledged segment
 * is sent again at once (Linux resends the first and then a window at a time); no congestion window;
 * the connection was established before t = 0 with an RTT sample of the public network's round trip.
 * @see https://www.rfc-editor.org/rfc/rfc6298 and ../../shared/DESIGN.md §5 (Client)
 */
import type { VncFrame } from './client-rules';
import type { Micros } from './time';

/** Linux's floor under RTO's variance term (`TCP_RTO_MIN`, 200 ms). */
export const RTO_MIN_US: Micros = 200_000;
/** RTO's ceiling (`TCP_RTO_MAX`, 120 s). */
export const RTO_MAX_US: Micros = 120_000_000;
/** Retransmissions before the connection is given up (`tcp_retries2`, 15). */
export const MAX_RETRIES = 15;

/** A segment sent and not yet acknowledged: the frame it carries and when it was first sent. */
export interface Unacked {
  readonly frame: VncFrame;
  readonly sentAtUs: Micros;
  /** True once it was sent again (its acknowledgement gives no RTT sample: Karn's rule). */
  readonly resent: boolean;
}

export interface TcpSender {
  /** The highest sequence number the client acknowledged (cumulative), as this guest knows it. */
  readonly una: number;
  /** Segments sent and not acknowledged, oldest first. */
  readonly unacked: readonly Unacked[];
  /** Smoothed RTT and its variation (µs). */
  readonly srttUs: number;
  readonly rttvarUs: number;
  /** Expiries in a row without a new acknowledgement (the backoff exponent). */
  readonly retries: number;
  /** When the retransmission timer expires (µs of guest time), or null when it is not armed. */
  readonly timerDueUs: Micros | null;
  /** True once the guest gave the connection up (too many retransmissions). */
  readonly gaveUp: boolean;
}

/** A connection established before t = 0, its RTT measured as `rttUs`. */
export function openConnection(rttUs: Micros): TcpSender {
  return { una: 0, unacked: [], srttUs: rttUs, rttvarUs: rttUs / 2, retries: 0, timerDueUs: null, gaveUp: false };
}

/** RTO = SRTT + max(4 × RTTVAR, 200 ms), doubled per expiry in a row, at most 120 s (µs, whole). */
export function rtoUs(tcp: TcpSender): Micros {
  const base = tcp.srttUs + Math.max(4 * tcp.rttvarUs, RTO_MIN_US);
  return Math.min(RTO_MAX_US, Math.round(base * 2 ** tcp.retries));
}

/** A segment leaves: it joins the queue, and the timer is armed if it was not. */
export function segmentSent(tcp: TcpSender, frame: VncFrame, nowUs: Micros): TcpSender {
  if (tcp.gaveUp) return tcp;
  const unacked = [...tcp.unacked, { frame, sentAtUs: nowUs, resent: false }];
  return { ...tcp, unacked, timerDueUs: tcp.timerDueUs ?? nowUs + rtoUs(tcp) };
}

/**
 * An acknowledgement of everything up to `ack` arrives. One above what this guest ever sent is
 * ignored (its TCP is behind the client's: the stream is broken, and the client says so). A new one
 * drops what it covers, takes an RTT sample (RFC 6298 §2.3, α = 1/8, β = 1/4) from a segment sent
 * once, ends the backoff and restarts the timer if anything is still unacknowledged.
 */
export function ackArrived(tcp: TcpSender, ack: number, sentUpTo: number, nowUs: Micros): TcpSender {
  if (tcp.gaveUp || ack <= tcp.una || ack > sentUpTo) return tcp;
  let srttUs = tcp.srttUs;
  let rttvarUs = tcp.rttvarUs;
  const newest = tcp.unacked.filter((u) => u.frame.seq <= ack).at(-1);
  if (newest && !newest.resent) {
    const r = nowUs - newest.sentAtUs;
    rttvarUs = 0.75 * rttvarUs + 0.25 * Math.abs(srttUs - r);
    srttUs = 0.875 * srttUs + 0.125 * r;
  }
  const unacked = tcp.unacked.filter((u) => u.frame.seq > ack);
  const next = { ...tcp, una: ack, unacked, srttUs, rttvarUs, retries: 0 };
  return { ...next, timerDueUs: unacked.length > 0 ? nowUs + rtoUs(next) : null };
}

/**
 * The timer expired at `nowUs`: every unacknowledged segment is sent again and the timer armed at
 * twice the timeout, or, after 15 retransmissions, the connection is given up. Returns the new
 * state and the frames to send again.
 */
export function timerExpired(tcp: TcpSender, nowUs: Micros): { tcp: TcpSender; resend: readonly VncFrame[] } {
  if (tcp.gaveUp || tcp.timerDueUs === null || tcp.unacked.length === 0) return { tcp: { ...tcp, timerDueUs: null }, resend: [] };
  if (tcp.retries >= MAX_RETRIES) return { tcp: { ...tcp, timerDueUs: null, gaveUp: true }, resend: [] };
  const backedOff = { ...tcp, retries: tcp.retries + 1, unacked: tcp.unacked.map((u) => ({ ...u, resent: true })) };
  return { tcp: { ...backedOff, timerDueUs: nowUs + rtoUs(backedOff) }, resend: tcp.unacked.map((u) => u.frame) };
}
