/**
 * The client's fate and its cause, in one sentence a student understands: the last line of "What
 * happened". Read from the frame alone (the client, where the VM runs, the hosts, the link and the
 * protocol's part) plus host A's crash time when the run knows it (for the failover time); a sentence
 * never claims what the frame does not show. Pure.
 * @see ../../shared/DESIGN.md §5 (Client, Failover time, Downtime)
 */
import { coloOf } from './colo-words';
import { formatInstantForPeople, formatSpanForPeople, type Micros } from '../sim/time';
import type { ClientFrame, Frame, HostId, MigrationFrame, ReplicationFrame } from '../world/frame';
import { migrationPart, replicationPart } from './protocol-parts';
import { backupHostOf, failoverUs, holdsText, primaryHostOf } from './replication-format';
import { copyToCome } from './session-prospect';

/** What the run knows beyond the frame: when host A crashed (null: it did not, or not yet). */
export interface FateRun {
  readonly crashAtUs: Micros | null;
}

const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

/** `host A crashed`, or `host A was powered off … (fenced)` (`host A was fenced`, short); null while the host is up. */
function downWords(frame: Frame, h: HostId, short = false): string | null {
  const power = frame.hosts[h].power;
  if (power === 'up') return null;
  if (power === 'booting') return `host ${h} is booting again`;
  if (power !== 'fenced') return `host ${h} crashed`;
  return short ? `host ${h} was fenced` : `host ${h} was powered off through its management board (fenced)`;
}

/** What went wrong, as far as the frame shows: the hosts down and a cut link. */
function failures(frame: Frame, short = false): string[] {
  const link = frame.link.state === 'cut' ? (short ? 'the link was cut' : 'the replication link was cut') : null;
  return [downWords(frame, 'A', short), downWords(frame, 'B', short), link].filter((p) => p !== null);
}

