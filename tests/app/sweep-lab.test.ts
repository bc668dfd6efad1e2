/**
 * The lab's sweep panel glue: a sweep started from it runs in the worker pool, and when the panel goes
 * away, the sweep is cancelled and every worker it started is terminated (none left computing for a
 * panel that no longer exists). Workers are stand-ins that keep their jobs.
 */
import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import SweepLab from '../../src/app/SweepLab.svelte';
import { resolveRun } from '../../src/scenarios/run-spec';

/** A stand-in for the browser's Worker: records what it is sent and whether it was terminated. */
class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  inbox: unknown[] = [];
  terminated = false;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(job: unknown) {
    this.inbox.push(job);
  }
  terminate() {
    this.terminated = true;
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('SweepLab', () => {
  it('terminates the workers of a running sweep when the panel goes away', async () => {
    FakeWorker.made = [];
    vi.stubGlobal('Worker', FakeWorker);
    const spec = resolveRun({ scenario: 'remus', until: '3s' }).spec;
    const { unmount } = render(SweepLab, { spec, onOpenRun: vi.fn() });
    await fireEvent.change(screen.getByRole('spinbutton', { name: 'Runs' }), { target: { value: '4' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Run sweep' }));
    expect(screen.getByRole('status')).toHaveTextContent(/^Running 4 runs in \d+ workers?…$/);
    expect(FakeWorker.made.length).toBeGreaterThan(0);
    expect(FakeWorker.made.some((w) => w.inbox.length > 0)).toBe(true);
    expect(FakeWorker.made.some((w) => w.terminated)).toBe(false);
    unmount();
    expect(FakeWorker.made.every((w) => w.terminated)).toBe(true);
  });
});
