import { describe, expect, it, vi } from 'vitest';
import { WARM_SLICE_EVENTS, WARM_US, warmUp, type IdleScheduler } from '../../src/app/warm-up';
import { Session } from '../../src/app/session.svelte';
import { resolveRun } from '../../src/scenarios/run-spec';

/** An idle scheduler the test runs by hand: each call queues one slice. */
function manualIdle() {
  const queued: (() => void)[] = [];
  const idle: IdleScheduler = (run) => {
    queued.push(run);
    return () => queued.splice(queued.indexOf(run), 1);
  };
  return { idle, queued, runOne: () => queued.shift()!() };
}

describe('warmUp', () => {
  const remus = resolveRun({ scenario: 'remus', until: '60s' }).spec;

  it('computes the first two simulated seconds of the run in slices, one per idle callback, then says it is done', () => {
    expect(WARM_US).toBe(2_000_000);
    expect(WARM_SLICE_EVENTS).toBe(150);
    const { idle, queued, runOne } = manualIdle();
    const done = vi.fn();
    warmUp(remus, idle, done);
    let slices = 0;
    while (queued.length > 0) {
      runOne();
      slices++;
    }
    // Remus at 25 ms epochs: some 470 trace events a simulated second, 150 a slice.
    expect(slices).toBe(7);
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('stops when cancelled, before its next slice', () => {
    const { idle, queued, runOne } = manualIdle();
    const done = vi.fn();
    const stop = warmUp(remus, idle, done);
    runOne();
    expect(queued).toHaveLength(1);
    stop();
    expect(queued).toHaveLength(0);
    expect(done).not.toHaveBeenCalled();
  });

  it('ends with a run shorter than two seconds', () => {
    const { idle, queued, runOne } = manualIdle();
    const done = vi.fn();
    warmUp(resolveRun({ scenario: 'unprotected', until: '300ms' }).spec, idle, done);
    while (queued.length > 0) runOne();
    expect(done).toHaveBeenCalledTimes(1);
  });
});

describe('Session.warmEngine', () => {
  it('warms each scenario once, in idle time, and leaves the run shown alone', async () => {
    vi.useFakeTimers();
    try {
      const spec = resolveRun({ scenario: 'remus', until: '10s' }).spec;
      const s = new Session(spec, 0, 1, false);
      const before = s.traceLength;
      s.warmEngine();
      // The warm-up's code loads on demand.
      await vi.dynamicImportSettled();
      expect(vi.getTimerCount()).toBe(1);
      await vi.runAllTimersAsync();
      // The throwaway run computed, not the session's.
      expect(s.traceLength).toBe(before);
      expect(s.t).toBe(0);
      // Loading the same scenario again warms nothing more; another scenario warms once.
      s.load(spec, 0);
      await vi.dynamicImportSettled();
      expect(vi.getTimerCount()).toBe(0);
      s.load(resolveRun({ scenario: 'kemari', until: '10s' }).spec, 0);
      await vi.dynamicImportSettled();
      expect(vi.getTimerCount()).toBe(1);
      s.destroy();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
