/**
 * The copies of the guest VM: the live one, where it runs and the memory it writes; in split brain
 * the old primary's copy beside it. Its work arrives with the state version of the memory it writes;
 * its redraws are written into that memory as they are announced; the background writer runs while
 * the original copy's vCPU does. A takeover starts a new copy from a synchronized state.
 * @see ../../shared/DESIGN.md §4 (Guest VM) and §5 (Guest time and the xclock)
 */
import { vmMachine, type VmContext, type VmRestore, type Work, type WorkEvent } from '../machines/vm.machine';
import { GuestMemory } from '../sim/memory';
import type { Micros } from '../sim/time';
import type { HostId } from './frame';
import { BLK_PORT, NET_PORT, PUBLIC_NET_LATENCY_US } from './hosts';
import type { Emitted } from './port';
import { at, type GuestCopy, type WorldState } from './state';

/** Makes a copy of the guest named `name`, writing `memory`: its redraws dirty the framebuffer there. */
function makeCopy(w: WorldState, name: string, memory: GuestMemory, restore?: VmRestore): GuestCopy {
  const fb = w.params.framebufferPages;
  const redraw = (e: Emitted) => {
    if (e.type === 'request.answered') {
      // An input redraws part of the screen: one page, the last of memory, as it is announced.
      memory.write(memory.pageCount - 1);
      return { memory: memory.digest() };
    }
    if (e.type !== 'xclock.redrawn') return undefined;
    // The redraw touches the framebuffer (the last pages of memory) as it is announced.
    for (let p = memory.pageCount - fb; p < memory.pageCount; p++) memory.write(p);
    return { memory: memory.digest() };
  };
  const actor = w.make(name, vmMachine, { framebufferPages: fb, netPort: NET_PORT, blkPort: BLK_PORT, rttUs: 2 * PUBLIC_NET_LATENCY_US, restore }, redraw);
  return { name, actor, memory };
}

/** The first copy of the guest (`vm`), on host A, writing the world's memory. */
export function makeFirstGuest(w: WorldState): void {
  w.guests = { live: makeCopy(w, 'vm', w.memory), host: 'A', orphan: null };
}

export function vmAlive(w: WorldState): boolean {
  return w.guests.live.actor.getSnapshot().status === 'active';
}

export function orphanAlive(w: WorldState): boolean {
  return w.guests.orphan !== null && w.guests.orphan.actor.getSnapshot().status === 'active';
}

/** How many copies of the guest run now (two in split brain). */
export function runningCopies(w: WorldState): number {
  return (w.guests.host !== null && vmAlive(w) ? 1 : 0) + (orphanAlive(w) ? 1 : 0);
}

/** The copy of the guest running on host `h`, if any. */
export function copyOn(w: WorldState, h: HostId): GuestCopy | null {
  const g = w.guests;
  if (g.host === h && vmAlive(w)) return g.live;
  return g.orphan && g.orphan.host === h && orphanAlive(w) ? g.orphan : null;
}

/** The host a copy of the guest (by actor name) runs on. */
export function hostOfCopy(w: WorldState, name: string): HostId | null {
  const copy = copyNamed(w, name);
  return copy === null ? null : copy === w.guests.live ? w.guests.host : w.guests.orphan!.host;
}

/** The live copy's vCPU progress and shared rings: the part of its state that is not pages. */
export function guestState(w: WorldState): VmRestore {
  const ctx = w.guests.live.actor.getSnapshot().context as VmContext;
  return { clockSeq: ctx.clockSeq, outputsIssued: ctx.outputsIssued, net: ctx.net, blk: ctx.blk, tcp: ctx.tcp };
}

/** Applies the background writer's writes due up to now. */
export function advanceWriter(w: WorldState): void {
  const now = w.clock.now();
  if (now === w.writerAtUs) return;
  w.writer.advance(now, (n) => w.random.memory.int(n));
  w.writerAtUs = now;
}

/** Gives a copy of the guest a piece of work, with the state version of the memory it writes. */
export function sendWork(w: WorldState, copy: GuestCopy, work: Work): void {
  // An input to the copy that serves the VM (a timer, a packet, a request): the protocol may record it first.
  if (copy === w.guests.live && w.guests.host !== null) w.protocol.guestInput?.(work, w.guests.host);
  copy.actor.send(withVersion(work, copy.memory.stateVersion));
}

