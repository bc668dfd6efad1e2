/**
 * COLO in words where any page may need them: whether a frame is COLO's, and the checkpoints by cause
 * (the replication panel, the compare view). What the stage says of its secondary and primary comes
 * with COLO's descriptor (techniques/colo.ts). Pure.
 * @see ../world/colo-protocol.ts
 */
import type { ColoFigures } from '../world/frame';

/** COLO's figures of a replication frame, or null (another technique). */
export function coloOf(r: { readonly kind: string; readonly colo?: ColoFigures } | null): ColoFigures | null {
  return r?.kind === 'checkpoint' ? (r.colo ?? null) : null;
}

/** Checkpoints by cause, for the panel: `3 on a difference · 1 periodic`. */
export function byCauseText(colo: ColoFigures): string {
  return `${colo.byCause.divergence} on a difference · ${colo.byCause.periodic} periodic`;
}
