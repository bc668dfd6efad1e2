/**
 * Lock-stepping by deterministic replay in the world (VMware FT 2010; Bressoud and Schneider 1995): host
 * A logs every non-deterministic input its guest takes (a timer interrupt, an arriving packet or request,
 * a TCP timeout) and sends the entry down the logging channel; host B replays the same execution behind
 * and acknowledges each entry; the output rule holds each network output until B acknowledged every
 * entry logged before it. On a failover B replays to the end of what it received and goes live; the
 * outputs A had let out are produced again (duplicates, which the client's TCP drops). Who goes live
 * alone is settled by an atomic test-and-set on shared storage: the loser halts, so two copies never run.
 *
 * The lab runs one guest: B's replay is modelled, not run. B's state after replaying entries up to n is
 * the primary's just before it took input n + 1 (the replay runs on deterministically to the next input
 * it lacks), or the primary's state as it stopped when B got every entry.
 * @see research/domain-facts.md §5 (lock-step) and ./lockstep-figures.ts
 */
import type { BackupEmitted } from '../machines/backup.machine';
import { lockstepMachine, type LockstepContext, type LockstepEmitted } from '../machines/lockstep.machine';
import type { VmRestore, Work } from '../machines/vm.machine';
import type { IoRequest } from '../sim/ring';
import { formatSpanForPeople } from '../sim/time';
import type { HostId } from './frame';
import { createLockstep, entryBytes, lockstepFrame, lockstepInvariants, lockstepMetrics, type LogEntry } from './lockstep-figures';
import type { DeliveredMessage, Emitted, Installer } from './port';
import { createOutputBuffer, drain, holdPacket, releaseUpTo } from './remus-buffer';
import { backupLive, createReplica, engineLive, failoverWords, outputLeft, peerDead, primaryDown, recoveryPending, resendHeld, routeBackupEvent, takeOver } from './replica';

