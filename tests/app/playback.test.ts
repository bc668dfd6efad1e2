import { describe, expect, it } from 'vitest';
import { MAX_SPEED, MIN_SPEED, nextSpeed, simAdvanceUs, speedLabel, SPEEDS } from '../../src/app/playback';

describe('SPEEDS', () => {
  it('runs from 1/10,000x to 100x, slowest first, and offers real time', () => {
    expect(MIN_SPEED).toBe(0.0001);
    expect(MAX_SPEED).toBe(100);
    expect(SPEEDS[0]).toBe(MIN_SPEED);
    expect(SPEEDS[SPEEDS.length - 1]).toBe(MAX_SPEED);
    expect(SPEEDS).toContain(1);
    for (let i = 1; i < SPEEDS.length; i++) expect(SPEEDS[i]).toBeGreaterThan(SPEEDS[i - 1]);
  });
});

describe('speedLabel', () => {
  it('writes slow speeds as fractions with grouped digits', () => {
    expect(speedLabel(0.0001)).toBe('1/10,000×');
    expect(speedLabel(0.001)).toBe('1/1,000×');
    expect(speedLabel(0.25)).toBe('1/4×');
    expect(speedLabel(0.5)).toBe('1/2×');
  });
  it('writes real time and faster as multiples', () => {
    expect(speedLabel(1)).toBe('1×');
    expect(speedLabel(2)).toBe('2×');
    expect(speedLabel(100)).toBe('100×');
  });
  it('gives every offered speed a distinct label', () => {
    expect(new Set(SPEEDS.map(speedLabel)).size).toBe(SPEEDS.length);
  });
});

describe('simAdvanceUs', () => {
  it('advances one wall millisecond per simulated millisecond at 1x', () => {
    expect(simAdvanceUs(16, 1)).toBe(16_000);
    expect(simAdvanceUs(16.7, 1)).toBe(16_700);
  });
  it('scales with speed and rounds to whole microseconds', () => {
    expect(simAdvanceUs(16, 100)).toBe(1_600_000);
    expect(simAdvanceUs(16.7, 0.0001)).toBe(2);
    expect(simAdvanceUs(1, 0.0001)).toBe(0);
    expect(Number.isInteger(simAdvanceUs(16.66, 0.25))).toBe(true);
  });
  it('never moves time backwards', () => {
    expect(simAdvanceUs(-5, 1)).toBe(0);
    expect(simAdvanceUs(0, 100)).toBe(0);
  });
});

describe('nextSpeed', () => {
  it('steps to the neighbouring offered speed', () => {
    expect(nextSpeed(1, 1)).toBe(2);
    expect(nextSpeed(1, -1)).toBe(0.5);
    expect(nextSpeed(0.25, -1)).toBe(0.1);
    expect(nextSpeed(10, 1)).toBe(100);
  });
  it('stays at the ends', () => {
    expect(nextSpeed(MAX_SPEED, 1)).toBe(MAX_SPEED);
    expect(nextSpeed(MIN_SPEED, -1)).toBe(MIN_SPEED);
  });
  it('walks every offered speed in both directions', () => {
    let s = MIN_SPEED;
    const up = [s];
    while (s !== MAX_SPEED) up.push((s = nextSpeed(s, 1)));
    expect(up).toEqual(SPEEDS);
    const down = [s];
    while (s !== MIN_SPEED) down.push((s = nextSpeed(s, -1)));
    expect(down).toEqual([...SPEEDS].reverse());
  });
  it('from a speed that is not offered, goes to the nearest offered speed in that direction', () => {
    expect(nextSpeed(3, 1)).toBe(5);
    expect(nextSpeed(3, -1)).toBe(2);
    expect(nextSpeed(1000, -1)).toBe(100);
    expect(nextSpeed(0.00001, 1)).toBe(0.0001);
  });
});
