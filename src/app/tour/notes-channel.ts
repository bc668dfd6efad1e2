/**
 * The presenter window and the speaker-notes window talk over a BroadcastChannel (same origin, no
 * server): the presenter sends the tour's state on every change; the notes window asks for it when it
 * opens and may send the presenter a command (a speaker with a laptop and a projector). Where
 * BroadcastChannel is missing, `openChannel` returns null and the notes window says so.
 */

export const CHANNEL_NAME = 'kemari-lab-presenter';

/** What the notes window shows. */
export interface NotesState {
  readonly sceneNumber: number;
  readonly sceneCount: number;
  readonly sceneTitle: string;
  readonly stepNumber: number;
  readonly stepCount: number;
  /** Plain text (glossary links removed). */
  readonly caption: string;
  readonly notes: string;
  /** The next step's caption (plain), or null at the end of the tour. */
  readonly nextCaption: string | null;
  /** The gate's prompt while the step waits for the audience, or null. */
  readonly waiting: string | null;
  readonly playing: boolean;
}

export type NotesCommand = 'next' | 'back' | 'toggle' | 'reset';

export type NotesMessage =
  | { readonly type: 'state'; readonly state: NotesState }
  | { readonly type: 'hello' }
  | { readonly type: 'command'; readonly command: NotesCommand };

const NUMBER_FIELDS = ['sceneNumber', 'sceneCount', 'stepNumber', 'stepCount'] as const;
const TEXT_FIELDS = ['sceneTitle', 'caption', 'notes'] as const;
const TEXT_OR_NULL_FIELDS = ['nextCaption', 'waiting'] as const;

/** Whether `value` is a whole notes state: every field there, of its type (anything else is not shown). */
export function isNotesState(value: unknown): value is NotesState {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const o = value as Record<string, unknown>;
  return (
    NUMBER_FIELDS.every((k) => Object.hasOwn(o, k) && Number.isFinite(o[k])) &&
    TEXT_FIELDS.every((k) => Object.hasOwn(o, k) && typeof o[k] === 'string') &&
    TEXT_OR_NULL_FIELDS.every((k) => Object.hasOwn(o, k) && (o[k] === null || typeof o[k] === 'string')) &&
    Object.hasOwn(o, 'playing') &&
    typeof o.playing === 'boolean'
  );
}

/** Whether a received value is one of our messages (the channel is shared by the origin's pages). */
export function isNotesMessage(value: unknown): value is NotesMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  if (type === 'hello') return true;
  if (type === 'state') return isNotesState((value as { state?: unknown }).state);
  if (type === 'command') return ['next', 'back', 'toggle', 'reset'].includes((value as { command?: unknown }).command as string);
  return false;
}

/** Opens the channel, or null where the browser has none. */
export function openChannel(): BroadcastChannel | null {
  return typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(CHANNEL_NAME);
}

/** The address of the notes window for the page at `location`. */
export function notesHref(location: { pathname: string }): string {
  return `${location.pathname}?notes=1`;
}
