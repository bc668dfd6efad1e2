import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import LatencyChart from '../../src/view/LatencyChart.svelte';
import { layoutLatencies } from '../../src/view/latency-chart';
import type { CheckpointFrame } from '../../src/world/frame';
import { createWorld } from '../../src/world/world';

function remusFrame(atUs: number) {
  const { spec } = resolveRun({ scenario: 'remus', until: '4s' });
  const w = createWorld(spec);
  w.runUntil(spec.untilUs);
  return w.frameAt(atUs);
}

describe('LatencyChart', () => {
  it('summarises the added latency of released outputs as Remus buffers them (tens of ms at 25 ms epochs)', () => {
    const latencies = (remusFrame(3_900_000).protocol as CheckpointFrame).latencies;
    expect(latencies.length).toBeGreaterThan(5);
    render(LatencyChart, { latencies });
    const img = screen.getByRole('img', { name: /Added latency of the last \d+ outputs: mean [\d.]+ ms, max [\d.]+ ms/ });
    const [, mean, max] = /mean ([\d.]+) ms, max ([\d.]+) ms/.exec(img.getAttribute('aria-label')!)!.map(Number);
    expect(mean).toBeGreaterThan(5);
    expect(mean).toBeLessThan(60);
    expect(max).toBeGreaterThanOrEqual(mean);
  });

  it('says so when nothing has been released yet', () => {
    render(LatencyChart, { latencies: [] });
    expect(screen.getByRole('img', { name: 'Added latency per output: nothing released yet' })).toBeInTheDocument();
  });

  it('places later releases to the right and longer waits higher', () => {
    const l = layoutLatencies(
      [
        { releasedAtUs: 1_000, addedUs: 5_000, kind: 'packet' },
        { releasedAtUs: 2_000, addedUs: 20_000, kind: 'vnc' },
      ],
      360,
      140,
    );
    expect(l.points[1].x).toBeGreaterThan(l.points[0].x);
    expect(l.points[1].y).toBeLessThan(l.points[0].y);
    expect(l.meanMs).toBeCloseTo(12.5, 6);
    expect(l.maxMs).toBe(20);
  });
});