/** What went wrong in words (`host A crashed, … and the replication link was cut`), or null when nothing did. */
function failureWords(frame: Frame): string | null {
  const parts = failures(frame);
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The client's last frame and what its clock shows, for a client that gets no frames now. */
function lastFrameWords(c: ClientFrame): string {
  if (c.lastFrameAtUs === null) return 'the client has had no frame at all';
  return `the client's last frame came at ${formatInstantForPeople(c.lastFrameAtUs)} (its clock shows ${c.shows})`;
}

/** How the client came through a pause or a takeover it survived: late frames, or none. */
function stallWords(c: ClientFrame): string {
  if (c.sessionState === 'lost') return lostWords(c);
  if (c.sessionState === 'stalled') return `the client has had no new frame since ${formatInstantForPeople(c.lastNewFrameAtUs)} (its session is stalled, and can recover)`;
  return c.maxStallUs > 0
    ? `the client's frames came at most ${formatSpanForPeople(c.maxStallUs)} late, and its session goes on`
    : 'no frame reached the client late, so it felt nothing and its session goes on';
}

/** Why the session was lost: the guest's TCP gave up, or the viewer's watchdog. */
function lostWords(c: ClientFrame): string {
  return c.lostBecause === 'tcp-reset'
    ? "the guest's TCP gave up after 15 retransmissions and reset the connection, so the client's session was lost"
    : "the viewer's watchdog (clientTimeoutMs) gave up waiting for a frame, so the client's session was lost";
}

function splitBrain(frame: Frame, r: ReplicationFrame): string {
  const why = frame.link.state === 'cut' ? 'with the replication link cut, host B declared host A dead' : 'host B declared host A dead';
  const head = `Two copies of the VM ran at once (split brain): ${why} and took over while host A still ran`;
  if (frame.client.sessionState === 'reset') return `${head}; the client got frames from both that disagree, so its session was reset.`;
  if (frame.client.sessionState === 'lost') return `${head}; ${lostWords(frame.client)}.`;
  return `${head}${r.fencing ? '' : ' (fencing was off)'}; the client's session is still connected, but either copy may send it frames.`;
}

function rollback(frame: Frame, r: ReplicationFrame | null): string {
  const c = frame.client;
  const seen = `frame ${c.lastSeq}${c.shows ? `, ${c.shows}` : ''}`;
  if (!r || r.takeoverAtUs === null) return `The client got frame ${c.lastSeq} again with other content (a rollback), so its session was reset.`;
  const cause = downWords(frame, 'A');
  const head = `${cause ? `${capital(cause)} and host B` : 'Host B'} resumed from ${holdsText(r)}, which lacks what the client had already seen (${seen}): the client got that frame again with other content, so its session was reset`;
  const early = frame.violations.some((v) => v.name === 'output-commit');
  if (r.kind === 'checkpoint' && !r.bufferOutput && early) return `${head}. Output had left host A before its checkpoint was acknowledged (no output buffer).`;
  if (r.kind === 'kemari' && !r.trapEvents) return `${head}. With the trap off, each output left before it was synchronized to host B (only after).`;
  return `${head}.`;
}

function noCopyRuns(frame: Frame, r: ReplicationFrame | null, m: MigrationFrame | null): string {
  const c = frame.client;
  const cause = failureWords(frame) ?? 'the VM stopped';
  const lost = c.sessionState === 'lost';
  // Lost: the cause and the loss in one breath; otherwise where the client stands now.
  const end = (head: string) => (lost ? `${head}; ${lostWords(c)}.` : `${head}; ${lastFrameWords(c)}.`);
  /** No copy runs and none will: a stalled session stays stalled for good. */
  const final = (head: string) => end(c.sessionState === 'stalled' ? `${head}, so the client's session is stalled and cannot recover` : head);
  const coming = copyToCome(frame);
  if (m?.postcopy) {
    const when = m.postcopy.resumedAtUs !== null ? 'while host B ran it and host A still held pages B lacked' : 'after host A handed its vCPU state over, and A never runs it again';
    return final(`No copy of the VM runs anywhere: ${cause} during a post-copy migration, ${when}: neither host held the whole VM`);
  }
  if (m) {
    if (m.stage >= 4 && m.outcome === 'vm-lost') return final(`No copy of the VM runs anywhere: ${cause} after host A committed and before the VM ran on host B, and past the commitment point A never runs the VM again`);
    if (coming === 'activation') return end(`No copy of the VM runs right now: ${cause}, and host B holds the whole VM but has not started it yet`);
    if (m.outcome === 'vm-lost') return final(`No copy of the VM runs anywhere: ${cause} during the migration, before it committed, and a migration does not protect the VM (it is not high availability)`);
    return final(`No copy of the VM runs anywhere: ${cause}`);
  }
  if (r) {
    if (coming === 'fencing') return end(`No copy of the VM runs right now: ${cause}, and host B is powering host A off (fencing) before it takes over`);
    if (coming === 'takeover' && coloOf(r)) return end(`Nothing reaches the client right now: ${cause}, and host B's secondary VM, which ran on the same inputs, is not serving yet (its output is dropped until B declares A dead and takes over)`);
    if (coming === 'takeover') return end(`No copy of the VM runs right now: ${cause}, and host B, which holds ${holdsText(r)}, has not taken over yet`);
    return final(`No copy of the VM runs anywhere: ${cause}, and nothing is left to take over`);
  }
  return final(`No copy of the VM runs anywhere: ${cause}${frame.hosts.A.power !== 'up' ? ' and nothing protected it' : ''}`);
}

function migrationFate(frame: Frame, m: MigrationFrame): string {
  const c = frame.client;
  const failed = failureWords(frame);
  switch (m.outcome) {
    case 'completed': {
      const aFell = frame.hosts.A.power !== 'up' ? ', though host A went down after host B held the whole VM' : '';
      const moved = m.postcopy ? 'while its vCPU state moved, then stalled on network faults until its pages arrived' : 'while its last pages were copied';
      const down = m.downtimeUs !== null ? `the VM's clock stopped for ${formatSpanForPeople(m.downtimeUs)} ${moved} (the migration's downtime)` : 'the VM moved';
      return `The migration completed and the VM runs on host B${aFell}: ${down}; ${stallWords(c)}.`;
    }
    case 'aborted': {
      return `The migration was aborted (${failed ?? 'host B did not answer'}) and the VM runs on host A as before; ${stallWords(c)}.`;
    }
    default: {
      const pause = m.postcopy ? (frame.vm.host === 'B' ? 'stalled on a network fault' : 'suspended while its vCPU state moves') : "the migration's stop-and-copy";
      const where = frame.vm.state === 'paused' ? `the VM is paused on host ${frame.vm.host} (${pause})` : `the VM runs on host ${frame.vm.host}${m.postcopy?.resumedAtUs != null ? ' while its pages arrive' : ''}`;
      if (failed) return `${capital(failed)}; ${where}, and the client's session is ${c.sessionState}.`;
      if (c.sessionState === 'lost' || c.sessionState === 'stalled') return `${capital(where)}, but ${stallWords(c)}.`;
      return m.outcome === 'in-progress'
        ? `Nothing has gone wrong: the migration is under way, ${where} and the client's session is connected.`
        : `Nothing has gone wrong: ${where} and the client's session is connected.`;
    }
  }
}

function replicationFate(frame: Frame, r: ReplicationFrame, run: FateRun): string {
  const c = frame.client;
  // The roles as the protection in force has them: after a repair, B may be the primary and A its backup.
  const primary = primaryHostOf(r);
  const backup: HostId = backupHostOf(r);
  if (r.takeoverAtUs !== null && frame.vm.host === backup) {
    const a = downWords(frame, primary);
    // (The first protection's failover is timed from the crash of A the run names; a later one from its own.)
    const failover = primary === 'A' && (r.repair?.generation ?? 1) === 1 ? failoverUs(r, run.crashAtUs) : null;
    const took = `host ${backup} took over from ${holdsText(r)}${failover !== null ? ` (failover took ${formatSpanForPeople(failover)})` : ''}`;
    return `${capital(a ? `${a} and ${took}` : took)}; ${stallWords(c)}.`;
  }
  if (r.repair && frame.vm.host === primary) {
    if (r.backup === 'standby') {
      return `After ${r.repair.failovers === 1 ? 'a failover' : `${r.repair.failovers} failovers`} and a repair, host ${primary} protects the VM again with host ${backup} as its backup; ${stallWords(c)}.`;
    }
    if (r.backup === 'booting' || r.backup === 'resyncing' || r.backup === 'empty') {
      const doing = r.backup === 'booting' ? 'is booting' : r.backup === 'resyncing' ? 'is being resynchronized' : 'is up but holds no copy';
      return `The VM runs on host ${primary} with no backup (host ${backup} ${doing}): a failure of host ${primary} now would lose it; ${stallWords(c)}.`;
    }
  }
  const failed = failureWords(frame);
  if (failed) {
    const alone = r.primary === 'unprotected' || frame.hosts.B.power !== 'up' ? ', so nothing protects the VM now' : '';
    const client = c.sessionState === 'lost' || c.sessionState === 'stalled' ? `but ${stallWords(c)}` : "and the client's session is connected";
    return `${capital(failed)}${alone}; the VM runs on host ${frame.vm.host} ${client}.`;
  }
  if (c.sessionState === 'lost' || c.sessionState === 'stalled') return `The VM runs on host ${frame.vm.host}, but ${stallWords(c)}.`;
  return "Nothing has gone wrong: the client's session is connected.";
}

/**
 * The client's fate and its cause, in one sentence: its session lost with no copy of the VM running,
 * reset by a rollback (and from what B resumed), a migration's downtime, split brain, a takeover it
 * barely felt, or nothing at all.
 */
export function clientFate(frame: Frame, run: FateRun = { crashAtUs: null }): string {
  const c = frame.client;
  const r = replicationPart(frame);
  const m = migrationPart(frame);
  if (r?.splitBrain) return splitBrain(frame, r);
  if (c.sessionState === 'reset') return rollback(frame, r);
  if (frame.vm.host === null || frame.vm.state === 'destroyed') return noCopyRuns(frame, r, m);
  if (m) return migrationFate(frame, m);
  if (r) return replicationFate(frame, r, run);
  const failed = failureWords(frame);
  if (c.sessionState === 'lost' || c.sessionState === 'stalled') return `The VM runs on host ${frame.vm.host}, but ${stallWords(c)}.`;
  if (failed) return `${capital(failed)}, but the VM runs on host ${frame.vm.host} and the client's session is connected.`;
  if (c.framesReceived === 0) return 'Nothing has gone wrong: the client waits for its first frame.';
  return "Nothing has gone wrong: the client's session is connected.";
}

/** `Host A crashed`, `Host A was fenced`, `The link was cut`, joined; null when nothing failed. */
function failedShort(frame: Frame): string | null {
  const parts = failures(frame, true);
  return parts.length === 0 ? null : capital(parts.join(' and '));
}

/**
 * The client's fate in one short line (the minimal embedded widget shows it after a crash): the cases
 * of `clientFate`, in fewer words, and like it only what the frame shows (plus host A's crash time,
 * for how long the takeover took). Pure.
 */
export function clientFateShort(frame: Frame, run: FateRun = { crashAtUs: null }): string {
  const c = frame.client;
  const r = replicationPart(frame);
  const m = migrationPart(frame);
  const lost = c.sessionState === 'lost';
  const session = lost ? "the client's session was lost" : "the client's session goes on";
  if (r?.splitBrain) return `Split brain: two copies of the VM ran; ${c.sessionState === 'reset' ? "the client's session was reset" : session}.`;
  if (c.sessionState === 'reset') {
    return r && r.takeoverAtUs !== null ? "Host B took over from an older state: the client's session was reset." : "The client saw a rollback: its session was reset.";
  }
  if (frame.vm.host === null || frame.vm.state === 'destroyed') {
    if (lost) return "No copy of the VM runs: the client's session was lost.";
    const coming = copyToCome(frame);
    if (coming === 'activation') return 'Host B holds the whole VM but has not started it yet.';
    if (coming === 'fencing') return 'Host B is powering host A off (fencing) before it takes over.';
    if (coming === 'takeover') return 'No copy of the VM runs yet: host B has not taken over.';
    return "No copy of the VM runs: the client's clock has stopped.";
  }
  if (r && r.takeoverAtUs !== null && frame.vm.host === 'B') {
    const failover = failoverUs(r, run.crashAtUs);
    const took = `Host B took over${failover !== null ? ` in ${formatSpanForPeople(failover)}` : ''}`;
    if (lost) return `${took}, but the client's session was lost.`;
    return `${took}; ${c.maxStallUs > 0 ? `frames came at most ${formatSpanForPeople(c.maxStallUs)} late` : 'no frame reached the client late'}.`;
  }
  const failed = failedShort(frame);
  if (m?.outcome === 'completed') return `The VM moved to host B${m.downtimeUs !== null ? ` (paused ${formatSpanForPeople(m.downtimeUs)})` : ''}; ${session}.`;
  if (m?.outcome === 'aborted') return `${failed ?? 'The migration was aborted'}; host A kept the VM; ${session}.`;
  if (failed) return `${failed}; the VM runs on host ${frame.vm.host}${lost ? ", but the client's session was lost" : ''}.`;
  if (lost) return `The VM runs on host ${frame.vm.host}, but the client's session was lost.`;
  return "Nothing has gone wrong: the client's session is connected.";
}
