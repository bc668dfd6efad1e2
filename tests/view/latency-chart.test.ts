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

describe('layoutLatencies tick labels', () => {
  const at = (addedUs: number, i: number) => ({ releasedAtUs: i * 1000, addedUs, kind: 'packet' as const });
  it('reads each tick differently however small the latencies (0.05 ms steps once read 0.1 ms three times)', () => {
    expect(layoutLatencies([at(40, 0), at(200, 1)], 300, 120).yTicks.map((t) => t.label)).toEqual(['0.00 ms', '0.05 ms', '0.10 ms', '0.15 ms', '0.20 ms']);
    expect(layoutLatencies([at(3_000, 0), at(38_000, 1)], 300, 120).yTicks.map((t) => t.label)).toEqual(['0 ms', '10 ms', '20 ms', '30 ms', '40 ms']);
  });
  it('draws latencies of a few µs without a duplicate tick (it threw on a repeated key)', () => {
    render(LatencyChart, { latencies: [at(1, 0), at(3, 1)] });
    expect(screen.getByRole('img', { name: /Added latency of the last 2 outputs/ })).toBeInTheDocument();
  });
});
