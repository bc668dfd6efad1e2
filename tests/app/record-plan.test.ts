import { describe, expect, it } from 'vitest';
import { defaultRange, formFor, frameCount, frameInstant, gifDelayCs, readForm, type RecordForm } from '../../src/app/record-plan';

const FORM: RecordForm = { from: '3', to: '6', size: '1280x720', fps: '30', speed: '1', webm: true, gif: true };
const END = 20_000_000;

describe('record plan', () => {
  it('opens on the 5 s around the playhead, kept inside the run', () => {
    expect(defaultRange(4_250_000, END)).toEqual({ fromUs: 1_750_000, toUs: 6_750_000 });
    expect(defaultRange(1_000_000, END)).toEqual({ fromUs: 0, toUs: 5_000_000 });
    expect(defaultRange(19_000_000, END)).toEqual({ fromUs: 15_000_000, toUs: 20_000_000 });
    expect(defaultRange(1_000_000, 3_000_000)).toEqual({ fromUs: 0, toUs: 3_000_000 });
  });

  it('opens on a tour step when there is one, at its speed (the nearest offered)', () => {
    expect(defaultRange(9_000_000, END, { fromUs: 980_000, toUs: 1_004_321 })).toEqual({ fromUs: 980_000, toUs: 1_004_321 });
    expect(formFor({ fromUs: 980_000, toUs: 1_004_321 }, 0.01)).toEqual({ from: '0.98', to: '1.004', size: '1280x720', fps: '30', speed: '0.01', webm: true, gif: true });
    expect(formFor({ fromUs: 0, toUs: 5_000_000 }, 3).speed).toBe('2');
  });

  it('draws frame k at from + k · speed / fps: 90 frames for 3 s at 30 fps', () => {
    const read = readForm(FORM, END);
    expect('plan' in read).toBe(true);
    if (!('plan' in read)) return;
    expect(read.plan).toEqual({ fromUs: 3_000_000, toUs: 6_000_000, width: 1280, height: 720, fps: 30, speed: 1, webm: true, gif: true });
    expect(frameCount(read.plan)).toBe(90);
    expect([0, 1, 2, 89].map((k) => frameInstant(read.plan, k))).toEqual([3_000_000, 3_033_333, 3_066_667, 5_966_667]);
    expect(frameCount({ ...read.plan, speed: 0.5 })).toBe(180);
    expect(frameInstant({ ...read.plan, speed: 0.01 }, 30)).toBe(3_010_000);
  });

  it('gives GIF delays in hundredths that add up to the exact length', () => {
    const delays = Array.from({ length: 90 }, (_, k) => gifDelayCs(30, k));
    expect(delays.slice(0, 6)).toEqual([3, 4, 3, 3, 4, 3]);
    expect(delays.reduce((a, b) => a + b, 0)).toBe(300);
    expect(Array.from({ length: 24 }, (_, k) => gifDelayCs(24, k)).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('names each bad field with what is allowed', () => {
    const bad = readForm({ from: 'soon', to: '25', size: '800x600', fps: '29', speed: '3', webm: false, gif: false }, END);
    expect('errors' in bad && bad.errors).toEqual([
      { field: 'from', message: '“soon” is not a number of seconds; give one from 0 to 20 s' },
      { field: 'to', message: '25 s is outside the run; give one from 0 to 20 s' },
      { field: 'size', message: '“800x600” is not a size offered; choose one of 640x360, 1280x720, 1920x1080' },
      { field: 'fps', message: '“29” frames per second is not offered; choose one of 10, 15, 24, 25, 30, 60' },
      { field: 'speed', message: '“3” is not a speed offered; choose one of 0.0001, 0.001, 0.01, 0.1, 0.25, 0.5, 1, 2, 5, 10, 100' },
      { field: 'format', message: 'choose WebM, GIF or both' },
    ]);
    expect(readForm({ ...FORM, from: '6', to: '3' }, END)).toEqual({ errors: [{ field: 'to', message: 'the end (3 s) must come after the start (6 s)' }] });
    expect(readForm({ ...FORM, from: '0', to: '20', speed: '0.1' }, END)).toEqual({
      errors: [{ field: 'to', message: 'that is 6000 frames; a recording makes at most 1800 (a minute at 30 per second): shorten the range, or raise the speed or lower the frame rate' }],
    });
  });
});
