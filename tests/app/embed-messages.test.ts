import { describe, expect, it } from 'vitest';
import { parseCommand, seekTarget } from '../../src/app/embed-messages';

describe('parseCommand', () => {
  it('reads play, pause, seek and crash', () => {
    expect(parseCommand({ type: 'kemari-lab:play' })).toEqual({ kind: 'play' });
    expect(parseCommand({ type: 'kemari-lab:pause' })).toEqual({ kind: 'pause' });
    expect(parseCommand({ type: 'kemari-lab:seek', t: 2_500_000 })).toEqual({ kind: 'seek', atUs: 2_500_000 });
    expect(parseCommand({ type: 'kemari-lab:seek', t: '2.5s' })).toEqual({ kind: 'seek', atUs: 2_500_000 });
    expect(parseCommand({ type: 'kemari-lab:crash', host: 'B' })).toEqual({ kind: 'crash', host: 'B' });
    expect(parseCommand({ type: 'kemari-lab:crash' })).toEqual({ kind: 'crash', host: 'A' });
  });

  it('ignores anything else: other types, strings, arrays, bad fields', () => {
    const ignored: unknown[] = [
      null,
      undefined,
      42,
      'kemari-lab:play',
      ['kemari-lab:play'],
      {},
      { type: 'play' },
      { type: 'kemari-lab:eval', code: 'alert(1)' },
      { type: 'kemari-lab:resize', height: 10 },
      { type: 'kemari-lab:seek' },
      { type: 'kemari-lab:seek', t: 'soon' },
      { type: 'kemari-lab:seek', t: -1 },
      { type: 'kemari-lab:seek', t: Number.NaN },
      { type: 'kemari-lab:seek', t: Infinity },
      { type: 'kemari-lab:seek', t: { valueOf: () => 5 } },
      { type: 'kemari-lab:crash', host: 'C' },
      { type: 'kemari-lab:crash', host: 'a' },
      // null is not "no host": it crashed host A before.
      { type: 'kemari-lab:crash', host: null },
      { type: 7 },
    ];
    for (const msg of ignored) expect(parseCommand(msg), JSON.stringify(msg) ?? String(msg)).toBeNull();
  });
});

describe('seekTarget', () => {
  it('rounds µs to whole numbers and reads duration text', () => {
    expect(seekTarget(1234.6)).toBe(1235);
    expect(seekTarget(0)).toBe(0);
    expect(seekTarget('40ms')).toBe(40_000);
    expect(seekTarget(' 250us ')).toBe(250);
  });
  it('refuses times past one hour and overlong text', () => {
    expect(seekTarget(3_600_000_001)).toBeNull();
    expect(seekTarget('3601s')).toBeNull();
    expect(seekTarget(`${'1'.repeat(40)}us`)).toBeNull();
  });
});
