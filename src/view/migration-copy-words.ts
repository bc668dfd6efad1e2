/**
 * What the hosts say while a migration moves the VM (before commitment host B has pages but no VM):
 * which round, how far it got, and what the VM is doing meanwhile; in post-copy, host A serving the
 * pages B still lacks. Loaded with the migration and post-copy descriptors. Pure.
 */
import type { MigrationFrame } from '../world/frame';
import { formatCount } from './count-format';
import type { IncomingCopy } from './incoming-copy';

/** Host B's words while a migration is under way, or null when no copy is arriving. */
export function incomingCopy(m: MigrationFrame | null): IncomingCopy | null {
  if (!m || m.outcome !== 'in-progress' || m.stage < 1 || m.stage > 3) return null;
  if (m.postcopy && m.stage === 3) {
    return { title: 'receiving the vCPU state', detail: 'post-copy: the vCPU state first, no pages yet', progress: 0, source: 'the VM is paused on host A' };
  }
  if (m.stage === 1 || m.round === 0) {
    return { title: 'reserving room for the VM', detail: 'stage 1: reservation', progress: 0, source: 'the VM runs on host A' };
  }
  const progress = m.roundPagesPlanned > 0 ? Math.min(1, m.roundPagesSent / m.roundPagesPlanned) : 1;
  if (m.finalRound) {
    return {
      title: 'receiving the last pages and vCPU',
      detail: `stop-and-copy: ${formatCount(m.roundPagesSent)} of ${formatCount(m.roundPagesPlanned)} pages sent`,
      progress,
      source: 'the VM is paused on host A',
    };
  }
  if (m.round === 1) {
    return {
      title: `receiving a copy of the VM: ${Math.floor(progress * 100)}%`,
      detail: `round 1: ${formatCount(m.roundPagesSent)} of ${formatCount(m.roundPagesPlanned)} pages (all)`,
      progress,
      source: 'the VM runs on host A (live)',
    };
  }
  return {
    title: 'updating its copy of the VM',
    detail: `round ${m.round}: ${formatCount(m.roundPagesSent)} of ${formatCount(m.roundPagesPlanned)} dirtied pages`,
    progress,
    source: 'the VM runs on host A (live)',
  };
}

/** Host A's words in a post-copy migration once host B runs the VM: the pages B still lacks, or null. */
export function postcopySource(m: MigrationFrame | null): IncomingCopy | null {
  const p = m?.postcopy;
  if (!m || !p || m.outcome !== 'in-progress' || p.resumedAtUs === null) return null;
  return {
    title: `serving the VM's pages: ${formatCount(p.pageCount - p.pagesOnB)} left`,
    detail: `${formatCount(p.pagesPushed)} pushed · ${formatCount(p.pagesPulled)} pulled on faults`,
    progress: p.pageCount > 0 ? p.pagesOnB / p.pageCount : 1,
    source: 'the VM runs on host B: a crash here loses it',
  };
}
