/**
 * Remus's output buffer, headless: what host A holds per epoch (grouped by the checkpoint that will
 * release it), what each group waits for, the totals, and why the buffer is empty when it is. Pure.
 * @see ../../shared/DESIGN.md §4 (Remus: output buffer, 10 MiB limit) and Cully et al. 2008 §2.3
 */
import { OUTPUT_BUFFER_BYTES } from '../sim/remus';
import type { CheckpointFrame } from '../world/frame';
import { formatBytes } from './replication-format';

/** Packet squares drawn per epoch; more are counted in words. */
export const MAX_SQUARES = 24;

export interface EpochGroup {
  readonly checkpoint: number;
  readonly outputs: number;
  readonly bytes: number;
  /** `waiting` for the ack of a checkpoint already taken, or `filling` (the epoch under way). */
  readonly status: 'waiting' | 'filling';
  readonly words: string;
  readonly squares: number;
  readonly more: number;
}

export interface BufferView {
  readonly groups: readonly EpochGroup[];
  readonly outputs: number;
  readonly bytes: number;
  readonly totalText: string;
  /** Why nothing is held, or what happened to the held output (null: nothing to explain). */
  readonly note: string | null;
  /** The buffer is not in use (naive snapshots, or a primary that lets output out). */
  readonly bypassed: boolean;
}

/** The buffer as the screen shows it. */
export function bufferView(r: CheckpointFrame): BufferView {
  const entries = r.buffer;
  const taken = r.checkpoint;
  const groups: EpochGroup[] = entries.map((e) => {
    const status = e.checkpoint <= taken ? 'waiting' : 'filling';
    const squares = Math.min(MAX_SQUARES, e.outputs);
    return {
      checkpoint: e.checkpoint,
      outputs: e.outputs,
      bytes: e.bytes,
      status,
      words:
        status === 'waiting'
          ? `epoch ${e.checkpoint}: checkpoint taken, waiting for B's ack`
          : `epoch ${e.checkpoint}: under way, released once checkpoint ${e.checkpoint} is acknowledged`,
      squares,
      more: e.outputs - squares,
    };
  });
  const outputs = entries.reduce((a, e) => a + e.outputs, 0);
  const bytes = entries.reduce((a, e) => a + e.bytes, 0);
  const totalText = `${outputs} ${outputs === 1 ? 'packet' : 'packets'} held · ${formatBytes(bytes)} of ${formatBytes(OUTPUT_BUFFER_BYTES)}`;

  let note: string | null = null;
  let bypassed = false;
  if (!r.bufferOutput) {
    bypassed = true;
    note = 'No output buffer (naive snapshots): every packet and frame leaves host A at once, before B holds the state that produced it.';
  } else if (r.primary === 'down') {
    note =
      r.backup === 'active'
        ? `Discarded at the failure: host A's held output died with it, unseen by the client. B resumed from checkpoint ${r.backupHoldsSync}.`
        : "Discarded at the failure: host A's held output died with it, unseen by the client.";
  } else if (r.primary === 'unprotected') {
    bypassed = true;
    note = 'Released: host A no longer hears B, so it let its held output out and sends the rest at once (unprotected).';
  } else if (groups.length === 0) {
    note = 'Empty: nothing waiting right now.';
  }
  return { groups, outputs, bytes, totalText, note, bypassed };
}
