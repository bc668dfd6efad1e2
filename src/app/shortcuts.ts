/**
 * The tour's and presenter mode's keyboard shortcuts as data, and the one function that maps a key
 * press to an action. Clickers send PageDown/PageUp (some send arrows), so both step the scenes. A
 * focused button or link keeps Space and Enter (it presses itself); fields and lists keep every key.
 * The help overlay lists SHORTCUTS as they are. Pure (reads a key event's fields, never the DOM).
 */

export type TourAction =
  | { readonly kind: 'toggle' | 'next' | 'back' | 'kill' | 'restart' | 'reset' | 'faster' | 'slower' | 'help' | 'close' | 'fullscreen' | 'notes' | 'glossary' | 'machines' | 'record' }
  | { readonly kind: 'scene'; readonly index: number };

export interface Shortcut {
  /** The keys as `KeyboardEvent.key` gives them. */
  readonly keys: readonly string[];
  /** The keys as the help overlay shows them. */
  readonly shown: string;
  readonly action: TourAction;
  readonly does: string;
  /** Only with Shift held (Shift+K); a shortcut without it answers with or without Shift. */
  readonly shift?: boolean;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: [' '], shown: 'Space', action: { kind: 'toggle' }, does: 'Play or pause' },
  { keys: ['ArrowRight', 'PageDown'], shown: '→ or Page Down', action: { kind: 'next' }, does: 'Next step (at a gate: do it for the audience)' },
  { keys: ['ArrowLeft', 'PageUp'], shown: '← or Page Up', action: { kind: 'back' }, does: 'Step back (restores the earlier state)' },
  { keys: ['k', 'K'], shown: 'K', action: { kind: 'kill' }, does: 'Kill the primary (crash the host that runs the VM)' },
  { keys: ['K'], shift: true, shown: 'Shift+K', action: { kind: 'restart' }, does: 'Restart the host that is down (it boots and rejoins as the standby)' },
  { keys: ['r', 'R'], shown: 'R', action: { kind: 'reset' }, does: 'Reset the scene to its start' },
  { keys: ['+', '='], shown: '+', action: { kind: 'faster' }, does: 'Faster' },
  { keys: ['-', '_'], shown: '−', action: { kind: 'slower' }, does: 'Slower' },
  ...Array.from({ length: 9 }, (_, i): Shortcut => ({ keys: [String(i + 1)], shown: String(i + 1), action: { kind: 'scene', index: i }, does: `Scene ${i + 1}` })),
  { keys: ['f', 'F'], shown: 'F', action: { kind: 'fullscreen' }, does: 'Full screen on or off' },
  { keys: ['n', 'N'], shown: 'N', action: { kind: 'notes' }, does: 'Open the speaker notes window' },
  { keys: ['g', 'G'], shown: 'G', action: { kind: 'glossary' }, does: 'Show or hide the glossary' },
  { keys: ['m', 'M'], shown: 'M', action: { kind: 'machines' }, does: 'Show or hide the machines (live statecharts)' },
  { keys: ['v', 'V'], shown: 'V', action: { kind: 'record' }, does: 'Record the current step as a video and a GIF' },
  { keys: ['?'], shown: '?', action: { kind: 'help' }, does: 'Show this help' },
  { keys: ['Escape'], shown: 'Esc', action: { kind: 'close' }, does: 'Close the help, the glossary or the machines' },
];

/** The help overlay's rows: digits folded into one row. */
export function helpRows(): { shown: string; does: string }[] {
  const rows = SHORTCUTS.filter((s) => s.action.kind !== 'scene').map((s) => ({ shown: s.shown, does: s.does }));
  rows.splice(8, 0, { shown: '1 … 9', does: 'Jump to scene 1 … 9' });
  return rows;
}

/** The fields of a key event the mapping reads. */
export interface KeyPress {
  readonly key: string;
  readonly altKey?: boolean;
  readonly ctrlKey?: boolean;
  readonly metaKey?: boolean;
  readonly shiftKey?: boolean;
  /** What has focus: its tag name (`BUTTON`, `INPUT`...) and whether it is editable. */
  readonly focus?: { readonly tag: string; readonly editable?: boolean; readonly role?: string | null } | null;
}

const FIELDS = new Set(['INPUT', 'SELECT', 'TEXTAREA']);
const PRESSABLE = new Set(['BUTTON', 'A', 'SUMMARY']);
/** Keys a focused slider widget (a fault marker on the timeline) owns. */
const SLIDER_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', 'Delete', 'Backspace', 'Enter', ' ']);

/** The action for a key press, or null (not a shortcut, a modifier held, or the focus takes the key). */
export function shortcutFor(press: KeyPress): TourAction | null {
  if (press.altKey || press.ctrlKey || press.metaKey) return null;
  const focus = press.focus;
  if (focus && (FIELDS.has(focus.tag) || focus.editable)) return null;
  if (focus && (PRESSABLE.has(focus.tag) || focus.role === 'button') && (press.key === ' ' || press.key === 'Enter')) return null;
  if (focus?.role === 'slider' && SLIDER_KEYS.has(press.key)) return null;
  // A Shift shortcut first (Shift+K restarts; K alone kills, as does K with Caps Lock on).
  const found = (press.shiftKey ? SHORTCUTS.find((s) => s.shift && s.keys.includes(press.key)) : undefined) ?? SHORTCUTS.find((s) => !s.shift && s.keys.includes(press.key));
  return found?.action ?? null;
}

/** The lab's own keys (outside the tour), as its help overlay lists them. */
export const LAB_KEYS: readonly { shown: string; does: string }[] = [
  { shown: 'Space', does: 'Play or pause' },
  { shown: '→', does: 'Step to the next instant (pauses)' },
  { shown: '←', does: 'Step back' },
  { shown: '+ / −', does: 'Faster / slower' },
  { shown: 'K', does: 'Kill the primary (crash the host that runs the VM)' },
  { shown: 'Shift+K', does: 'Restart the host that is down (it boots and rejoins as the standby)' },
  { shown: 'S', does: 'Share: the link to this moment, and the embed snippets' },
  { shown: 'V', does: 'Record a video and a GIF of the 5 s around the playhead (or a range you choose)' },
  { shown: '?', does: 'Show this help' },
  { shown: 'Esc', does: 'Close the help or the panels sheet' },
];
