/**
 * The lab's panel layout: which of its panels are open, kept in the URL as `panel=params,sweep`
 * (comma-separated ids, in this catalogue's order). An unknown id is reported by name with the
 * allowed ones and left out; the rest still opens. Pure.
 */
import type { FieldError } from '../scenarios/run-spec';

/** Every panel the lab can open, in the order they are written to the URL. */
export const PANEL_IDS = ['params', 'about', 'faults', 'sweep', 'machines'] as const;
export type PanelId = (typeof PANEL_IDS)[number];

export function isPanelId(id: string): id is PanelId {
  return (PANEL_IDS as readonly string[]).includes(id);
}

/** Reads the `panel` key (it may be repeated); bad ids go to `errors`. */
export function readPanels(q: URLSearchParams, errors: FieldError[]): PanelId[] {
  const open = new Set<PanelId>();
  for (const value of q.getAll('panel')) {
    for (const raw of value.split(',')) {
      const id = raw.trim();
      if (id === '') continue;
      if (isPanelId(id)) open.add(id);
      else errors.push({ field: 'panel', message: `panel "${id}" is unknown; allowed: ${PANEL_IDS.join(', ')} (comma-separated)` });
    }
  }
  return PANEL_IDS.filter((id) => open.has(id));
}

/** The `panel` value for a set of open panels, or null when none is open. */
export function formatPanels(open: Iterable<PanelId>): string | null {
  const set = new Set(open);
  const ids = PANEL_IDS.filter((id) => set.has(id));
  return ids.length > 0 ? ids.join(',') : null;
}

/** Adds or removes one panel, keeping the catalogue order. */
export function withPanel(open: readonly PanelId[], id: PanelId, isOpen: boolean): PanelId[] {
  const set = new Set(open);
  if (isOpen) set.add(id);
  else set.delete(id);
  return PANEL_IDS.filter((p) => set.has(p));
}
