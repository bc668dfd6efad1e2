/**
 * The embed's small message API, as plain data. In (from the page that embeds it, by postMessage, or
 * by the element's methods): `play`, `pause`, `seek` (`t` in µs, or a duration such as `2.5s`) and
 * `crash` (`host` A or B). Out: `ready`, `state` (`t`, `playing`), `crashed`, `session` and `resize`.
 * Incoming data is checked field by field; anything else is ignored (never evaluated). Pure.
 */
import { parseDuration, type Micros } from '../sim/time';

/** Every message type starts with this prefix. */
export const PREFIX = 'kemari-lab:';

/**
 * The message protocol's version, carried as `v` by every message the iframe posts (a page can tell a
 * later protocol from this one). Commands may carry it too; one with another version is still read by
 * its fields (the commands have not changed since version 1).
 */
export const MESSAGE_VERSION = 1;

export type EmbedCommand =
  | { readonly kind: 'play' }
  | { readonly kind: 'pause' }
  | { readonly kind: 'seek'; readonly atUs: Micros }
  | { readonly kind: 'crash'; readonly host: 'A' | 'B' };

export type EmbedEvent =
  | { readonly type: 'kemari-lab:ready'; readonly scenario: string; readonly t: Micros; readonly untilUs: Micros; readonly playing: boolean }
  | { readonly type: 'kemari-lab:state'; readonly t: Micros; readonly playing: boolean }
  | { readonly type: 'kemari-lab:crashed'; readonly host: 'A' | 'B'; readonly t: Micros }
  | { readonly type: 'kemari-lab:session'; readonly state: string; readonly t: Micros }
  | { readonly type: 'kemari-lab:resize'; readonly height: number };

/** The largest seek accepted (µs): one hour, the longest run. */
const MAX_SEEK_US = 3_600_000_000;

/** Reads a seek target: a whole or decimal number of µs, or a duration text (`2.5s`, `40ms`). */
export function seekTarget(t: unknown): Micros | null {
  if (typeof t === 'number') return Number.isFinite(t) && t >= 0 && t <= MAX_SEEK_US ? Math.round(t) : null;
  if (typeof t === 'string' && t.length <= 32) {
    const us = parseDuration(t.trim());
    return us !== undefined && us <= MAX_SEEK_US ? us : null;
  }
  return null;
}

/** The command a message carries, or null when it is not one of ours or is malformed. */
export function parseCommand(data: unknown): EmbedCommand | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const msg = data as Record<string, unknown>;
  if (typeof msg.type !== 'string' || !msg.type.startsWith(PREFIX)) return null;
  switch (msg.type.slice(PREFIX.length)) {
    case 'play':
      return { kind: 'play' };
    case 'pause':
      return { kind: 'pause' };
    case 'seek': {
      const atUs = seekTarget(msg.t);
      return atUs === null ? null : { kind: 'seek', atUs };
    }
    case 'crash': {
      // No host given means A; a host given must be A or B (null is not "none given").
      const host = msg.host === undefined ? 'A' : msg.host;
      return host === 'A' || host === 'B' ? { kind: 'crash', host } : null;
    }
    default:
      return null;
  }
}
