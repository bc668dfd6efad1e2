/**
 * The lab's panels: the dock's tabs, by id, and which is open, kept in the URL as `panel=faults`
 * (comma-separated ids are read, in this catalogue's order; the dock shows the first one its run
 * offers). An unknown id is reported by name with the allowed ones and left out. Pure.
 */
import type { FieldError } from '../scenarios/run-spec';
import type { TechniquePanel } from '../view/technique';

/**
 * Every panel the lab can open, in the order they are written to the URL: the lab's own, then
 * "What happened", the technique's status, and the technique panels a descriptor may offer
 * (src/view/technique.ts `TechniquePanel`).
 */
export const PANEL_IDS = ['params', 'about', 'faults', 'sweep', 'machines', 'notes', 'status', 'rules', 'rounds', 'memory', 'lanes', 'buffer', 'latency'] as const satisfies readonly (string | TechniquePanel)[];
export type PanelId = (typeof PANEL_IDS)[number];

/** Each panel's tab title. */
export const PANEL_TITLES: Readonly<Record<PanelId, string>> = {
  notes: 'What happened',
  status: 'Status',
  rules: 'Rules',
  lanes: 'Checkpoints',
  buffer: 'Output buffer',
  latency: 'Latency',
  rounds: 'Rounds',
  memory: 'Memory',
  faults: 'Faults',
  params: 'Parameters',
  sweep: 'Sweep',
  machines: 'Machines',
  about: 'About',
};

/**
 * The dock's tabs for a technique, in order: what happened, its status (when it has a protocol to
 * report on), its own panels, then the lab's.
 */
export function dockPanels(technique: readonly TechniquePanel[], hasStatus: boolean): PanelId[] {
  return ['notes', ...(hasStatus ? (['status'] as const) : []), ...technique, 'faults', 'params', 'sweep', 'machines', 'about'];
}

export function isPanelId(id: string): id is PanelId {
  return (PANEL_IDS as readonly string[]).includes(id);
}

/** Reads the `panel` key (it may be repeated) in the order given, the first being the tab shown; bad ids go to `errors`. */
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
  return [...open];
}

/** The `panel` value for the open panels (the one shown first), or null when none is open. */
export function formatPanels(open: Iterable<PanelId>): string | null {
  const ids = [...new Set(open)];
  return ids.length > 0 ? ids.join(',') : null;
}
