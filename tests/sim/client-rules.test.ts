import { describe, expect, it } from 'vitest';
import { classifyFrame, frameContent, lateness, nextTickUs, type VncFrame } from '../../src/sim/client-rules';

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

describe('nextTickUs and lateness', () => {
  it('finds the first tick after an instant, on the rounded grid the world redraws on', () => {
    expect(nextTickUs(null, 1)).toBe(0);
    expect(nextTickUs(0, 1)).toBe(1_000_000);
    expect(nextTickUs(999_999, 1)).toBe(1_000_000);
    expect(nextTickUs(1_000_000, 1)).toBe(2_000_000);
    // 3 Hz: ticks at 0, 333,333, 666,667, 1,000,000.
    expect(nextTickUs(333_333, 3)).toBe(666_667);
    expect(nextTickUs(666_666, 3)).toBe(666_667);
    expect(nextTickUs(666_667, 3)).toBe(1_000_000);
  });

  it("is a frame's arrival beyond its first uncovered tick plus the latency, never negative", () => {
    expect(lateness(1_000_200, 1_000_000, 0, 1, 200)).toBe(0);
    expect(lateness(1_300_200, 1_300_000, 0, 1, 200)).toBe(300_000);
    // A redraw between ticks covers no new tick: not late.
    expect(lateness(1_500_200, 1_500_000, 1_000_000, 1, 200)).toBe(0);
    expect(lateness(100, 0, null, 1, 200)).toBe(0);
  });

  it('calls a frame older than the client remembers a duplicate (TCP drops data below what it acknowledged)', () => {
    expect(classifyFrame(300, () => undefined, frame(1, '00:00:00'))).toBe('duplicate');
  });
});
