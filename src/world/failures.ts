/**
 * Failures: a host crashes (fail-stop) or is fenced (powered off through its management board), and
 * everything on it stops in the same instant: its hypervisor, its protocol engines, its copy of the
 * guest and whatever it had not finished sending. A host that is down can be restarted: it boots and
 * rejoins, empty (`hostBooted`). The link can be cut and healed. Faults are the user's inputs that
 * cause them.
 * @see ../../shared/DESIGN.md §4 (Host, Link) and §5 (Failure detection, Fencing)
 */
import { formatPhase, type Fault } from '../scenarios/faults';
import type { HostId } from './frame';
import { advanceWriter, orphanAlive, vmAlive } from './guests';
import { startHeartbeats, stopHeartbeats } from './heartbeats';
import { isUp } from './hosts';
import { note, type WorldState } from './state';
import { formatSpanForPeople, ms } from '../sim/time';
import { cutLink, markLost, senderDown } from './transport';

/** A fail-stop crash: the host, its hypervisor and any VM on it stop in the same instant. */
export function crashHost(w: WorldState, h: HostId): void {
  if (w.cast.hosts[h].getSnapshot().value === 'booting') {
    w.cast.hosts[h].send({ type: 'host.crash' });
    note(w, `host ${h} crashed again while it was booting.`);
    return;
  }
  if (!isUp(w, h)) return;
  w.cast.hosts[h].send({ type: 'host.crash' });
  stopHeartbeats(w, h);
  stopEverythingOn(w, h, 'crashed');
}

/** Powered off through its management board by its peer: like a crash, but on purpose. */
export function fenceHost(w: WorldState, h: HostId): void {
  if (!isUp(w, h)) return;
  w.cast.hosts[h].send({ type: 'host.fence' });
  stopHeartbeats(w, h);
  stopEverythingOn(w, h, 'was powered off through its management board (fenced)');
}

/** Powers a host that is down on again: it boots for `bootMs`, then rejoins (`hostBooted`). */
export function restartHost(w: WorldState, h: HostId): void {
  const state = w.cast.hosts[h].getSnapshot().value;
  if (state !== 'crashed' && state !== 'fenced') {
    note(w, `host ${h} is ${state === 'booting' ? 'already booting' : 'up'}: there is nothing to restart.`);
    return;
  }
  w.cast.hosts[h].send({ type: 'host.restart' });
  note(w, `host ${h} is powered on again: it boots (${formatSpanForPeople(ms(w.params.bootMs))}), with an empty memory and no copy of the VM.`);
}

/** Host `h` finished booting: Xen and dom0 run again with no guest, its heartbeats start, and the protocol hears it rejoin. */
export function hostBooted(w: WorldState, h: HostId): void {
  w.cast.hypervisors[h].send({ type: 'hypervisor.boot' });
  w.cast.channels[h].send({ type: 'evtchn.reset' });
  startHeartbeats(w, h);
  if (w.protocol.hostUp) w.protocol.hostUp(h);
  else note(w, `host ${h} is up again, as a standby with no copy of the VM.`);
}

function stopEverythingOn(w: WorldState, h: HostId, what: string): void {
  const now = w.clock.now();
  w.protocol.hostDown?.(h);
  // Bulk data the host had not finished sending never arrives.
  senderDown(w, h);
  const latency = w.wire.latencyUs;
  markLost(w, (m) => m.from === h && m.kind !== 'heartbeat' && m.arrivesAtUs - latency > now && m.lostAtUs === null);
  w.cast.hypervisors[h].send({ type: 'hypervisor.halt' });
  // The protocol engines running on the host stop with it (their pending timers too).
  for (const [name, actor] of w.actors) {
    if (name.startsWith(`host${h}.`) && name !== `host${h}.hypervisor` && name !== `host${h}.evtchn`) actor.stop();
  }
  const g = w.guests;
  if (g.orphan && g.orphan.host === h) {
    g.orphan.actor.send({ type: 'vm.destroy' });
    g.orphan = null;
    note(w, `host ${h} ${what}: the old primary's copy of the VM stopped with it.`);
    return;
  }
  if (g.host === h && vmAlive(w) && g.orphan && orphanAlive(w)) {
    // Split brain ends the other way: the copy that took over dies, the old primary's runs on (it
    // keeps the guest's memory and its writer; nothing ever told it to stop).
    g.live.actor.send({ type: 'vm.destroy' });
    const { host, ...copy } = g.orphan;
    g.live = copy;
    g.host = host;
    g.orphan = null;
    note(w, `host ${h} ${what}: its copy of the VM stopped with it; the old primary's copy on host ${host} runs on, unprotected.`);
    return;
  }
  if (g.host === h && vmAlive(w)) {
    advanceWriter(w);
    w.writer.setRunning(false);
    g.live.actor.send({ type: 'vm.destroy' });
    g.host = null;
    if (w.protocol.vmSurvivesLossOf?.(h)) {
      note(w, `host ${h} ${what}: the suspended VM on it is gone, but host B holds its complete image.`);
      return;
    }
    w.monitors.vmLostAtUs = now;
    note(w, w.protocol.mayRestartVm ? `host ${h} ${what}: the VM on it stopped with it.` : `host ${h} ${what}: the VM and its xclock died with it. Nothing protects it, so no copy of the VM runs anywhere.`);
  } else note(w, `host ${h} ${what}.`);
}

/** Applies a fault now (recorded in the trace as `fault.<kind>`). */
export function applyFault(w: WorldState, f: Fault): void {
  w.trace.record(w.clock.now(), 'lab', `fault.${f.kind}`, f.phase ? { target: f.target, phase: formatPhase(f.phase) } : { target: f.target });
  if (f.kind === 'crash') crashHost(w, f.target);
  else if (f.kind === 'restart') restartHost(w, f.target);
  else if (f.kind === 'cut') {
    cutLink(w);
    w.cuts++;
    w.protocol.linkCut?.();
    const now = w.clock.now();
    markLost(w, (m) => m.arrivesAtUs > now);
    note(w, 'the replication link was cut: the hosts can no longer hear each other.');
  } else {
    w.cast.link.send({ type: 'link.heal' });
    note(w, 'the replication link was healed.');
    w.protocol.linkHealed?.();
  }
}
