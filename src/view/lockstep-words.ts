/**
 * Lock-stepping in words where any page may need them: whether a frame is lock-stepping's, and the
 * compare view's status line. What the stage says of its backup and primary comes with its descriptor
 * (techniques/lockstep.ts). Pure.
 * @see ../world/lockstep-protocol.ts
 */
import type { LockstepFrame } from '../world/frame';
import { formatCount } from './count-format';

/** Lock-stepping's part of a replication frame, or null (another technique). */
export function lockstepOf(r: { readonly kind: string } | null): LockstepFrame | null {
  return r?.kind === 'lockstep' ? (r as LockstepFrame) : null;
}

/** The pane's status line in the compare view. */
export function lockstepStatus(l: LockstepFrame): string {
  return `Protected: ${formatCount(l.acked)} of ${formatCount(l.logged)} log entries acknowledged; host B replayed ${formatCount(l.replayed)}.`;
}
