/**
 * High availability as a cycle: fail, take over, repair, resynchronize, protected again. A technique
 * that keeps a backup (its part says `reprotects`) runs inside this: when a host that went down comes
 * back up while the VM runs, unprotected, on the other one, that host is resynchronized (./resync.ts:
 * a full live copy in pre-copy rounds) and the technique is installed again with its roles on the
 * hosts as they now are (./repair-port.ts: B the primary, the repaired A its backup). Each protection
 * is a generation; what the world tells the protocol goes to the one in force, mapped to its roles.
 * During the resync the VM has no backup: the window of vulnerability, which the frame shows; a
 * failure of the VM's host in it loses the VM.
 * @see ../scenarios/remus.ts and ../scenarios/kemari.ts (how the real tools re-protected, what the lab simplifies) and ./README.md
 */
import { formatSpanForPeople } from '../sim/time';
import type { HostId } from './frame';
import { vmAlive } from './guests';
import { PEER } from './hosts';
import type { Emitted, Installer, ProtocolPart, WorldPort } from './port';
import { repairFrames, repairResult, type Cycle } from './repair-figures';
import { generationOf, generationPort, roleMessage, roleName, roleOf, SAME, SWAPPED, type Generation } from './repair-port';
import type { ReplicationFrame } from './replication-frame';
import { endResync, isResyncMessage, resyncDelivered, resyncRoute, startResync, type Resync } from './resync';
import type { WorldState } from './state';
import { retryCycle } from './migration-retry';

/** The world's protocol part for technique `install`: itself, or, when it re-protects, itself inside the repair cycle. */
export function installWithRepair(w: WorldState, base: WorldPort, install: Installer): ProtocolPart {
  const first = install(base);
  if (first.reprotects) return repairCycle(w, base, install, first);
  return first.retries ? retryCycle(w, base, install, first) : first;
}

