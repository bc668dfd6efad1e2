/**
 * The world's side of the port (port.ts): each intention a protocol may have, carried out on the
 * world's actors and state. A host that is down does nothing asked of it.
 */
import { INPUT_LANE } from '../sim/event-queue';
import { crashHost, fenceHost } from './failures';
import type { HostId } from './frame';
import { discardGuest, guestState, resumeLive, startGuest, vmAlive } from './guests';
import { BLK_PORT, isUp, NET_PORT, suspectsPeer } from './hosts';
import type { WorldPort } from './port';
import { putOnNetwork } from './public-net';
import { at, note, violation, type WorldState } from './state';
import { sendOnLink } from './transport';

export function makePort(w: WorldState): WorldPort {
  /** Sends host `h`'s hypervisor an event, if the host is up. */
  const hypervisor = (h: HostId, type: 'guest.create' | 'guest.pause' | 'guest.resume' | 'guest.destroy' | 'logdirty.enable' | 'logdirty.disable') => {
    if (isUp(w, h)) w.cast.hypervisors[h].send({ type });
  };
  return {
    spec: w.spec,
    params: w.params,
    memory: w.memory,
    now: () => w.clock.now(),
    at: (t, run) => at(w, t, run),
    atInput: (t, run) => void w.queue.push(t, { run }, INPUT_LANE),
    make: (name, logic, input) => w.make(name, logic, input),
    record: (actor, type, data) => void w.trace.record(w.clock.now(), actor, type, data ? { ...data } : {}),
    note: (text) => note(w, text),
    violation: (name, detail) => violation(w, name, detail),
    isUp: (h) => isUp(w, h),
    suspectsPeer: (h) => suspectsPeer(w, h),
    linkCuts: () => w.cuts,
    powerOff: (h, how) => (how === 'crash' ? crashHost(w, h) : fenceHost(w, h)),
    vmAlive: () => vmAlive(w),
    vmHost: () => w.guests.host,
    setVmHost: (h) => void (w.guests.host = h),
    guestState: () => guestState(w),
    createGuest: (h) => hypervisor(h, 'guest.create'),
    pauseGuest: (h) => hypervisor(h, 'guest.pause'),
    resumeGuest: (h) => hypervisor(h, 'guest.resume'),
    destroyGuest: (h) => hypervisor(h, 'guest.destroy'),
    setLogDirty: (h, on) => hypervisor(h, on ? 'logdirty.enable' : 'logdirty.disable'),
    resumeVm: () => resumeLive(w),
    startVm: (restore, versions, host) => startGuest(w, restore, versions, host),
    discardVm: (h) => discardGuest(w, h),
    vmLost: () => void (w.monitors.vmLostAtUs ??= w.clock.now()),
    trapEvents: (h, on) => {
      if (isUp(w, h)) w.cast.channels[h].send({ type: on ? 'evtchn.trap.enable' : 'evtchn.trap.disable' });
    },
    releaseEvent: (h, port) => {
      if (isUp(w, h)) w.cast.channels[h].send({ type: 'evtchn.release', port });
    },
    notifyBackend: (h, ring) => {
      if (isUp(w, h)) w.cast.channels[h].send({ type: 'evtchn.notify', port: ring === 'net' ? NET_PORT : BLK_PORT });
    },
    send: (message, onSent) => sendOnLink(w, message, onSent),
    releaseOutput: (request, host) => putOnNetwork(w, request, host),
    outputDropped: (request) => {
      if (request.kind !== 'vnc') w.monitors.outputsDropped++;
    },
  };
}
