/**
 * The public network between the hosts and the outside client: an output put on it arrives a fixed
 * 200 µs later; a VNC frame then reaches the client, which judges it. The client's acknowledgements
 * travel back the same way to wherever the VM's address leads (the live copy's host); a guest TCP
 * that gives up resets the connection.
 * @see ../../shared/DESIGN.md §4 (Client) and §5 (Client)
 */
import type { IoRequest } from '../sim/ring';
import type { HostId, PublicMark } from './frame';
import { sendWork, vmAlive } from './guests';
import { isUp, PUBLIC_NET_LATENCY_US } from './hosts';
import { answered } from './requests';
import { at, type WorldState } from './state';


/** A packet leaves `h` for the public network (and the client, if it is a VNC frame). */
export function putOnNetwork(w: WorldState, request: IoRequest, h: HostId): void {
  w.monitors.outputsLeft++;
  w.monitors.idsLeft.add(request.id);
  w.protocol.outputLeft?.(request, h);
  const now = w.clock.now();
  const mark: PublicMark = { output: request.id, kind: request.kind === 'vnc' ? 'vnc' : 'packet', from: h, sentAtUs: now, arrivesAtUs: now + PUBLIC_NET_LATENCY_US };
  w.publicNet = [...w.publicNet, mark];
  w.publicLog.push(mark);
  at(w, mark.arrivesAtUs, () => {
    w.publicNet = w.publicNet.filter((m) => m !== mark);
    if (request.frame) {
      w.monitors.outputsToClient++;
      if (request.frame.reply !== undefined) answered(w, request.frame.reply);
      w.cast.client.send({ type: 'vnc.frame', atUs: w.clock.now(), frame: request.frame });
    }
  });
}

/**
 * The client's answer on the connection (an acknowledgement of everything up to `ack`, or a reset):
 * it reaches the live copy of the guest 200 µs later, if one runs where the VM's address leads.
 */
export function toGuest(w: WorldState, answer: { ack: number } | 'reset'): void {
  at(w, w.clock.now() + PUBLIC_NET_LATENCY_US, () => {
    const { host, live } = w.guests;
    if (host === null || !isUp(w, host) || !vmAlive(w)) return;
    const atUs = w.clock.now();
    sendWork(w, live, answer === 'reset' ? { type: 'tcp.rst', atUs } : { type: 'tcp.ack', atUs, ack: answer.ack });
  });
}

/** The guest's TCP gave the connection up: its reset reaches the client 200 µs later. */
export function resetToClient(w: WorldState): void {
  at(w, w.clock.now() + PUBLIC_NET_LATENCY_US, () => w.cast.client.send({ type: 'tcp.rst', atUs: w.clock.now() }));
}