function repairCycle(w: WorldState, base: WorldPort, install: Installer, first: ProtocolPart): ProtocolPart {
  const c: Cycle = { gens: [{ g: { n: 0, map: SAME, actors: [] }, part: first, spent: false }], resyncs: [], windows: [], failovers: 0, restarts: 0, version: 0, upAtUs: { A: -1, B: -1 }, takeoverAtUs: -1 };
  const { gens, resyncs, windows } = c;
  /** A host that came up while the protection in force had not yet noticed its backup was gone. */
  let waiting: HostId | null = null;
  const frame = repairFrames(w, c);
  const now = () => base.now();
  const live = () => w.guests.live.memory;
  const current = () => gens[gens.length - 1];
  const resync = () => (resyncs.length > 0 && resyncs[resyncs.length - 1].outcome === 'running' ? resyncs[resyncs.length - 1] : null);
  const engaged = () => (current().spent ? null : current());

  function openWindow(): void {
    if (windows.length === 0 || windows[windows.length - 1].toUs !== null) windows.push({ fromUs: now(), toUs: null });
    c.version++;
  }
  function closeWindow(): void {
    const open = windows[windows.length - 1];
    if (open && open.toUs === null) open.toUs = now();
    c.version++;
  }

  /** Host `h` is up and the VM runs on the other one without a backup: resynchronize `h`. */
  function rejoin(h: HostId): void {
    const from = w.guests.host;
    if (resync() || from === null || from === h || !vmAlive(w)) {
      base.note(`host ${h} is up again, as a standby with no copy of the VM${from === null ? ' (no copy of the VM runs anywhere to protect)' : ''}.`);
      return;
    }
    const cur = engaged();
    if (cur && (cur.part.frame() as ReplicationFrame).primary !== 'unprotected') {
      // Its backup came back empty before the primary gave it up: it is resynchronized once the primary does.
      waiting = h;
      base.note(`host ${h} is up again; host ${from} will resynchronize it once it has given up its lost backup.`);
      // A backup that rebooted within the failure timeout: the replication stream to it broke (the new
      // host answers with a reset), which tells the primary what its detector would have.
      if (!base.suspectsPeer(from)) {
        base.note(`host ${from}'s replication stream to host ${h} broke (host ${h} restarted): host ${from} gives up its backup.`);
        cur.part.peerDead(roleOf(cur.g.map, from));
      }
      return;
    }
    waiting = null;
    if (cur) cur.spent = true;
    const r = startResync(base, `host${from}.resync${resyncs.length === 0 ? '' : `.${resyncs.length + 1}`}`, from, h, live());
    resyncs.push(r);
    c.version++;
    base.note(`host ${h} is up again and rejoins as the standby: host ${from} copies the running VM to it, live, in rounds (${live().pageCount.toLocaleString('en')} pages). Until the copy is complete the VM has no backup.`);
  }

  /** The rejoined host holds a complete, current image: the technique protects the VM again, roles as the hosts now are. */
  function protectAgain(r: Resync): void {
    const g: Generation = { n: gens.length, map: r.from === 'A' ? SAME : SWAPPED, actors: [] };
    const part = install(generationPort(base, g, live));
    gens.push({ g, part, spent: false });
    for (const actor of g.actors) actor.start();
    closeWindow();
    const closed = windows[windows.length - 1];
    base.note(
      `host ${r.to} holds a complete copy of the VM (${r.engine.loop.rounds.length} rounds): host ${r.from} protects it again, as the primary, with host ${r.to} as its backup. ` +
        `The VM was unprotected for ${formatSpanForPeople(closed.toUs! - closed.fromUs)}.`,
    );
  }

  function route(source: string, e: Emitted): boolean {
    const r = resyncs.find((x) => x.name === source);
    if (r) return resyncRoute(base, r, live(), e, () => protectAgain(r));
    const own = gens.find((p) => p.g.n > 0 && source.endsWith(`.${p.g.n + 1}`));
    const cur = engaged();
    const handled = own
      ? own.part.route(roleName(own.g, source), e)
      : (cur !== null && cur.g.n > 0 && cur.part.route(roleName(cur.g, source), e)) || gens[0].part.route(source, e);
    if (e.type === 'takeover') {
      // A backup took over: the VM runs on, with no backup, until the failed host is repaired and resynchronized.
      const p = own ?? gens[0];
      p.spent = true;
      c.failovers++;
      c.takeoverAtUs = now();
      openWindow();
    } else if (e.type === 'protection.lost' && !current().spent) {
      openWindow();
      if (waiting !== null && base.isUp(waiting)) rejoin(waiting);
    }
    return handled;
  }

  return {
    mayRestartVm: first.mayRestartVm,
    keepsNoCopy: first.keepsNoCopy,
    reprotects: true,
    route,

    delivered(m) {
      const r = resync();
      if (isResyncMessage(m)) {
        if (r) resyncDelivered(base, r, m);
        return true;
      }
      const p = gens[generationOf(m)];
      return p.part.delivered(roleMessage(p.g, m));
    },

    peerDead(h) {
      const r = resync();
      if (r && h === r.to) {
        base.note(`host ${h} hears nothing from host ${r.from}, but it was still being resynchronized (${r.copied.toLocaleString('en')} of ${r.versions.length.toLocaleString('en')} pages): it holds no complete copy of the VM to resume.`);
      }
      const cur = engaged();
      if (cur) cur.part.peerDead(roleOf(cur.g.map, h));
    },

    hostDown(h) {
      const r = resync();
      if (r && h === r.to) {
        endResync(base, r, 'aborted', `host ${h} went down`);
        base.note(`the resynchronization stops: host ${h} went down again. The VM runs on, unprotected, on host ${r.from}.`);
      } else if (r && h === r.from) {
        endResync(base, r, 'lost', `host ${h} went down`);
        closeWindow();
        base.vmLost();
        base.note(
          `host ${h} failed while host ${PEER[h]} was still being resynchronized (${r.copied.toLocaleString('en')} of ${r.versions.length.toLocaleString('en')} pages): no host holds a complete copy of the VM, so it is lost. A failure in the window of vulnerability is fatal.`,
        );
      } else if (h === w.guests.host && current().spent && windows.length > 0 && windows[windows.length - 1].toUs === null) {
        // The VM's host failed while it had no backup at all (no host was being resynchronized).
        closeWindow();
      }
      const cur = engaged();
      if (cur) cur.part.hostDown?.(roleOf(cur.g.map, h));
    },

    hostUp(h) {
      c.restarts++;
      c.upAtUs[h] = now();
      rejoin(h);
    },

    linkCut() {
      const r = resync();
      if (r) {
        endResync(base, r, 'aborted', 'the link was cut');
        base.note(`the resynchronization stops: the link was cut. The VM runs on, unprotected, on host ${r.from}.`);
      }
      engaged()?.part.linkCut?.();
    },

    linkHealed: () => engaged()?.part.linkHealed?.(),

    recoveryPending: () => engaged()?.part.recoveryPending?.() ?? null,

    vmSurvivesLossOf(h) {
      const cur = engaged();
      return cur?.part.vmSurvivesLossOf?.(roleOf(cur.g.map, h)) ?? false;
    },

    outputLeft(request, h) {
      for (const p of gens) p.part.outputLeft?.(request, roleOf(p.g.map, h));
    },

    guestInput(work, h) {
      const cur = engaged();
      cur?.part.guestInput?.(work, roleOf(cur.g.map, h));
    },

    holdOutput(request, h) {
      const cur = engaged();
      return cur?.part.holdOutput?.(request, roleOf(cur.g.map, h)) ?? false;
    },

    afterInstant: () => engaged()?.part.afterInstant?.(),
    frame,

    result: () => repairResult(c, now()),
  };

}
