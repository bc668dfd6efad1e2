/**
 * COLO's proxy box on the stage in words: what it holds now and its last comparison. Pure; loaded with
 * the box (./ColoProxy.svelte), only when a run shows COLO.
 */
import type { ColoFigures } from '../world/frame';

/** The proxy's box on the stage: what it holds now, and its last comparison. */
export function proxyLines(colo: ColoFigures): { held: string; last: string | null; match: boolean | null } {
  const held =
    colo.secondary === 'gone'
      ? 'off: nothing to compare with'
      : colo.comparing === 0 && colo.waitingForCheckpoint === 0
        ? 'holds nothing'
        : [colo.comparing > 0 ? `${colo.comparing} comparing` : '', colo.waitingForCheckpoint > 0 ? `${colo.waitingForCheckpoint} held for checkpoint` : ''].filter(Boolean).join(' · ');
  const c = colo.compares.length ? colo.compares[colo.compares.length - 1] : null;
  return { held, last: c ? `output ${c.output}: ${c.match ? '✓ same' : '✗ differs'}` : null, match: c ? c.match : null };
}
