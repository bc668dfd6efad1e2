/**
 * The hosts as the world's rules read them: whether one is up, whether it suspects its peer, and
 * which host an actor runs on (by its name: `hostA.evtchn` runs on A). Pure reads of the state.
 */
import type { HostId } from './frame';
import type { WorldState } from './state';

/** One-way delay of the public network between a host and the client (a stated simplification). */
export const PUBLIC_NET_LATENCY_US = 200;

/** The event-channel ports of the guest's frontends (netfront, blkfront), the same on both hosts. */
export const NET_PORT = 3;
export const BLK_PORT = 4;

export const PEER: Readonly<Record<HostId, HostId>> = { A: 'B', B: 'A' };

/** Whether host `h` is up (neither crashed, fenced nor still booting). */
export function isUp(w: WorldState, h: HostId): boolean {
  const value = w.cast.hosts[h].getSnapshot().value;
  return value !== 'crashed' && value !== 'fenced' && value !== 'booting';
}

/** Whether host `h` has declared its peer dead (and not heard from it since). */
export function suspectsPeer(w: WorldState, h: HostId): boolean {
  return w.cast.hosts[h].getSnapshot().matches({ up: { watching: 'peerSuspected' } });
}

/** The host an actor of a host (`hostA…`, `hostB…`) runs on. */
export function hostOfActor(name: string): HostId {
  return name.startsWith('hostA') ? 'A' : 'B';
}
