/**
 * The sweep's worker pool and the page's sweep session, with stand-in workers that answer when told
 * (so rows can finish in any order): one fewer worker than the cores, one job per worker at a time,
 * rows in order of value whatever order they finish in, Cancel terminating every worker, and the
 * fallback that runs in the page, in slices, when workers cannot be made — all giving the rows of
 * single runs. A worker that fails to start hands its job to an idle one; a run that throws in the page
 * stops the sweep; the session's JSON gives each technique's base run.
 */
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { planSeries } from '../../src/app/sweep-form';
import { IN_FLIGHT, startSweep, workerCount, type SweepJob, type SweepReply } from '../../src/app/sweep-pool';
import { SweepSession } from '../../src/app/sweep-session.svelte';
import { resolveRun } from '../../src/scenarios/run-spec';
import { planSweep } from '../../src/world/sweep';
import { runSweepRun, sweepJson, type SweepRow } from '../../src/world/sweep-result';

const base = resolveRun({ scenario: 'remus', until: '2s' }).spec;
const vary = { variable: 'crashAt', from: 500_000, to: 1_500_000, runs: 4 };
const jobs: SweepJob[] = planSweep(base, vary).map((r) => ({ id: r.index, value: r.value, spec: r.spec }));

/** A stand-in worker: keeps the jobs it is sent; `answer()` replies to the oldest, as the real one would. */
class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((e: MessageEvent<SweepReply>) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  inbox: SweepJob[] = [];
  terminated = false;
  constructor() {
    FakeWorker.made.push(this);
  }
  postMessage(job: SweepJob) {
    this.inbox.push(structuredClone(job));
  }
  answer() {
    const job = this.inbox.shift()!;
    this.onmessage?.({ data: { id: job.id, row: runSweepRun(job) } } as MessageEvent<SweepReply>);
  }
  terminate() {
    this.terminated = true;
  }
}

function fakes(): () => Worker {
  FakeWorker.made = [];
  return () => new FakeWorker() as unknown as Worker;
}

