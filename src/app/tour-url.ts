/**
 * The tour's keys in the page address: `scene=<id>` opens the guided tour at that scene, `present=1`
 * (or `present` alone) opens presenter mode (at the first scene unless `scene` says). Kept apart from
 * url-state.ts, which ignores them, and from the scenes themselves (checked in the tour's chunk, so
 * the lab's first load does not carry the tour's text). Pure.
 */

export interface TourRequest {
  /** The scene asked for (an id, checked by the tour), or null. */
  readonly sceneId: string | null;
  /** Whether a tour is to open at all. */
  readonly open: boolean;
  readonly present: boolean;
}

const truthy = (v: string | null) => v !== null && v !== '0' && v !== 'false';

/** Reads `scene` and `present` from a query string. */
export function readTourUrl(search: string): TourRequest {
  const q = new URLSearchParams(search);
  const present = truthy(q.get('present'));
  const sceneId = q.get('scene');
  return { sceneId, open: present || sceneId !== null, present };
}

/** The tour's part of the address (`&scene=…&present=1`), empty when no tour is open. */
export function tourQuery(sceneId: string | null, present: boolean): string {
  if (sceneId === null) return '';
  return `&scene=${encodeURIComponent(sceneId)}${present ? '&present=1' : ''}`;
}
