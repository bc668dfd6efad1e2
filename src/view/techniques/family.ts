/**
 * Each built-in technique's line in the family tree (what host B holds, when output leaves, what a crash
 * of A and of B costs, what crosses the link): read only by the family tree, which the compare view and
 * the tour load on demand, so the lab's first load goes without it. A technique outside the registries
 * brings its line in its descriptor's `family`.
 */
import type { TechniqueId } from '../../scenarios/scenario';
import type { FamilyLine } from '../technique';

export const FAMILY: Readonly<Record<TechniqueId, FamilyLine>> = {
  unprotected: { backupHolds: 'nothing', outputLeaves: 'at once', primaryCrash: 'the VM is lost', backupCrash: 'nothing (B holds nothing)', traffic: 'none' },
  migration: { backupHolds: 'a copy that grows round by round; A stays primary until it commits', outputLeaves: 'at once (from A, then from B)', primaryCrash: 'the VM is lost: migration is not high availability', backupCrash: 'the migration aborts; the VM runs on at A', traffic: 'every page, then the pages dirtied meanwhile, round after round (up to about 3 × memory)' },
  postcopy: { backupHolds: 'the vCPU state first, then pages as they arrive; B runs the VM', outputLeaves: 'at once (from B once it runs the VM)', primaryCrash: 'before the last page left A: the VM is lost', backupCrash: 'once the vCPU state left A: the VM is lost', traffic: 'every page exactly once (pushed, or pulled on a fault)' },
  remus: { backupHolds: 'the last acknowledged checkpoint (tens of ms old)', outputLeaves: 'when the checkpoint that made it is acknowledged', primaryCrash: 'B resumes from its last checkpoint: no output lost, no rollback seen', backupCrash: 'A runs on, unprotected', traffic: 'the dirty pages of every epoch' },
  naive: { backupHolds: 'the last acknowledged checkpoint', outputLeaves: 'at once (not buffered)', primaryCrash: 'B resumes from an older state: the client sees a rollback', backupCrash: 'A runs on, unprotected', traffic: 'the dirty pages of every epoch' },
  kemari: { backupHolds: 'the state as of the last I/O event', outputLeaves: 'after B acknowledged the state that issued it (trapped on the event channel)', primaryCrash: 'B takes over: no output lost, no rollback seen', backupCrash: 'A runs on, unprotected', traffic: 'the dirty pages at every I/O event' },
  colo: {
    backupHolds: 'a running secondary VM, equal in every output so far',
    outputLeaves: "as soon as the secondary's matches it; after a checkpoint when they differ",
    primaryCrash: 'the secondary goes on: no output lost, no rollback seen',
    backupCrash: 'A runs on, unprotected',
    traffic: "the secondary's outputs, and the dirty pages at each checkpoint (on a difference, or periodically)",
  },
  lockstep: {
    backupHolds: 'a replaying VM, a link latency behind',
    outputLeaves: 'once B acknowledged every log entry before it (the output rule)',
    primaryCrash: 'B replays to the end of the log and goes live: nothing lost, at most a duplicate',
    backupCrash: 'A goes live alone (after the test-and-set), unprotected',
    traffic: 'the log of non-deterministic inputs only: no memory',
  },
};

/** The family line of a technique: its descriptor's own, or the built-in one by its id (null: none). */
export function familyOf(t: { readonly id: string; readonly family?: FamilyLine }): FamilyLine | null {
  return t.family ?? (Object.hasOwn(FAMILY, t.id) ? FAMILY[t.id as TechniqueId] : null);
}