describe('sweep pool', () => {
  it('uses one fewer worker than the cores, but both cores of two, and one of one', () => {
    expect(workerCount(8)).toBe(7);
    expect(workerCount(3)).toBe(2);
    expect(workerCount(2)).toBe(2);
    expect(workerCount(1)).toBe(1);
    expect(workerCount(0)).toBe(1);
    expect(workerCount(Number.NaN)).toBe(2);
  });

  it('deals the jobs round the workers, each holding two (one running, one waiting), and reports rows as they finish, whatever the order', () => {
    const rows = new Map<number, SweepRow>();
    const onDone = vi.fn();
    const handle = startSweep(jobs, { onRow: (id, row) => rows.set(id, row), onDone, onError: (m) => expect.fail(m) }, { workers: 3, createWorker: fakes() });
    expect(handle.mode).toBe('workers');
    const [a, b, c] = FakeWorker.made;
    expect(FakeWorker.made).toHaveLength(3);
    expect(IN_FLIGHT).toBe(2);
    expect([a, b, c].map((w) => w.inbox.map((j) => j.id))).toEqual([[0, 3], [1], [2]]);
    c.answer(); // job 2 finishes first; nothing is left to give c
    expect(c.inbox).toEqual([]);
    a.answer();
    a.answer();
    expect(onDone).not.toHaveBeenCalled();
    b.answer();
    expect(onDone).toHaveBeenCalledOnce();
    expect([...rows.keys()]).toEqual([2, 0, 3, 1]);
    for (const job of jobs) expect(rows.get(job.id)).toEqual(runSweepRun(job));
    expect(FakeWorker.made.every((w) => w.terminated)).toBe(true);
  });

  it('keeps a lone worker holding the next job while it computes one, so it never waits for the page', () => {
    const rows: number[] = [];
    startSweep(jobs, { onRow: (id) => rows.push(id), onDone: () => {}, onError: (m) => expect.fail(m) }, { workers: 1, createWorker: fakes() });
    const [w] = FakeWorker.made;
    expect(w.inbox.map((j) => j.id)).toEqual([0, 1]);
    w.answer();
    expect(w.inbox.map((j) => j.id)).toEqual([1, 2]);
    w.answer();
    w.answer();
    expect(w.inbox.map((j) => j.id)).toEqual([3]);
    w.answer();
    expect(rows).toEqual([0, 1, 2, 3]);
  });

  it('terminates every worker at once on cancel and reports nothing more', () => {
    const onRow = vi.fn();
    const handle = startSweep(jobs, { onRow, onDone: () => expect.fail('not done'), onError: (m) => expect.fail(m) }, { workers: 2, createWorker: fakes() });
    handle.cancel();
    expect(FakeWorker.made.every((w) => w.terminated)).toBe(true);
    FakeWorker.made[0].answer();
    expect(onRow).not.toHaveBeenCalled();
  });

  it('runs in the page, in slices that yield between them, when workers cannot be made', () => {
    const later: (() => void)[] = [];
    let clock = 0;
    const rows: [number, SweepRow][] = [];
    const onDone = vi.fn();
    const handle = startSweep(
      jobs,
      { onRow: (id, row) => rows.push([id, row]), onDone, onError: (m) => expect.fail(m) },
      {
        createWorker: () => {
          throw new DOMException('no workers from file://', 'SecurityError');
        },
        yieldToBrowser: (fn) => later.push(fn),
        // Each look at the clock moves it 1 ms: a slice of 3 ms computes a few chunks, then yields.
        now: () => clock++,
        sliceMs: 3,
      },
    );
    expect(handle.mode).toBe('page');
    expect(rows).toHaveLength(0); // nothing runs until the browser had its turn
    let slices = 0;
    while (later.length > 0) {
      later.shift()!();
      slices++;
    }
    expect(slices).toBeGreaterThan(jobs.length);
    expect(onDone).toHaveBeenCalledOnce();
    expect(rows.map(([id]) => id)).toEqual([0, 1, 2, 3]);
    for (const [id, row] of rows) expect(row).toEqual(runSweepRun(jobs[id]));
  });

  it('gives a broken worker job to an idle worker, which finishes the sweep', () => {
    const two = jobs.slice(0, 2);
    const rows = new Map<number, SweepRow>();
    const onDone = vi.fn();
    const onFallback = vi.fn();
    const handle = startSweep(two, { onRow: (id, row) => rows.set(id, row), onDone, onError: (m) => expect.fail(m), onFallback }, { workers: 2, createWorker: fakes() });
    const [a, b] = FakeWorker.made;
    b.answer(); // b is idle now: the queue is empty
    expect(b.inbox).toHaveLength(0);
    a.onerror?.(new Event('error')); // a could not load: its job 0 goes back to the queue
    expect(a.terminated).toBe(true);
    expect(b.inbox.map((j) => j.id)).toEqual([0]);
    b.answer();
    expect(onDone).toHaveBeenCalledOnce();
    expect(onFallback).not.toHaveBeenCalled();
    expect(handle.mode).toBe('workers');
    expect(rows.get(0)).toEqual(runSweepRun(two[0]));
  });

  it('stops with "run N failed" when a run in the page throws, instead of running on forever', () => {
    const later: (() => void)[] = [];
    const onError = vi.fn();
    // A guest with no memory: the world refuses it when it is made.
    const bad: SweepJob = { ...jobs[1], spec: { ...jobs[1].spec, params: { ...jobs[1].spec.params, memoryPages: 0 } } };
    startSweep([jobs[0], bad, jobs[2]], { onRow: () => {}, onDone: () => expect.fail('not done'), onError }, {
      createWorker: () => {
        throw new Error('no workers');
      },
      yieldToBrowser: (fn) => later.push(fn),
    });
    while (later.length > 0) later.shift()!();
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0][0]).toMatch(/^run 2 failed: .*page count must be a whole number/);
  });

  it('gives a broken worker job back and finishes in the page when none is left', () => {
    const later: (() => void)[] = [];
    const rows = new Map<number, SweepRow>();
    const onDone = vi.fn();
    startSweep(jobs, { onRow: (id, row) => rows.set(id, row), onDone, onError: (m) => expect.fail(m) }, { workers: 1, createWorker: fakes(), yieldToBrowser: (fn) => later.push(fn) });
    const w = FakeWorker.made[0];
    w.answer();
    w.onerror?.(new Event('error'));
    expect(w.terminated).toBe(true);
    while (later.length > 0) later.shift()!();
    expect(onDone).toHaveBeenCalledOnce();
    expect([...rows.keys()].sort()).toEqual([0, 1, 2, 3]);
  });
});