export const installLockstep: Installer = (port) => {
  const now = () => port.now();
  const r = createReplica(port, port.make('hostA.lockstep', lockstepMachine, undefined), 'hostB.lockstep');
  const s = createLockstep(r, createOutputBuffer());
  const { out } = s;
  const ctx = () => r.engine.getSnapshot().context as LockstepContext;
  const protecting = () => engineLive(port, r) && r.engine.getSnapshot().value === 'recording' && r.generation === 0;
  let releasing = false;
  const releaseFromA = (request: IoRequest) => {
    if (!port.isUp('A')) return;
    releasing = true;
    port.releaseOutput(request, 'A');
    releasing = false;
  };

  /** The backup replayed entries up to `seq`: its state is the primary's just before entry `seq + 1` (or as A stopped). */
  function replayedState(): VmRestore {
    return s.before.get(s.replayed + 1)?.state ?? s.stateAtStop ?? port.guestState();
  }

  function takeOverOnB(): void {
    if (s.testAndSet === 'A') {
      s.lostTestAndSet = true;
      port.note('host B tries the test-and-set on shared storage to go live, and fails: host A already went live alone. B halts its backup VM (no split brain).');
      return;
    }
    s.testAndSet = 'B';
    const heldOnA = drain(out);
    if (port.params.fencing && port.isUp('A')) s.heldAtStop = heldOnA;
    r.holds = replayedState();
    r.copy.set(port.memory.versions);
    takeOver(port, r);
    // What A held for an acknowledgement that never came back, B's replay produced too: its TCP sends it again.
    const resent = resendHeld(port, r, s.heldAtStop);
    s.heldAtStop = [];
    port.note(
      `host B wins the test-and-set on shared storage, replays the log to its end (entry ${s.replayed} of the ${ctx().logged} host A logged) and goes live` +
        `${resent > 0 ? `; its TCP sends again the ${resent} output(s) A held` : ''}; the outputs A had let out since its last input are produced again, duplicates the client's TCP drops.` +
        failoverWords(r, now(), formatSpanForPeople),
    );
  }

  /** Host A hears nothing from B: it goes live alone if it wins the test-and-set, and halts if B already went live. */
  function backupSilent(): void {
    if (s.testAndSet === 'B') {
      port.note('host A tries the test-and-set on shared storage to go live alone, and fails: host B already went live. A halts (no split brain).');
      port.powerOff('A', 'fence');
      return;
    }
    s.testAndSet = 'A';
    r.engine.send({ type: 'backup.lost' });
  }

  return {
    mayRestartVm: true,
    reprotects: true,

    route(_source: string, emitted: Emitted): boolean {
      const e = emitted as LockstepEmitted | BackupEmitted;
      switch (e.type) {
        case 'log.acked':
          releaseUpTo(out, e.seq, now(), releaseFromA);
          return true;
        case 'protection.lost':
          releaseUpTo(out, Number.MAX_SAFE_INTEGER, now(), releaseFromA);
          port.note('host A won the test-and-set on shared storage: it lets out the outputs that waited and runs on alone, unprotected.');
          return true;
        default:
          return routeBackupEvent(port, e, 'log.ack', (seq) => ({ seq }), takeOverOnB);
      }
    },

    delivered(m: DeliveredMessage): boolean {
      if (m.kind === 'log.entry') {
        const entry = (m.body as { entry: LogEntry }).entry;
        if (!backupLive(port, r) || r.backup.getSnapshot().value !== 'standby' || entry.seq !== s.replayed + 1) return true;
        s.replayed = entry.seq;
        s.before.delete(entry.seq);
        const lag = now() - entry.atUs;
        s.lag.count++;
        s.lag.sumUs += lag;
        s.lag.maxUs = Math.max(s.lag.maxUs, lag);
        // The backup's state advances with the replay (the backup machine acknowledges it).
        r.holdsSync = entry.seq;
        r.backup.send({ type: 'state.arrived', sync: entry.seq });
        return true;
      }
      if (m.kind === 'log.ack') {
        if (engineLive(port, r)) r.engine.send({ type: 'log.ack', seq: (m.body as { seq: number }).seq });
        return true;
      }
      return false;
    },

    guestInput(work: Work, host: HostId): void {
      if (host !== 'A' || !protecting()) return;
      const seq = ctx().logged + 1;
      s.before.set(seq, { state: port.guestState(), atUs: now() });
      const bytes = entryBytes(work);
      s.logBytes += bytes;
      r.bytes += bytes;
      const entry: LogEntry = { seq, kind: work.type, atUs: now() };
      port.record('hostA.lockstep', 'log.entry', { seq, input: work.type, bytes });
      r.engine.send({ type: 'entry.logged', seq });
      port.send({ from: 'A', to: 'B', kind: 'log.entry', bytes, traffic: 'bulk', body: { entry } });
    },

    holdOutput(request: IoRequest, host: HostId): boolean {
      if (host !== 'A' || !protecting()) return false;
      const { logged, acked } = ctx();
      // The output rule: it leaves once B acknowledged every entry logged before it (at once, if it already has).
      if (acked >= logged) return false;
      s.outputsHeld++;
      if (!holdPacket(out, request, logged, now())) port.outputDropped(request);
      return true;
    },

    outputLeft(request: IoRequest, host: HostId): void {
      outputLeft(r, request.id);
      if (host !== 'A' || r.generation !== 0 || request.kind === 'disk') return;
      s.networkLeftA.add(request.id);
      if (protecting() && !releasing && ctx().acked < ctx().logged) {
        s.earlyOutputs++;
        port.violation('output-rule', `output ${request.id} left host A before B acknowledged the log entries before it`);
      }
    },

    peerDead: (h: HostId) => peerDead(port, r, h, backupSilent),
    recoveryPending: () => recoveryPending(port, r),

    hostDown(h: HostId): void {
      if (h === 'A' && r.crashAtUs === null && r.generation === 0) {
        s.stateAtStop = port.guestState();
        s.heldAtStop = [...out.held];
      }
      if (h === 'A') primaryDown(r, now());
      if (h === 'B' && port.isUp('A')) port.note('host B is down, and its replay with it: host A goes live alone once it notices.');
    },

    frame: () => lockstepFrame(port, s),

    result() {
      const m = lockstepMetrics(port, s);
      return { metrics: { replication: m.replication, lockstep: m.lockstep }, invariants: lockstepInvariants(s, m.replication) };
    },
  };
};
