/** Fitting a spotlighted panel inside its box: never scaled up; when too tall, scaled to the box's height. */
import { describe, expect, it } from 'vitest';
import { fitScale } from '../../src/view/fit';

describe('fitScale', () => {
  it('leaves content that fits at full size', () => {
    expect(fitScale(300, 250)).toBe(1);
    expect(fitScale(300, 300)).toBe(1);
  });

  it('scales taller content to the box height', () => {
    expect(fitScale(300, 600)).toBe(0.5);
    expect(fitScale(470, 800)).toBeCloseTo(0.5875, 6);
  });

  it('does nothing before layout (no height yet)', () => {
    expect(fitScale(0, 1000)).toBe(1);
    expect(fitScale(300, 0)).toBe(1);
  });
});