describe('sweep session', () => {
  it('keeps rows in order of value per technique whatever order they come back in, and exports them', () => {
    const session = new SweepSession({ workers: 2, createWorker: fakes() });
    const planned = planSeries(vary, ['remus', 'unprotected'], base);
    session.start(vary, planned);
    expect(session.status).toBe('running');
    expect(session.total).toBe(8);
    const [a, b] = FakeWorker.made;
    // b answers everything it gets first, then a.
    for (let i = 0; i < 8; i++) (b.inbox.length > 0 ? b : a).answer();
    // The last row flushes every row still waiting for a frame.
    flushSync();
    expect(session.status).toBe('done');
    expect(session.done).toBe(8);
    expect(session.series.map((s) => s.id)).toEqual(['remus', 'unprotected']);
    session.series.forEach((s, i) => {
      expect(s.rows.map((r) => r?.value)).toEqual([500_000, 833_333, 1_166_667, 1_500_000]);
      s.rows.forEach((r, k) => expect(r).toEqual(runSweepRun(planned[i].runs[k])));
    });
    const csv = session.csv().trimEnd().split('\n');
    expect(csv).toHaveLength(9);
    expect(csv[5].startsWith('500000,unprotected,1,')).toBe(true);
    // The bases are each technique's run before the variable: no crash of host A in them.
    const json = JSON.parse(session.json());
    expect(json.bases).toEqual(JSON.parse(sweepJson({ vary, bases: planned.map((p) => p.base) }, [])).bases);
    expect(json.bases.map((b: { scenario: string; faults: string[] }) => [b.scenario, b.faults])).toEqual([
      ['remus', []],
      ['unprotected', []],
    ]);
    expect(session.runOf('unprotected', 3)?.spec.faults).toEqual([{ kind: 'crash', target: 'A', atUs: 1_500_000 }]);
  });

  it('exports the bases of a parameter sweep with their own value, not the first run\'s', () => {
    const session = new SweepSession({ workers: 1, createWorker: fakes() });
    const epochs = { variable: 'epochMs', from: 10, to: 50, runs: 2 };
    session.start(epochs, planSeries(epochs, ['remus'], base));
    const [b] = JSON.parse(session.json()).bases;
    expect(b.params.epochMs).toBe(base.params.epochMs);
    expect(b.params.epochMs).not.toBe(10);
    session.cancel();
  });

  it('says at once that the sweep runs in the page when every worker fails to start', () => {
    const later: (() => void)[] = [];
    const session = new SweepSession({ workers: 2, createWorker: fakes(), yieldToBrowser: (fn) => later.push(fn) });
    session.start(vary, planSeries(vary, ['remus'], base));
    expect(session.mode).toBe('workers');
    for (const w of FakeWorker.made) w.onerror?.(new Event('error'));
    // No row has arrived yet: the page has not had its first slice.
    expect(session.done).toBe(0);
    expect(session.mode).toBe('page');
    session.cancel();
  });

  it('keeps the rows that arrived when cancelled', () => {
    const session = new SweepSession({ workers: 1, createWorker: fakes() });
    session.start(vary, planSeries(vary, ['remus'], base));
    FakeWorker.made[0].answer();
    session.cancel();
    expect(session.status).toBe('cancelled');
    expect(session.done).toBe(1);
    expect(session.series[0].rows.filter((r) => r !== null)).toHaveLength(1);
    expect(FakeWorker.made[0].terminated).toBe(true);
  });
});
