/**
 * The wiring of the world: where each event an actor emits goes, at the instant it was emitted, after
 * what was already due then. The world's own machines' events are typed by their `*Emitted` unions;
 * anything else (a protocol's engines, and the world events a protocol watches) goes to the protocol.
 * @see ../../shared/DESIGN.md §4 (the world being simulated)
 */
import type { ClientEmitted } from '../machines/client.machine';
import type { EventChannelEmitted } from '../machines/event-channel.machine';
import type { HostEmitted } from '../machines/host.machine';
import type { HypervisorEmitted } from '../machines/hypervisor.machine';
import type { LinkEmitted } from '../machines/link.machine';
import type { VmContext, VmEmitted } from '../machines/vm.machine';
import { CONTROL_MESSAGE_BYTES } from '../sim/link-model';
import { formatSpanForPeople, ms } from '../sim/time';
import { armTcpTimer, copyNamed, copyOn, hostOfCopy, setVcpuRunning } from './guests';
import { hostOfActor, isUp, PEER } from './hosts';
import type { Emitted } from './port';
import { putOnNetwork, resetToClient, toGuest } from './public-net';
import { note, violation, type WorldState } from './state';
import { deliverMessage, sendOnLink } from './transport';
import { hostBooted } from './failures';

/** What the world's own machines emit. */
type WorldEmitted = HostEmitted | HypervisorEmitted | EventChannelEmitted | VmEmitted | LinkEmitted | ClientEmitted;

/** Routes one emitted event of actor `source`. */
export function route(w: WorldState, source: string, emitted: Emitted): void {
  const e = emitted as WorldEmitted;
  switch (e.type) {
    case 'host.up':
      hostBooted(w, e.host);
      return;
    case 'heartbeat.sent':
      sendOnLink(w, { from: e.host, to: PEER[e.host], kind: 'heartbeat', bytes: CONTROL_MESSAGE_BYTES, traffic: 'control' });
      return;
    case 'link.delivered':
      deliverMessage(w, e.message);
      return;
    case 'tcp.ack':
      toGuest(w, { ack: e.ack });
      return;
    case 'tcp.timer': {
      const copy = copyNamed(w, source);
      if (copy) armTcpTimer(w, copy, e.dueUs);
      return;
    }
    case 'tcp.gaveUp':
      if (hostOfCopy(w, source) !== null) resetToClient(w);
      return;
    case 'session.reset':
      // The client's TCP answers the broken stream with a reset, and the guest stops sending on it.
      toGuest(w, 'reset');
      violation(w, 'client-never-rolls-back', `the client saw frame ${e.seq} again with other content (${e.sawShows} before, ${e.gotShows} now): the serving copy lost state the client had seen`);
      return;
    case 'peer.dead': {
      const h = e.host;
      if (isUp(w, PEER[h]) && w.cast.link.getSnapshot().value !== 'cut') w.monitors.falseSuspicions++;
      const nothingToResume = w.guests.host === null && h === 'B' && w.protocol.keepsNoCopy === true;
      note(w, `host ${h} hears no heartbeat from host ${PEER[h]} for ${formatSpanForPeople(ms(w.params.failureTimeoutMs))} and declares it dead${nothingToResume ? ', but it has no copy of the VM to resume' : ''}.`);
      w.protocol.peerDead(h);
      return;
    }
    case 'frontend.notify': {
      const h = hostOfCopy(w, source);
      if (h === null || !isUp(w, h)) return;
      w.lastNotifyAtUs.set(`${h}:${e.port}`, w.clock.now());
      w.ioVersion++;
      w.cast.channels[h].send({ type: 'evtchn.notify', port: e.port });
      return;
    }
    case 'evtchn.upcall': {
      const h = hostOfActor(source);
      const copy = copyOn(w, h);
      if (!isUp(w, h) || !copy) return;
      const ctx = copy.actor.getSnapshot().context as VmContext;
      const requests = e.backend === 'blkback' ? ctx.blk.outstanding : ctx.net.outstanding;
      w.cast.hypervisors[h].send({ type: 'backend.kick', backend: e.backend, port: e.port, requests });
      return;
    }
    case 'netback.tx': {
      const h = hostOfActor(source);
      w.backendAtUs.set(`${h}:netback`, w.clock.now());
      w.ioVersion++;
      if (!w.protocol.holdOutput?.(e.request, h)) putOnNetwork(w, e.request, h);
      return;
    }
    case 'blkback.write': {
      const h = hostOfActor(source);
      w.monitors.outputsLeft++;
      w.monitors.idsLeft.add(e.request.id);
      w.monitors.diskWrites++;
      w.protocol.outputLeft?.(e.request, h);
      w.backendAtUs.set(`${h}:blkback`, w.clock.now());
      w.ioVersion++;
      return;
    }
    case 'guest.paused':
      // The hypervisor paused the guest: its vCPU stops, and so does the background writer.
      setVcpuRunning(w, hostOfActor(source), false);
      return;
    case 'guest.resumed':
      setVcpuRunning(w, hostOfActor(source), true);
      return;
    case 'backend.done': {
      const h = hostOfActor(source);
      copyOn(w, h)?.actor.send({ type: 'ring.consumed', ring: e.backend === 'blkback' ? 'blk' : 'net', count: e.count });
      if (isUp(w, h)) w.cast.channels[h].send({ type: 'evtchn.clear', port: e.port });
      return;
    }
    default:
      w.protocol.route(source, emitted);
  }
}
