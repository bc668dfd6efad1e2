/**
 * What host B says while a copy of the VM arrives (before commitment, B has pages but no VM): which
 * round, how far it got, and what the VM on host A is doing meanwhile. Pure.
 */
import type { HostId, MigrationFrame, ReplicationFrame } from '../world/frame';
import { formatCount } from './migration-format';

export interface IncomingCopy {
  readonly title: string;
  readonly detail: string;
  /** Share of the current step done, 0–1 (pages of the round sent). */
  readonly progress: number;
  /** Where the VM runs meanwhile. */
  readonly source: string;
}

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

/** A repaired host's words while it is resynchronized from the host that runs the VM, or null. */
export function resyncingCopy(r: ReplicationFrame | null, host: HostId): IncomingCopy | null {
  const s = r?.repair?.resync;
  if (!r || r.backup !== 'resyncing' || !s || s.to !== host || s.outcome !== 'running') return null;
  const progress = s.pageCount > 0 ? s.pagesCopied / s.pageCount : 0;
  return {
    title: `resynchronizing: ${Math.floor(progress * 100)}% of the VM`,
    detail: `round ${Math.max(1, s.round)}: ${formatCount(s.pagesCopied)} of ${formatCount(s.pageCount)} pages held`,
    progress,
    source: `the VM runs on host ${s.from}, with no backup yet`,
  };
}
