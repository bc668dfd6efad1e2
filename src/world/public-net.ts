/**
 * The public network between the hosts and the outside client: an output put on it arrives a fixed
 * 200 µs later; a VNC frame then reaches the client, which judges it.
 * @see ../../shared/DESIGN.md §4 (Client) and §5 (Client)
 */
import type { IoRequest } from '../sim/ring';
import type { HostId, PublicMark } from './frame';
import { at, type WorldState } from './state';

/** One-way delay of the public network between a host and the client (a stated simplification). */
export const PUBLIC_NET_LATENCY_US = 200;

/** A packet leaves `h` for the public network (and the client, if it is a VNC frame). */
export function putOnNetwork(w: WorldState, request: IoRequest, h: HostId): void {
  w.monitors.outputsLeft++;
  w.protocol.outputLeft?.(request, h);
  const now = w.clock.now();
  const mark: PublicMark = { output: request.id, kind: request.kind === 'vnc' ? 'vnc' : 'packet', from: h, sentAtUs: now, arrivesAtUs: now + PUBLIC_NET_LATENCY_US };
  w.publicNet = [...w.publicNet, mark];
  w.publicLog.push(mark);
  at(w, mark.arrivesAtUs, () => {
    w.publicNet = w.publicNet.filter((m) => m !== mark);
    if (request.frame) {
      w.monitors.outputsToClient++;
      w.cast.client.send({ type: 'vnc.frame', atUs: w.clock.now(), frame: request.frame });
    }
  });
}
