import { describe, expect, it } from 'vitest';
import { classifyFrame, frameContent, stallUs, type VncFrame } from '../../src/sim/client-rules';

const frame = (seq: number, shows: string, stateVersion = 0): VncFrame => ({ seq, shows, stateVersion });
const seen = new Map<number, string>([
  [1, frameContent(frame(1, '00:00:00'))],
  [2, frameContent(frame(2, '00:00:01'))],
  [3, frameContent(frame(3, '00:00:02'))],
]);
const lookup = (seq: number) => seen.get(seq);

describe('classifyFrame', () => {
  it('calls last+1 the next frame', () => {
    expect(classifyFrame(3, lookup, frame(4, '00:00:03'))).toBe('next');
    expect(classifyFrame(0, () => undefined, frame(1, '00:00:00'))).toBe('next');
  });

  it('calls anything above last+1 a gap', () => {
    expect(classifyFrame(3, lookup, frame(5, '00:00:04'))).toBe('gap');
    expect(classifyFrame(0, () => undefined, frame(2, '00:00:01'))).toBe('gap');
  });

  it('calls a seen frame with the same content a duplicate', () => {
    expect(classifyFrame(3, lookup, frame(3, '00:00:02'))).toBe('duplicate');
    expect(classifyFrame(3, lookup, frame(1, '00:00:00'))).toBe('duplicate');
  });

  it('calls a seen sequence number with other content a rollback', () => {
    expect(classifyFrame(3, lookup, frame(3, '00:00:05'))).toBe('rollback');
    expect(classifyFrame(3, lookup, frame(2, '00:00:02'))).toBe('rollback');
  });

  it('calls a frame redrawn by another state a rollback even when it shows the same second', () => {
    expect(classifyFrame(3, lookup, frame(3, '00:00:02', 7))).toBe('rollback');
  });
});

describe('stallUs', () => {
  it('is the interval beyond the nominal one, never negative', () => {
    expect(stallUs(1_000_000, 1_000_000)).toBe(0);
    expect(stallUs(200, 1_000_000)).toBe(0);
    expect(stallUs(3_500_000, 1_000_000)).toBe(2_500_000);
  });
});
