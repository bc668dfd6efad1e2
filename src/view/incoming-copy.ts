/**
 * What a host says while a copy of the VM arrives or leaves, as its box on the stage shows it: the
 * shape of those words, and a repaired host's while it is resynchronized (any replicated technique).
 * A migration's words come with its descriptor (migration-copy-words.ts, `stageWords.copyLines`). Pure.
 */
import type { HostId, ReplicationFrame } from '../world/frame';
import { formatCount } from './count-format';

export interface IncomingCopy {
  readonly title: string;
  readonly detail: string;
  /** Share of the current step done, 0–1 (pages of the round sent). */
  readonly progress: number;
  /** Where the VM runs meanwhile. */
  readonly source: string;
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