/** `work` with the state version, built per kind (spreading records of seven shapes at one place is V8's slow path). */
function withVersion(work: Work, stateVersion: number): WorkEvent {
  switch (work.type) {
    case 'workload.packet':
    case 'workload.disk':
      return { type: work.type, atUs: work.atUs, bytes: work.bytes, stateVersion };
    case 'tcp.ack':
      return { type: work.type, atUs: work.atUs, ack: work.ack, stateVersion };
    case 'tcp.timeout':
      return { type: work.type, atUs: work.atUs, dueUs: work.dueUs, stateVersion };
    case 'vnc.request':
      return { type: work.type, atUs: work.atUs, req: work.req, stateVersion };
    default:
      return { type: work.type, atUs: work.atUs, stateVersion };
  }
}

/** The hypervisor paused (or resumed) the guest on `h`: its vCPU stops (or runs), and so does the writer on its memory. */
export function setVcpuRunning(w: WorldState, h: HostId, running: boolean): void {
  const copy = copyOn(w, h);
  if (!copy) return;
  if (copy.memory === w.memory) {
    advanceWriter(w);
    w.writer.setRunning(running);
  }
  copy.actor.send(running ? { type: 'vcpu.resume', atUs: w.clock.now(), stateVersion: copy.memory.stateVersion } : { type: 'vcpu.pause' });
}

/** Starts the live copy's vCPU (and the writer) at once, wherever it is. */
export function resumeLive(w: WorldState): void {
  if (!vmAlive(w)) return;
  advanceWriter(w);
  w.writer.setRunning(true);
  const live = w.guests.live;
  live.actor.send({ type: 'vcpu.resume', atUs: w.clock.now(), stateVersion: live.memory.stateVersion });
}

/** Host `h` throws its live copy of the guest away (a migration's source past the commitment point). */
export function discardGuest(w: WorldState, h: HostId): void {
  const g = w.guests;
  if (g.host !== h || !vmAlive(w)) return;
  advanceWriter(w);
  w.writer.setRunning(false);
  g.live.actor.send({ type: 'vm.destroy' });
  g.host = null;
}

/**
 * Starts a new live copy of the guest on `host` from a synchronized state: its vCPU and rings from
 * `restore`, its memory from `versions` (or the memory as it stands). If the old copy still runs
 * elsewhere (split brain) it runs on, and the new copy gets memory of its own.
 */
export function startGuest(w: WorldState, restore: VmRestore, versions: Uint32Array | undefined, host: HostId): void {
  const g = w.guests;
  let memory = w.memory;
  if (vmAlive(w) && g.host !== null && g.host !== host) {
    g.orphan = { ...g.live, host: g.host };
    memory = new GuestMemory(w.memory.pageCount, w.memory.cellShift);
    if (versions) memory.restore(versions);
  } else if (versions) w.memory.restore(versions);
  g.live = makeCopy(w, `vm.${host}`, memory, restore);
  g.live.actor.start();
  g.host = host;
  advanceWriter(w);
  if (memory === w.memory) w.writer.setRunning(true);
  // The restored guest's clock timer may be overdue (its redraw happened on the lost copy, or fell
  // due while no copy ran): like a redraw due during a pause, it happens as soon as the guest runs.
  if (restore.clockSeq < redrawsDue(w, w.clock.now())) sendWork(w, g.live, { type: 'xclock.tick', atUs: w.clock.now() });
  // Its TCP's retransmission timer, armed in the state it resumed from, expires when due (at once if overdue).
  if (restore.tcp.timerDueUs !== null) armTcpTimer(w, g.live, restore.tcp.timerDueUs);
}

/** Expires the TCP retransmission timer of `copy` armed for `dueUs` then (or now, if that is past), if the copy still runs. */
export function armTcpTimer(w: WorldState, copy: GuestCopy, dueUs: Micros): void {
  at(w, Math.max(w.clock.now(), dueUs), () => {
    if (copy.actor.getSnapshot().status === 'active') sendWork(w, copy, { type: 'tcp.timeout', atUs: w.clock.now(), dueUs });
  });
}

/** The copy of the guest named `name` (the live one, or the old primary's in split brain), if it is one. */
export function copyNamed(w: WorldState, name: string): GuestCopy | null {
  const g = w.guests;
  return name === g.live.name ? g.live : g.orphan && name === g.orphan.name ? g.orphan : null;
}

/** How many xclock redraws are due by instant `t` (ticks at 0, 1/clockHz, …). */
function redrawsDue(w: WorldState, t: Micros): number {
  return Math.floor((t * w.params.clockHz) / 1e6) + 1;
}
