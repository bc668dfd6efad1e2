/**
 * The client's requests (inbound traffic): VNC input events the viewer sends at `requestsPerSec`
 * (seeded Poisson), each crossing the public network (200 µs) to wherever the VM's address leads, where
 * the host's netback hands it to the guest, which changes its state and answers with a VNC frame in the
 * same TCP stream (so the client's rules judge the answer as any frame). A request that finds no copy of
 * the VM running there is lost (the viewer sends the next one; it does not resend). The book keeps each
 * request's send time until its answer first reaches the client: the reply latency a person feels.
 * @see ../../shared/DESIGN.md §4 (Client) and §5 (Client)
 */
import type { HostId, PublicMark } from './frame';
import { sendWork, vmAlive } from './guests';
import { isUp, PUBLIC_NET_LATENCY_US } from './hosts';
import { at, type WorldState } from './state';

export type { RequestBook } from './request-book';

/** Whether the client still sends: its session is neither lost nor reset. */
function clientSends(w: WorldState): boolean {
  const s = w.cast.client.getSnapshot().value;
  return s !== 'lost' && s !== 'reset';
}

/** Starts the client's requests, if it makes any. */
export function startRequests(w: WorldState): void {
  const rate = w.params.requestsPerSec;
  if (rate <= 0) return;
  const next = () =>
    at(w, w.clock.now() + Math.max(1, Math.round(w.random.requests.exponential(rate / 1e6))), () => {
      if (clientSends(w)) send(w);
      next();
    });
  next();
}

/** The client sends request number `sent + 1` toward the VM's address. */
function send(w: WorldState): void {
  const book = w.requests;
  const req = ++book.sent;
  const now = w.clock.now();
  book.pending.set(req, now);
  w.trace.record(now, 'client', 'request.sent', { req });
  // The network delivers it to the host the VM's address leads to when it arrives.
  const to: HostId = w.guests.host ?? 'A';
  const mark: PublicMark = { output: req, kind: 'request', from: to, sentAtUs: now, arrivesAtUs: now + PUBLIC_NET_LATENCY_US };
  w.publicNet = [...w.publicNet, mark];
  w.publicLog.push(mark);
  at(w, mark.arrivesAtUs, () => {
    w.publicNet = w.publicNet.filter((m) => m !== mark);
    arrive(w, req);
  });
}

/** Request `req` arrives where the VM's address leads: netback hands it to the guest, or it is lost. */
function arrive(w: WorldState, req: number): void {
  const { host, live } = w.guests;
  const now = w.clock.now();
  if (host === null || !isUp(w, host) || !vmAlive(w)) {
    w.requests.lost++;
    w.requests.pending.delete(req);
    w.trace.record(now, 'client', 'request.lost', { req });
    return;
  }
  w.trace.record(now, `host${host}.hypervisor`, 'netback.rx', { req });
  sendWork(w, live, { type: 'vnc.request', atUs: now, req });
}

/** A frame answering request `req` reached the client (its first arrival counts). */
export function answered(w: WorldState, req: number): void {
  const sentAt = w.requests.pending.get(req);
  if (sentAt === undefined) return;
  w.requests.pending.delete(req);
  w.requests.latencies.push(w.clock.now() - sentAt);
}

