/**
 * The status line under each compare pane: what the technique is doing at this instant, in words, from
 * the frame alone (where the VM runs, the protocol's progress, the crash and the takeover). Pure.
 */
import { lockstepStatus } from './lockstep-words';
import { byCauseText } from './colo-words';
import { formatInstantForPeople, formatSpanForPeople } from '../sim/time';
import type { Frame, LoggedLinkMark, MigrationFrame, PublicMark } from '../world/frame';
import { migrationPart, replicationPart } from './protocol-parts';

/**
 * What one compare pane draws: the technique, its subtitle, its run's frame at the playhead and the
 * run's logs of messages on the link and the public network (the stage draws those in flight).
 */
export interface PaneData {
  readonly id: string;
  readonly title: string;
  readonly technique: string;
  readonly frame: Frame;
  readonly linkLog: readonly LoggedLinkMark[];
  readonly publicLog: readonly PublicMark[];
}

/** One line on what a pane's run is doing at `frame.atUs`; `crashAtUs` is the comparison's crash. */
export function paneStatus(frame: Frame, crashAtUs: number | null): string {
  const crashed = frame.hosts.A.power !== 'up' && crashAtUs !== null && frame.atUs >= crashAtUs;
  const crash = crashed ? `Host A crashed at ${formatInstantForPeople(crashAtUs!)}` : '';
  const m = migrationPart(frame);
  if (m) return migrationStatus(frame, m, crashed ? crash : null);
  const r = replicationPart(frame);
  if (!r) {
    if (!crashed) return 'Running on host A; host B holds no copy.';
    return `${crash}: no copy of the VM is left.`;
  }
  if (crashed) {
    if (r.takeoverAtUs !== null && frame.vm.host === 'B') return `${crash}; host B took over ${formatSpanForPeople(r.takeoverAtUs - crashAtUs!)} later and runs the VM.`;
    if (frame.hosts.B.power !== 'up') return `${crash}, and host B is down too.`;
    return `${crash}; host B waits for the failure timeout.`;
  }
  if (r.primary === 'unprotected') return 'Host A runs on unprotected (its backup is silent).';
  if (r.kind === 'lockstep') return lockstepStatus(r);
  if (r.kind === 'kemari') return `Protected: ${r.syncsAcked} syncs acknowledged; host B holds sync ${r.backupHoldsSync}.`;
  const held = r.buffer.reduce((a, e) => a + e.outputs, 0);
  if (r.colo) return `Protected: ${r.colo.releasedAtOnce} outputs matched the secondary's; ${r.committed} checkpoint${r.committed === 1 ? '' : 's'} (${byCauseText(r.colo)}).`;
  if (r.bufferOutput) return `Protected: checkpoint ${r.committed} acknowledged; ${held} output${held === 1 ? '' : 's'} held in the buffer.`;
  return r.unsafeNow
    ? `Checkpoint ${r.committed} acknowledged; output left before its checkpoint: a crash now does harm.`
    : `Checkpoint ${r.committed} acknowledged; nothing has left ahead of it yet.`;
}

/** A migration's line: where the VM is and how far the move got (or what the crash did to it). */
function migrationStatus(frame: Frame, m: MigrationFrame, crash: string | null): string {
  if (crash) return frame.vm.host === 'B' && frame.vm.state !== 'destroyed' ? `${crash}; the VM had moved to host B and runs on there.` : `${crash}: no copy of the VM is left.`;
  const p = m.postcopy;
  switch (m.outcome) {
    case 'not-started':
      return `Running on host A; it moves to host B at ${formatInstantForPeople(m.migrateAtUs)}.`;
    case 'in-progress':
      if (p && p.resumedAtUs !== null) return `Running on host B while its pages arrive (${Math.floor((p.pagesOnB / Math.max(1, p.pageCount)) * 100)}% there); host A still holds the rest.`;
      if (p) return 'Moving to host B: its vCPU state goes first.';
      return m.round > 0 ? `Moving to host B: round ${m.round}${m.finalRound ? ' (stop-and-copy)' : ''}; host A is still primary.` : 'Moving to host B: reserving room there.';
    case 'completed':
      return 'Moved: the VM runs on host B; host A holds no copy.';
    case 'aborted':
      return 'The migration was aborted: the VM runs on at host A.';
    default:
      return 'No copy of the VM is left.';
  }
}
