/**
 * What Kemari and Remus share in the world: the guest state a backup keeps besides memory, the
 * backup's takeover (fence first when asked, notice split brain, start the guest from what it holds,
 * re-issue what its rings hold), the primary's reaction to a silent backup, and the accounting of
 * outputs across a failover.
 * @see ../../shared/DESIGN.md §5 (Failure detection, Fencing, Outputs)
 */
import type { VmContext, VmRestore } from '../machines/vm.machine';
import { ms } from '../sim/time';
import { CONTROL_MESSAGE_BYTES } from '../sim/link-model';
import type { Emitted, WorldKernel } from './kernel';

/** The vCPU's progress and the shared rings: the part of a guest's state that is not its pages. */
export function pickRestore(ctx: VmContext): VmRestore {
  return { clockSeq: ctx.clockSeq, outputsIssued: ctx.outputsIssued, net: ctx.net, blk: ctx.blk };
}

/** The value at quantile `q` of ascending `sorted` (0 when empty). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** Mean, 95th percentile and maximum of added latencies (µs). */
export function latencySummary(latencies: readonly number[]): { mean: number; p95: number; max: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : 0;
  return { mean, p95: percentile(sorted, 0.95), max: sorted.length ? sorted[sorted.length - 1] : 0 };
}

/**
 * Host B takes over: it powers A off first when fencing is on, reports split brain if A still runs,
 * starts the guest from `from` and `versions`, and has its backends process what the restored rings
 * hold (re-issuing it). Returns whether this is split brain.
 */
export function takeOverOnB(k: WorldKernel, from: VmRestore, versions: Uint32Array, fencing: boolean, beforeStart?: () => void): boolean {
  if (fencing && k.isUp('A')) k.powerOff('A', 'fence');
  const splitBrain = k.isUp('A');
  if (splitBrain) {
    k.violation('no-split-brain', 'host B took over while host A was still running');
    k.note('split brain: host A is still running (only the link failed) and host B takes over too. Fencing would have powered A off first.');
  }
  beforeStart?.();
  k.startVm(from, versions, 'B');
  k.hypervisors.B.send({ type: 'guest.create' });
  const ctx = k.vm.getSnapshot().context as VmContext;
  if (from.net.outstanding.length > 0) k.channels.B.send({ type: 'evtchn.notify', port: ctx.netPort });
  if (from.blk.outstanding.length > 0) k.channels.B.send({ type: 'evtchn.notify', port: ctx.blkPort });
  return splitBrain;
}

/**
 * The primary hears nothing from its backup: `giveUp` (release what is held, run on unprotected),
 * but with fencing configured only after twice the fencing time, so that a backup that believes the
 * primary dead powers it off first.
 */
export function whenBackupSilent(k: WorldKernel, fencing: boolean, fenceMs: number, stillPrimary: () => boolean, giveUp: () => void): void {
  if (fencing) k.at(k.clock.now() + ms(2 * fenceMs), () => stillPrimary() && giveUp());
  else giveUp();
}

/**
 * Outputs across a failover, from the ids that left each copy (0: the original on A, 1: the copy
 * that took over): lost = issued in the surviving history and never left; duplicated = left from both.
 */
export function failoverOutputs(left: readonly [ReadonlySet<number>, ReadonlySet<number>], from: VmRestore | null): { lost: number; duplicated: number } {
  let lost = 0;
  let duplicated = 0;
  if (!from) return { lost, duplicated };
  for (let id = 1; id <= from.outputsIssued; id++) {
    const before = left[0].has(id);
    const after = left[1].has(id);
    if (!before && !after) lost++;
    if (before && after) duplicated++;
  }
  return { lost, duplicated };
}

/**
 * Routes what the backup machine emits, the same for Kemari and Remus: its acknowledgement goes back
 * to A as a control message of `ackKind`, a fence request is narrated, a takeover runs `takeOver`.
 * Returns false for events that are not the backup's.
 */
export function routeBackupEvent(k: WorldKernel, e: Emitted, ackKind: string, ackBody: (sync: number) => Readonly<Record<string, unknown>>, takeOver: () => void): boolean {
  switch (e.type) {
    case 'state.ack':
      k.sendOnLink({ from: 'B', to: 'A', kind: ackKind, bytes: CONTROL_MESSAGE_BYTES, traffic: 'control', body: ackBody(e.sync as number) });
      return true;
    case 'fence.request':
      k.note(`host B powers host A off through its management board (fencing, ${k.spec.params.fenceMs} ms) before taking over.`);
      return true;
    case 'takeover':
      takeOver();
      return true;
    default:
      return false;
  }
}

/** Writes the pages of a complete copy (a sync or a checkpoint) into the backup's versions. */
export function applyPages(copy: Uint32Array, pages: Int32Array, versions: Uint32Array): void {
  for (let i = 0; i < pages.length; i++) copy[pages[i]] = versions[i];
}
