/**
 * Words and numbers of the replication view (Kemari, Remus, naive snapshots): what each host is doing,
 * what the backup holds, rates, byte sizes and the failover time, as the panel, the hosts and the
 * output buffer print them. Pure.
 * @see ../../shared/DESIGN.md §4 (Protocols), §5 (Failover time, naive snapshots)
 */
import type { Micros } from '../sim/time';
import type { HostFrame, ReplicationFrame } from '../world/frame';
import { formatCount } from './count-format';
import type { StandbyLines } from './technique';
import { techniqueOf } from './techniques/index';

/** What one copy of the primary's state is called in this run: Kemari's synchronization, Remus's checkpoint. */
export function syncNoun(r: ReplicationFrame): { one: string; many: string } {
  return techniqueOf(r.technique).noun ?? { one: 'sync', many: 'syncs' };
}

/** The state host B holds, in words: `synchronization #27`, `checkpoint 120`, or the initial copy. */
export function holdsText(r: ReplicationFrame): string {
  if (r.backupHoldsSync === 0) return 'the initial copy (made before t = 0)';
  return techniqueOf(r.technique).holdsLabel(r.backupHoldsSync);
}

/**
 * Host B's standby copy as its box on the stage says it, in three short lines (each fits the box at a
 * hall's type size): `standby copy · paused`, what it holds (`checkpoint 120`) and how it got it
 * (`(committed)`).
 */
export function standbyCopyText(r: ReplicationFrame): StandbyLines {
  const own = r.backup === 'standby' ? techniqueOf(r.technique).stageWords?.standbyLines?.(r) : null;
  if (own) return own;
  const title = r.backup === 'fencing' ? onHosts(r, 'standby copy · fencing host A') : 'standby copy · paused';
  if (r.backupHoldsSync === 0) return { title, holds: 'the initial copy', state: '(made before t = 0)' };
  // A checkpoint is committed once acknowledged; a synchronization is simply acknowledged.
  return { title, holds: techniqueOf(r.technique).holdsLabel(r.backupHoldsSync), state: r.kind === 'checkpoint' ? '(committed)' : '(acknowledged)' };
}

/** The host the primary role is on (A until a repair put the VM's protection on B). */
export function primaryHostOf(r: ReplicationFrame): 'A' | 'B' {
  return r.primaryHost ?? 'A';
}

/** The host the backup role is on (B until a repair put it on A). */
export function backupHostOf(r: ReplicationFrame): 'A' | 'B' {
  return primaryHostOf(r) === 'A' ? 'B' : 'A';
}

/** Words written for the first protection (A the primary, B the backup) about the hosts that play the roles now. */
export function onHosts(r: ReplicationFrame, text: string): string {
  return primaryHostOf(r) === 'A' ? text : text.replace(/\b([Hh]ost) ([AB])\b/g, (_all, word: string, h: string) => `${word} ${h === 'A' ? 'B' : 'A'}`);
}

/** What the primary (host A, or B after a repair) is doing, in one line; `power` is its host's. */
export function primaryText(r: ReplicationFrame, power: HostFrame['power']): string {
  return onHosts(r, primaryWords(r, power));
}

function primaryWords(r: ReplicationFrame, powerA: HostFrame['power']): string {
  if (r.primary === 'unprotected' && (r.backup === 'booting' || r.backup === 'resyncing' || r.backup === 'empty')) return 'Host A: runs the VM with no backup — the window of vulnerability is open';
  switch (r.primary) {
    case 'down':
      return powerA === 'fenced' ? 'Host A: down — host B powered it off (fenced)' : 'Host A: down — its copy of the VM stopped with it';
    case 'unprotected':
      return r.splitBrain
        ? 'Host A: unprotected — still running while host B runs the VM too (split brain)'
        : 'Host A: unprotected — no acknowledgements from B, so it lets its output out and runs on alone';
    case 'syncing':
    case 'protected':
      return techniqueOf(r.technique).stageWords?.primaryLine?.(r) ?? (r.primary === 'syncing' ? syncingWords(r) : protectedWords(r));
  }
}

/** A primary taking a sync, in the common words (Kemari's, Remus's, naive snapshots'). */
function syncingWords(r: ReplicationFrame): string {
  if (r.kind === 'kemari') return 'Host A: synchronizing — guest paused, its dirty pages and vCPU state going to B; the notify waits';
  if (r.kind !== 'checkpoint') return 'Host A: synchronizing with host B';
  return r.bufferOutput
        ? `Host A: taking checkpoint ${r.checkpoint} — pause, copy, send, wait for B's acknowledgement`
        : `Host A: taking checkpoint ${r.checkpoint} — but its output still leaves at once`;
}

/** A protected primary, in the common words. */
function protectedWords(r: ReplicationFrame): string {
  if (r.kind === 'kemari') {
    return r.trapEvents
      ? 'Host A: protected — every notify is held until B acknowledges'
      : 'Host A: trap off — each output leaves first and is synchronized to B only after it left';
  }
  if (r.kind !== 'checkpoint') return 'Host A: protected';
  return r.bufferOutput
    ? 'Host A: protected — its output waits in a buffer until B acknowledges the checkpoint'
    : 'Host A: checkpointing every epoch, but its output leaves at once (no buffer)';
}

/** What the backup (host B, or A after a repair) is doing, in one line. */
export function backupText(r: ReplicationFrame): string {
  return onHosts(r, backupWords(r));
}

function backupWords(r: ReplicationFrame): string {
  switch (r.backup) {
    case 'standby':
      return techniqueOf(r.technique).stageWords?.backupLine?.(r) ?? `Host B: standby, holds ${holdsText(r)}`;
    case 'fencing':
      return 'Host B: fencing — powering host A off through its management board';
    case 'active':
      return `Host B: active — runs the VM, resumed from ${holdsText(r)}`;
    case 'down':
      return 'Host B: down — nothing protects the VM now';
    case 'booting':
      return 'Host B: booting — it rejoins as the standby, empty';
    case 'resyncing': {
      const s = r.repair?.resync;
      return s ? `Host B: being resynchronized — ${formatCount(s.pagesCopied)} of ${formatCount(s.pageCount)} pages (round ${s.round}); no backup until it holds them all` : 'Host B: being resynchronized';
    }
    case 'empty':
      return 'Host B: up, with no copy of the VM';
  }
}

/** Synchronizations (or checkpoints) per second of the run so far (as the runner divides: count / time). */
export function syncsPerSec(r: ReplicationFrame, atUs: Micros): number {
  return atUs > 0 ? r.syncs / (atUs / 1e6) : 0;
}

/** A rate per second with one decimal: `40.0 /s`. */
export function formatPerSec(x: number): string {
  return `${x.toFixed(1)} /s`;
}

/** A share as a percentage: `3.9 %`, `0.21 %` under one per cent. */
export function formatPercent(share: number): string {
  const p = share * 100;
  return `${p < 1 && p > 0 ? p.toFixed(2) : p.toFixed(1)} %`;
}

/** Bytes in binary units: `1,500 B`, `4.4 KiB`, `25.5 MiB`, `1.20 GiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/**
 * Failover time (DESIGN §5): from the primary's crash to the backup's VM running, or null when B has
 * not taken over or nothing crashed host A before it did (a cut link: split brain).
 */
export function failoverUs(r: ReplicationFrame, crashAtUs: Micros | null): Micros | null {
  if (r.takeoverAtUs === null || crashAtUs === null || crashAtUs > r.takeoverAtUs) return null;
  return r.takeoverAtUs - crashAtUs;
}
