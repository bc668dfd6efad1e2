/**
 * A post-copy migration in words, for the migration panel: its headline (where the VM runs, how many
 * of its pages host B holds, a stall) and its outcome. Pure.
 */
import { formatInstantForPeople } from '../sim/time';
import type { MigrationFrame, MigrationOutcome, PostcopyFigures } from '../world/frame';

export function postcopyHeadline(m: MigrationFrame, p: PostcopyFigures): string {
  const share = p.pageCount > 0 ? Math.floor((p.pagesOnB / p.pageCount) * 100) : 0;
  if (m.outcome === 'vm-lost') return p.resumedAtUs !== null ? 'VM lost · a host failed before every page reached host B' : 'VM lost · after host A handed the VM over';
  if (m.outcome === 'aborted') return 'Aborted · the VM keeps running on host A';
  if (m.outcome === 'completed') return 'Complete · every page is on host B';
  if (m.outcome === 'not-started') return `Not started · starts at ${formatInstantForPeople(m.migrateAtUs)}`;
  if (p.resumedAtUs === null) return m.stage === 4 ? 'Resuming the VM on host B' : m.stage === 3 ? 'Suspended · the vCPU state moves first' : 'Reserving a container on host B';
  return p.stalled ? `Stalled on a network fault · ${share}% of the pages on host B` : `Runs on host B · ${share}% of the pages there`;
}

/** The outcome of a post-copy migration that is over, or null while it is not. */
export function postcopyOutcomeText(outcome: MigrationOutcome): string | null {
  if (outcome === 'completed') return 'completed: the VM runs on host B, which holds all of it';
  if (outcome === 'aborted') return 'aborted before the vCPU state left host A: the VM keeps running there';
  if (outcome === 'vm-lost') return 'VM lost: past the handover neither host holds the whole VM, so a failure of either loses it';
  return null;
}
