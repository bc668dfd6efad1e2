/**
 * A technique protecting the VM again after a repair runs as written, with its roles on other hosts:
 * its code says "A" for the primary and "B" for the backup, and a role map says which real host plays
 * each (the identity for the first protection; swapped when host B runs the VM and the repaired host
 * A is its backup). This is the port it is given: every host it names is mapped to the real one, every
 * host the world names back to a role, its actors get names of their own (`hostB.remus.2`: the
 * second protection's Remus engine, on host B), its messages carry its generation, and its words
 * ("host B takes over") name the real hosts.
 * @see ./repair.ts
 */
import type { HostId } from './frame';
import type { AnyActor, DeliveredMessage, WorldPort } from './port';

/** Which real host plays each role: `A` the primary, `B` the backup. */
export type RoleMap = Readonly<Record<HostId, HostId>>;

export const SAME: RoleMap = { A: 'A', B: 'B' };
export const SWAPPED: RoleMap = { A: 'B', B: 'A' };

/** The role real host `h` plays under `map`. */
export function roleOf(map: RoleMap, h: HostId): HostId {
  return map.A === h ? 'A' : 'B';
}

/** A protection after the first: its number (from 1 for the second), role map and actors. */
export interface Generation {
  readonly n: number;
  readonly map: RoleMap;
  /** The real names of the actors its technique made (started once it is installed). */
  readonly actors: AnyActor[];
}

/** The real name of an actor a generation's technique calls `name` (`hostA.remus` → `hostB.remus.2`). */
export function realName(g: Generation, name: string): string {
  const m = /^host([AB])(\..*)?$/.exec(name);
  // Names of no host (`lab`) are the world's, the same for every generation.
  if (!m) return name;
  return `host${g.map[m[1] as HostId]}${m[2] ?? ''}${g.n === 0 ? '' : `.${g.n + 1}`}`;
}

/** The name generation `g`'s technique knows an actor by: its own (`hostB.remus.2` → `hostA.remus`), or a world actor's under the roles. */
export function roleName(g: Generation, name: string): string {
  const own = g.n === 0 ? name : name.endsWith(`.${g.n + 1}`) ? name.slice(0, -`.${g.n + 1}`.length) : name;
  const m = /^host([AB])(\..*)?$/.exec(own);
  return m ? `host${roleOf(g.map, m[1] as HostId)}${m[2] ?? ''}` : own;
}

/** Words about the roles' hosts (`host A`, `Host B`) about the real ones. */
export function realWords(map: RoleMap, text: string): string {
  return map === SAME ? text : text.replace(/\b([Hh]ost) ([AB])\b/g, (_all, word: string, h: HostId) => `${word} ${map[h]}`);
}

/** A delivered message as generation `g`'s technique sees it: its hosts as roles. */
export function roleMessage(g: Generation, m: DeliveredMessage): DeliveredMessage {
  return g.map === SAME ? m : { ...m, from: roleOf(g.map, m.from), to: roleOf(g.map, m.to) };
}

/** The port of generation `g`: `base` (the world's), with hosts, names and words mapped. */
export function generationPort(base: WorldPort, g: Generation, memory: () => WorldPort['memory']): WorldPort {
  const real = (h: HostId) => g.map[h];
  return {
    spec: base.spec,
    params: base.params,
    get memory() {
      return memory();
    },
    now: base.now,
    at: base.at,
    // Its inputs "at 0" (switching a trap on as the run starts) happen as it is installed.
    atInput: (t, run) => base.atInput(Math.max(t, base.now()), run),
    make: (name, logic, input) => {
      const actor = base.make(realName(g, name), logic, input);
      g.actors.push(actor as AnyActor);
      return actor;
    },
    record: (actor, type, data) => base.record(realName(g, actor), type, data),
    note: (text) => base.note(realWords(g.map, text)),
    violation: (name, detail) => base.violation(name, realWords(g.map, detail)),
    isUp: (h) => base.isUp(real(h)),
    suspectsPeer: (h) => base.suspectsPeer(real(h)),
    linkCuts: base.linkCuts,
    powerOff: (h, how) => base.powerOff(real(h), how),
    vmAlive: base.vmAlive,
    vmHost: () => {
      const h = base.vmHost();
      return h === null ? null : roleOf(g.map, h);
    },
    setVmHost: (h) => base.setVmHost(h === null ? null : real(h)),
    guestState: base.guestState,
    createGuest: (h) => base.createGuest(real(h)),
    pauseGuest: (h) => base.pauseGuest(real(h)),
    resumeGuest: (h) => base.resumeGuest(real(h)),
    destroyGuest: (h) => base.destroyGuest(real(h)),
    setLogDirty: (h, on) => base.setLogDirty(real(h), on),
    resumeVm: base.resumeVm,
    startVm: (restore, versions, h) => base.startVm(restore, versions, real(h)),
    discardVm: (h) => base.discardVm(real(h)),
    vmLost: base.vmLost,
    trapEvents: (h, on) => base.trapEvents(real(h), on),
    releaseEvent: (h, port) => base.releaseEvent(real(h), port),
    notifyBackend: (h, ring) => base.notifyBackend(real(h), ring),
    // The generation rides along (not in the trace): a delivered message goes back to the protection that sent it.
    send: (message, onSent) => base.send({ ...message, from: real(message.from), to: real(message.to), generation: g.n }, onSent),
    outputDropped: base.outputDropped,
    releaseOutput: (request, h) => base.releaseOutput(request, real(h)),
  };
}

/** The generation a delivered message belongs to (0: the first protection, or a message of the world). */
export function generationOf(m: DeliveredMessage): number {
  return m.generation ?? 0;
}
