/**
 * Reading a Remus run's checkpoints from its trace: when each one paused the guest, when its state
 * was captured, when it was acknowledged and committed, and which checkpoint holds the state that
 * issued each output. Shared by the Remus tests.
 */
import type { TraceEvent } from '../../src/sim/trace';
import { lastBefore, type Run } from './replication';

export interface RemusTimeline {
  /** `checkpoint.pause` events, checkpoint k at index k - 1. */
  readonly pauses: readonly TraceEvent[];
  /** `checkpoint.commit` events, checkpoint k at index k - 1 (A commits in order). */
  readonly commits: readonly TraceEvent[];
  /** Acks delivered to A (`link.delivered kind=checkpoint.ack`), in order. */
  readonly acks: readonly TraceEvent[];
  /**
   * Trace position at which checkpoint k's state was taken (index k - 1): the hypervisor's
   * `guest.paused` that the pause of checkpoint k causes (the dirty bitmap is read right after it).
   */
  readonly captures: readonly number[];
  /** The checkpoint whose state includes output `id` of the original guest (1 + captures before its notify). */
  stateCheckpointOf(id: number): number;
  /** The checkpoint whose epoch buffered a backend event: 1 + pauses before it. */
  bufferCheckpointOf(e: TraceEvent): number;
  /** The xclock's sequence number in the state of checkpoint k (0: the initial copy). */
  clockSeqAt(k: number): number;
  /** The checkpoint B held when it took over (its last acknowledgement before), or null without a takeover. */
  readonly takeoverFrom: number | null;
  readonly takeover: TraceEvent | undefined;
}

export function remusTimeline(run: Run): RemusTimeline {
  const { events } = run;
  const pauses = run.find('checkpoint.pause', 'hostA.remus');
  const commits = run.find('checkpoint.commit', 'hostA.remus');
  const acks = events.filter((e) => e.type === 'link.delivered' && e.data.kind === 'checkpoint.ack' && e.data.to === 'A');
  const captures = pauses.map((p) => events.find((e) => e.seq > p.seq && e.actor === 'hostA.hypervisor' && e.type === 'guest.paused')?.seq ?? Number.POSITIVE_INFINITY);
  const notifyAt = new Map(events.filter((e) => e.type === 'frontend.notify' && e.actor === 'vm').map((e) => [e.data.output as number, e.seq]));
  const redraws = events.filter((e) => e.type === 'xclock.redrawn' && e.actor === 'vm');
  const takeover = run.first('takeover', 'hostB.remus');
  const held = takeover ? lastBefore(events, takeover.seq, (e) => e.actor === 'hostB.remus' && e.type === 'state.ack') : undefined;
  return {
    pauses,
    commits,
    acks,
    captures,
    stateCheckpointOf: (id) => 1 + captures.filter((c) => c < notifyAt.get(id)!).length,
    bufferCheckpointOf: (e) => 1 + pauses.filter((p) => p.seq < e.seq).length,
    clockSeqAt: (k) => (k === 0 ? 0 : Math.max(0, ...redraws.filter((r) => r.seq < captures[k - 1]).map((r) => r.data.seq as number))),
    takeoverFrom: takeover ? ((held?.data.sync as number | undefined) ?? 0) : null,
    takeover,
  };
}
