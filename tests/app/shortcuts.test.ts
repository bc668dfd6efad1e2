/**
 * The presenter's shortcut map: every key of the brief maps to its action, clickers' Page keys step
 * like the arrows, a focused field or pressed button keeps its keys, modifiers leave the browser's.
 */
import { describe, expect, it } from 'vitest';
import { helpRows, SHORTCUTS, shortcutFor } from '../../src/app/shortcuts';

const kind = (key: string, focus: { tag: string; editable?: boolean; role?: string } | null = null) => {
  const a = shortcutFor({ key, focus });
  return a === null ? null : a.kind === 'scene' ? `scene ${a.index + 1}` : a.kind;
};

describe('presenter shortcuts', () => {
  it('map the keys of the brief', () => {
    expect(kind(' ')).toBe('toggle');
    expect([kind('ArrowRight'), kind('PageDown')]).toEqual(['next', 'next']);
    expect([kind('ArrowLeft'), kind('PageUp')]).toEqual(['back', 'back']);
    expect([kind('k'), kind('K')]).toEqual(['kill', 'kill']);
    expect([kind('r'), kind('R')]).toEqual(['reset', 'reset']);
    expect([kind('+'), kind('='), kind('-')]).toEqual(['faster', 'faster', 'slower']);
    expect(['1', '5', '9'].map((d) => kind(d))).toEqual(['scene 1', 'scene 5', 'scene 9']);
    expect([kind('?'), kind('Escape')]).toEqual(['help', 'close']);
    expect([kind('0'), kind('x'), kind('Enter'), kind('ArrowUp')]).toEqual([null, null, null, null]);
  });

  it('leave modified keys to the browser', () => {
    expect(shortcutFor({ key: 'r', ctrlKey: true })).toBeNull();
    expect(shortcutFor({ key: 'ArrowLeft', altKey: true })).toBeNull();
    expect(shortcutFor({ key: 'k', metaKey: true })).toBeNull();
  });

  it('leave a focused field its keys, and a focused button its Space and Enter', () => {
    for (const tag of ['INPUT', 'SELECT', 'TEXTAREA']) expect(kind('ArrowRight', { tag }), tag).toBeNull();
    expect(kind('k', { tag: 'DIV', editable: true })).toBeNull();
    expect(kind(' ', { tag: 'BUTTON' })).toBeNull();
    // A clicker after clicking "Next": the focused button does not swallow Page Down or the arrows.
    expect(kind('PageDown', { tag: 'BUTTON' })).toBe('next');
    expect(kind('ArrowLeft', { tag: 'A' })).toBe('back');
    expect(kind(' ', { tag: 'DIV' })).toBe('toggle');
  });

  it('leave a focused slider widget (a fault marker) its keys, and an SVG button its Space and Enter', () => {
    for (const key of ['ArrowRight', 'ArrowLeft', 'PageDown', 'Delete', 'Enter', ' ']) expect(kind(key, { tag: 'g', role: 'slider' }), key).toBeNull();
    expect(kind('k', { tag: 'g', role: 'slider' })).toBe('kill');
    expect(kind('Enter', { tag: 'path', role: 'button' })).toBeNull();
    expect(kind(' ', { tag: 'path', role: 'button' })).toBeNull();
  });

  it('Shift+K restarts the host that is down; K, with or without Caps Lock, kills the primary', () => {
    expect(shortcutFor({ key: 'K', shiftKey: true })).toEqual({ kind: 'restart' });
    expect(shortcutFor({ key: 'K' })).toEqual({ kind: 'kill' });
    expect(shortcutFor({ key: 'k' })).toEqual({ kind: 'kill' });
    // Shift with another key answers as that key does (Shift+R resets, as R).
    expect(shortcutFor({ key: 'R', shiftKey: true })).toEqual({ kind: 'reset' });
  });

  it('has one action per key, and a help row for each (digits folded into one)', () => {
    // A key with Shift held is a key of its own (Shift+K restarts, K kills).
    const keys = SHORTCUTS.flatMap((s) => s.keys.map((k) => `${s.shift ? 'Shift+' : ''}${k}`));
    expect(new Set(keys).size).toBe(keys.length);
    const rows = helpRows();
    expect(rows.map((r) => r.shown)).toEqual(['Space', '→ or Page Down', '← or Page Up', 'K', 'Shift+K', 'R', '+', '−', '1 … 9', 'F', 'N', 'G', 'M', 'V', '?', 'Esc']);
    expect(rows.every((r) => r.does.length > 0)).toBe(true);
  });
});
