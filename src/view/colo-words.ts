/**
 * COLO in words, as the stage's proxy and secondary and the replication panel say it: what the proxy
 * holds and its last comparisons, what the secondary VM on host B is doing, and the checkpoints by
 * cause. Pure.
 * @see ../world/colo-protocol.ts
 */
import type { CheckpointFrame, ColoFigures } from '../world/frame';
import { formatCount } from './migration-format';

/** COLO's figures of a replication frame, or null (another technique). */
export function coloOf(r: { readonly kind: string; readonly colo?: ColoFigures } | null): ColoFigures | null {
  return r?.kind === 'checkpoint' ? (r.colo ?? null) : null;
}

/** What started a checkpoint, in a few words. */
export function causeWords(cause: ColoFigures['cause']): string {
  return cause === 'divergence' ? 'an output differed' : cause === 'periodic' ? 'the periodic timer' : '';
}

/** The secondary VM on host B, in three short lines (its box on the stage). */
export function secondaryLines(r: CheckpointFrame, colo: ColoFigures): { title: string; holds: string; state: string } {
  const title = colo.secondary === 'paused' ? 'secondary VM · stopped' : 'secondary VM · running';
  const holds = `same inputs · ${formatCount(colo.releasedAtOnce)} outputs matched`;
  const state =
    colo.secondary === 'paused'
      ? `loading checkpoint ${r.checkpoint} (${causeWords(colo.cause)})`
      : r.committed > 0
        ? `last checkpoint ${r.committed}: ${causeWords(colo.cause)}`
        : 'no checkpoint yet: none needed';
  return { title, holds, state };
}

/** What the primary is doing under COLO, in one line (host A's words: the panel maps them after a repair). */
export function coloPrimaryWords(r: CheckpointFrame, colo: ColoFigures): string {
  if (r.primary === 'syncing') return `Host A: checkpoint ${r.checkpoint} (${causeWords(colo.cause)}) — both VMs stopped while A's dirty pages go to B`;
  return "Host A: protected — its proxy lets each output out as soon as the secondary's matches it";
}

/** Checkpoints by cause, for the panel: `3 on a difference · 1 periodic`. */
export function byCauseText(colo: ColoFigures): string {
  return `${colo.byCause.divergence} on a difference · ${colo.byCause.periodic} periodic`;
}
