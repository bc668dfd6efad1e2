import { describe, expect, it } from 'vitest';
import { formatDuration, formatHms, parseDuration } from '../../src/sim/time';

describe('durations', () => {
  it('parses the runner forms to whole microseconds', () => {
    expect(parseDuration('250us')).toBe(250);
    expect(parseDuration('40ms')).toBe(40_000);
    expect(parseDuration('2.5s')).toBe(2_500_000);
    expect(parseDuration('0.0004ms')).toBe(0);
    expect(parseDuration('1.0006ms')).toBe(1001);
  });
  it('refuses what is not a duration', () => {
    for (const bad of ['', '3', 'ms', '-1s', '1h', '1.2.3s', 'abc']) expect(parseDuration(bad)).toBeUndefined();
  });
  it('formats so that parsing gives the same instant back', () => {
    for (const us of [0, 1, 999, 1000, 1500, 2_500_000, 3_000_000, 123_456_789]) expect(parseDuration(formatDuration(us))).toBe(us);
  });
  it('shows the guest wallclock as hh:mm:ss', () => {
    expect(formatHms(0)).toBe('00:00:00');
    expect(formatHms(2_999_999)).toBe('00:00:02');
    expect(formatHms(3_723_000_000)).toBe('01:02:03');
  });
});
