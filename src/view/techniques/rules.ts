/** Rules more than one technique promises, with their meanings. */
import type { Rule } from '../technique';

export const NO_ROLLBACK: Rule = { name: 'client-never-rolls-back', meaning: 'the client never sees output that the surviving copy of the VM does not know' };
export const NO_SPLIT_BRAIN: Rule = { name: 'no-split-brain', meaning: 'never two live copies of the VM at once' };
export const OUTPUT_COMMIT: Rule = { name: 'output-commit', meaning: 'no output leaves before B acknowledged the checkpoint that produced it' };
export const BACKUP_DISK: Rule = { name: 'backup-disk-committed-only', meaning: "B's disk holds only writes of acknowledged checkpoints" };

/** Remus's and naive snapshots' rules (naive breaks the first two). */
export const CHECKPOINT_RULES: readonly Rule[] = [OUTPUT_COMMIT, BACKUP_DISK, NO_SPLIT_BRAIN, NO_ROLLBACK];

/** The line of a checkpointing technique in the compare view. */
export function checkpointLine(params: Readonly<Record<string, unknown>>): string {
  return `checkpoints every ${params.epochMs} ms, ${params.bufferOutput ? 'output buffered until acknowledged' : 'output not buffered'}`;
}
