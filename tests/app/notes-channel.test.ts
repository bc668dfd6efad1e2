/**
 * The speaker-notes window's guard on the shared channel: only a whole, well-typed state is shown;
 * anything else (an array, object-typed fields, missing fields, inherited names) is ignored, never thrown on.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNotesMessage, type NotesState } from '../../src/app/tour/notes-channel';

const GOOD: NotesState = {
  sceneNumber: 2,
  sceneCount: 6,
  sceneTitle: 'Remus buffers output',
  stepNumber: 1,
  stepCount: 3,
  caption: 'Each epoch ends with a checkpoint.',
  notes: 'Point at the buffer.',
  nextCaption: null,
  waiting: null,
  playing: false,
};

describe('notes channel messages', () => {
  it('takes a whole state, hello and the four commands', () => {
    expect(isNotesMessage({ type: 'state', state: GOOD })).toBe(true);
    expect(isNotesMessage({ type: 'state', state: { ...GOOD, nextCaption: 'next', waiting: 'Press Space' } })).toBe(true);
    expect(isNotesMessage({ type: 'hello' })).toBe(true);
    for (const command of ['next', 'back', 'toggle', 'reset']) expect(isNotesMessage({ type: 'command', command })).toBe(true);
  });

  it.each([
    ['an array as the state (it showed blank fields)', { type: 'state', state: [] }],
    ['an object-typed field (it threw a TypeError)', { type: 'state', state: { ...GOOD, caption: { toString: 1 } } }],
    ['a number as text', { type: 'state', state: { ...GOOD, sceneTitle: 3 } }],
    ['a missing field', { type: 'state', state: (({ notes: _, ...rest }) => rest)(GOOD) }],
    ['NaN as a number', { type: 'state', state: { ...GOOD, stepNumber: Number.NaN } }],
    ['a field only inherited', { type: 'state', state: Object.assign(Object.create({ playing: true }), (({ playing: _, ...rest }) => rest)(GOOD)) }],
    ['markup as text is still text (shown as text, never as HTML)', null],
    ['an unknown command', { type: 'command', command: 'toString' }],
    ['a prototype-pollution key', JSON.parse('{"type":"state","state":{"__proto__":{"playing":true}}}')],
  ])('ignores %s', (_what, message) => {
    if (message === null) return expect(isNotesMessage({ type: 'state', state: { ...GOOD, caption: '<img src=x onerror=alert(1)>' } })).toBe(true);
    expect(isNotesMessage(message)).toBe(false);
  });

  it('property: never throws on any value, and takes a state only when every field has its type', () => {
    let taken = 0;
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ type: fc.constantFrom('state', 'hello', 'command', 'toString'), state: fc.anything(), command: fc.anything() }), fc.record({ type: fc.constant('state'), state: fc.record({ ...Object.fromEntries(Object.keys(GOOD).map((k) => [k, fc.oneof({ arbitrary: fc.constant((GOOD as unknown as Record<string, unknown>)[k]), weight: 12 }, { arbitrary: fc.anything(), weight: 1 })])) }) })), (value) => {
        const ok = isNotesMessage(value);
        if (ok && (value as { type: string }).type === 'state') {
          taken++;
          const s = (value as { state: NotesState }).state;
          expect(typeof s.caption).toBe('string');
          expect(typeof s.playing).toBe('boolean');
          expect(Number.isFinite(s.sceneNumber)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
    expect(taken).toBeGreaterThan(5);
  });
});
