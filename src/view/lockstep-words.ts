/**
 * Lock-stepping in words, as the stage's logging channel and backup and the replication panel say it:
 * how far the log and the backup's replay are, the replay's lag, the outputs the output rule holds.
 * Pure.
 * @see ../world/lockstep-protocol.ts
 */
import { formatSpanForPeople } from '../sim/time';
import type { LockstepFrame } from '../world/frame';
import { formatCount } from './migration-format';

/** Lock-stepping's part of a replication frame, or null (another technique). */
export function lockstepOf(r: { readonly kind: string } | null): LockstepFrame | null {
  return r?.kind === 'lockstep' ? (r as LockstepFrame) : null;
}

/** The backup VM on host B, in three short lines (its box on the stage). */
export function replayLines(l: LockstepFrame): { title: string; holds: string; state: string } {
  return {
    title: 'backup VM · replaying the log',
    holds: `replayed entry ${formatCount(l.replayed)} of ${formatCount(l.logged)}`,
    state: l.replayed < l.logged ? `entry ${formatCount(l.replayed + 1)} on its way${l.lagUs > 0 ? ` (${formatSpanForPeople(l.lagUs)})` : ''}` : 'caught up with host A',
  };
}

/** What the primary is doing under lock-stepping, in one line (host A's words). */
export function lockstepPrimaryWords(l: LockstepFrame): string {
  return l.held > 0
    ? `Host A: protected — ${l.held} output${l.held === 1 ? '' : 's'} wait for B's acknowledgement of the log entries before ${l.held === 1 ? 'it' : 'them'}`
    : 'Host A: protected — it logs every input to B; outputs leave once B acknowledged the entries before them';
}

/** The pane's status line in the compare view. */
export function lockstepStatus(l: LockstepFrame): string {
  return `Protected: ${formatCount(l.acked)} of ${formatCount(l.logged)} log entries acknowledged; host B replayed ${formatCount(l.replayed)}.`;
}
