/**
 * A migration tried again: when a pre-copy migration aborted (its target failed, Clark's stage-1 to
 * stage-3 failures: the VM runs on at its source) and a restarted host comes back up while the VM
 * still runs on the other one, the technique is installed again as a second attempt toward it
 * (`hostA.precopy.2`, `hostB.migration.2`) as soon as the source hears the restarted host's heartbeat
 * (before that it still believes it dead, and would give up at once); it starts then: its
 * `migrateAtMs` is past. The
 * world's hooks go to the attempt in force; messages to the attempt that sent them.
 * @see ./repair-port.ts (the generations' port) and ./repair.ts (the same for a technique that keeps a backup)
 */
import type { HostId } from './frame';
import { vmAlive } from './guests';
import type { Installer, ProtocolPart, WorldPort } from './port';
import { generationOf, generationPort, roleMessage, roleName, roleOf, SAME, SWAPPED, type Generation } from './repair-port';
import type { MigrationFrame } from './migration-frame';
import type { WorldState } from './state';

interface Attempt {
  readonly g: Generation;
  readonly part: ProtocolPart;
}

/** The world's protocol part for a migration technique `install` whose first attempt is `first`. */
export function retryCycle(w: WorldState, base: WorldPort, install: Installer, first: ProtocolPart): ProtocolPart {
  const attempts: Attempt[] = [{ g: { n: 0, map: SAME, actors: [] }, part: first }];
  let restarts = 0;
  /** The restarted host a new attempt waits to hear from. */
  let waiting: HostId | null = null;
  const current = () => attempts[attempts.length - 1];
  const role = (h: HostId) => roleOf(current().g.map, h);

  function rejoin(h: HostId): void {
    const from = w.guests.host;
    const aborted = (current().part.frame() as MigrationFrame).outcome === 'aborted';
    if (from === null || from === h || !aborted || !vmAlive(w)) {
      base.note(`host ${h} is up again, empty${from === null ? ' (no copy of the VM runs anywhere)' : ''}.`);
      return;
    }
    waiting = h;
    base.note(`host ${h} is up again: host ${from} will try the migration again once it hears host ${h}'s heartbeat.`);
  }

  /** The VM's host hears the restarted host again: the next attempt starts. */
  function retry(h: HostId): void {
    const from = w.guests.host;
    waiting = null;
    if (from === null || from === h) return;
    const g: Generation = { n: attempts.length, map: from === 'A' ? SAME : SWAPPED, actors: [] };
    base.note(`host ${from} hears host ${h} again and tries the migration again (attempt ${g.n + 1}).`);
    const part = install(generationPort(base, g, () => w.guests.live.memory));
    attempts.push({ g, part });
    for (const actor of g.actors) actor.start();
  }

  return {
    mayRestartVm: first.mayRestartVm,
    keepsNoCopy: first.keepsNoCopy,
    route(source, e) {
      if (e.type === 'peer.back' && waiting !== null && source === `host${w.guests.host}`) retry(waiting);
      const own = attempts.find((a) => a.g.n > 0 && source.endsWith(`.${a.g.n + 1}`));
      if (own) return own.part.route(roleName(own.g, source), e);
      return attempts[0].part.route(source, e) || (attempts.length > 1 && current().part.route(roleName(current().g, source), e));
    },
    delivered(m) {
      const a = attempts[generationOf(m)];
      return a.part.delivered(roleMessage(a.g, m));
    },
    peerDead: (h) => current().part.peerDead(role(h)),
    hostDown: (h) => current().part.hostDown?.(role(h)),
    hostUp(h) {
      restarts++;
      rejoin(h);
    },
    linkCut: () => current().part.linkCut?.(),
    linkHealed: () => current().part.linkHealed?.(),
    recoveryPending: () => current().part.recoveryPending?.() ?? null,
    vmSurvivesLossOf: (h) => current().part.vmSurvivesLossOf?.(role(h)) ?? false,
    outputLeft: (request, h) => current().part.outputLeft?.(request, role(h)),
    guestInput: (work, h) => current().part.guestInput?.(work, role(h)),
    holdOutput: (request, h) => current().part.holdOutput?.(request, role(h)) ?? false,
    afterInstant: () => current().part.afterInstant?.(),
    frame: () => current().part.frame(),
    result() {
      // The figures and rules of the last attempt: an earlier one aborted with the VM on its source, and
      // its rules were about where the VM is now (it moved with the attempt that completed).
      const last = current().part.result();
      return { metrics: { ...last.metrics, retry: { restarts, attempts: attempts.length } }, invariants: last.invariants };
    },
  };
}
