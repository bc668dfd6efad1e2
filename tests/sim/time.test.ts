import { describe, expect, it } from 'vitest';
import { formatDuration, formatHms, formatInstantForPeople, formatSpanForPeople, parseDuration } from '../../src/sim/time';

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

describe('durations for people', () => {
  it('writes each span in the unit people read it in, to three significant digits at most', () => {
    expect(formatSpanForPeople(0)).toBe('0 s');
    expect(formatSpanForPeople(34)).toBe('34 µs');
    expect(formatSpanForPeople(850)).toBe('850 µs');
    expect(formatSpanForPeople(999)).toBe('999 µs');
    expect(formatSpanForPeople(1_000)).toBe('1 ms');
    expect(formatSpanForPeople(1_772)).toBe('1.77 ms');
    expect(formatSpanForPeople(20_333)).toBe('20.3 ms');
    expect(formatSpanForPeople(180_000)).toBe('180 ms');
    expect(formatSpanForPeople(200_100)).toBe('200 ms');
    expect(formatSpanForPeople(999_600)).toBe('1 s');
    expect(formatSpanForPeople(1_500_000)).toBe('1.5 s');
    expect(formatSpanForPeople(4_300_000)).toBe('4.3 s');
    expect(formatSpanForPeople(4_321_000)).toBe('4.32 s');
    expect(formatSpanForPeople(12_345_678)).toBe('12.3 s');
    expect(formatSpanForPeople(59_960_000)).toBe('1 min');
    expect(formatSpanForPeople(139_999_800)).toBe('2 min 20 s');
    expect(formatSpanForPeople(180_000_000)).toBe('3 min');
    expect(formatSpanForPeople(3_599_600_000)).toBe('1 h');
    expect(formatSpanForPeople(3_900_000_000)).toBe('1 h 5 min');
    expect(formatSpanForPeople(-20_333)).toBe('-20.3 ms');
  });

  it('writes instants on the run\'s clock finer than spans, as t = …', () => {
    expect(formatInstantForPeople(0)).toBe('t = 0');
    expect(formatInstantForPeople(200)).toBe('t = 200 µs');
    expect(formatInstantForPeople(300_000)).toBe('t = 300 ms');
    expect(formatInstantForPeople(516_375)).toBe('t = 516.4 ms');
    expect(formatInstantForPeople(999_960)).toBe('t = 1 s');
    expect(formatInstantForPeople(3_500_000)).toBe('t = 3.5 s');
    expect(formatInstantForPeople(3_500_300)).toBe('t = 3.5 s');
    expect(formatInstantForPeople(3_477_123)).toBe('t = 3.477 s');
    expect(formatInstantForPeople(5_312_538)).toBe('t = 5.313 s');
    expect(formatInstantForPeople(139_999_800)).toBe('t = 2 min 20 s');
    expect(formatInstantForPeople(3_723_000_000)).toBe('t = 1 h 2 min 3 s');
  });
});
