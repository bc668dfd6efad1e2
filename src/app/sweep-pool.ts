/**
 * Runs a sweep's jobs off the page's thread: a pool of module workers (`workerCount`), each holding
 * `IN_FLIGHT` jobs (one running, the next waiting in its inbox, so a worker never idles while the page
 * is busy drawing before it answers), whose rows come back in whatever order they finish (each tagged
 * with its job id, so the caller puts them in order of value). Cancel terminates every worker at once.
 * A worker that fails to start gives its jobs back to the queue, and an idle worker takes them. When no worker can be
 * made (a page opened from file://, say), or every worker made has failed, the jobs not yet done run
 * in the page itself, in slices of a few milliseconds that yield to the browser between them, so the
 * page stays responsive. Either way a row is the row of a single run of its spec, and a run that
 * throws stops the sweep with "run N failed".
 * @see ./sweep.worker.ts and ../world/sweep-result.ts
 */
import type { RunSpec } from '../scenarios/run-spec';
import { stepSweepRun, type RunSteps, type SweepRow } from '../world/sweep-result';

/** One run to do: `id` is the caller's (its place in the sweep). */
export interface SweepJob {
  readonly id: number;
  readonly value: number;
  readonly spec: RunSpec;
}

/** A worker's answer to one job. */
export type SweepReply = { readonly id: number; readonly row: SweepRow; readonly error?: undefined } | { readonly id: number; readonly error: string; readonly row?: undefined };

export interface SweepHandlers {
  /** A job's row (any order). */
  onRow(id: number, row: SweepRow): void;
  /** Every job has its row. */
  onDone(): void;
  /** A run failed (the sweep stops). */
  onError(message: string): void;
  /** The jobs left moved from the workers to the page (every worker failed to start). */
  onFallback?(): void;
}

export interface SweepHandle {
  /** Stops at once: workers are terminated, nothing more is reported. */
  cancel(): void;
  /** Where the jobs run now: in workers, or in the page (fallback). */
  readonly mode: 'workers' | 'page';
}

export interface PoolOptions {
  /** Workers to start (default `workerCount()`); never more than the jobs. */
  readonly workers?: number;
  /** Makes one worker (default: the sweep module worker); may throw. */
  readonly createWorker?: () => Worker;
  /** In the page: how long one slice may run before yielding (ms). */
  readonly sliceMs?: number;
  /** In the page: runs `fn` after the browser had a chance to render and handle input. */
  readonly yieldToBrowser?: (fn: () => void) => void;
  readonly now?: () => number;
}

/**
 * One fewer worker than the cores, but two on a two-core machine: while a sweep runs, the page's own
 * thread only applies rows a few times a second (its script per frame is measured by `npm run bench`),
 * so leaving a whole core to it halved the sweep's speed for nothing. One on one core.
 */
export function workerCount(cores: number = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  const n = Number.isFinite(cores) ? Math.floor(cores) : 2;
  return n <= 1 ? 1 : Math.max(2, n - 1);
}

const defaultWorker = (): Worker => new Worker(new URL('./sweep.worker.ts', import.meta.url), { type: 'module', name: 'kemari-sweep' });

/**
 * The name of the User Timing measures around the sweep's work on the page's thread (handling a
 * worker's reply, a slice of the fallback, applying rows to the screen), which the bench reads to
 * find the page's script time per frame while a sweep runs.
 */
export const SWEEP_WORK_MEASURE = 'kemari-sweep-work';

/** Runs `fn` inside a `SWEEP_WORK_MEASURE` measure. */
export function measured<T>(fn: () => T): T {
  const start = performance.now();
  try {
    return fn();
  } finally {
    try {
      performance.measure(SWEEP_WORK_MEASURE, { start, end: performance.now() });
    } catch {
      // User Timing with options is missing in some test environments: nothing to measure then.
    }
  }
}

/**
 * Jobs a worker holds at once. With one, a worker waited for the page between runs: a sweep of 1,000
 * runs of remus took 22.5 s where its runs compute in 8.7 s.
 */
export const IN_FLIGHT = 2;

/** Simulated time computed between two looks at the wall clock in the page fallback (µs). */
const CHUNK_US = 20_000;

/** Starts running `jobs`; rows arrive through `handlers`. */
export function startSweep(jobs: readonly SweepJob[], handlers: SweepHandlers, options: PoolOptions = {}): SweepHandle {
  const queue = [...jobs];
  let left = jobs.length;
  let stopped = false;
  let mode: 'workers' | 'page' = 'workers';
  const busy = new Map<Worker, SweepJob[]>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const stop = () => {
    stopped = true;
    for (const w of busy.keys()) w.terminate();
    busy.clear();
    if (timer !== null) clearTimeout(timer);
  };
  const finishOne = (id: number, row: SweepRow) => {
    if (stopped) return;
    handlers.onRow(id, row);
    if (--left === 0) {
      stop();
      handlers.onDone();
    }
  };
  const fail = (message: string) => {
    if (stopped) return;
    stop();
    handlers.onError(message);
  };

  /** Gives worker `w` one more job if it holds fewer than `IN_FLIGHT`; false when it took none. */
  const feedOne = (w: Worker): boolean => {
    const held = busy.get(w);
    if (!held || held.length >= IN_FLIGHT || queue.length === 0) return false;
    const job = queue.shift()!;
    held.push(job);
    w.postMessage(job);
    return true;
  };
  const feed = (w: Worker) => {
    while (feedOne(w));
  };
  /** Deals jobs round the workers, one each at a time, until each holds `IN_FLIGHT` (small sweeps spread over all). */
  const deal = () => {
    for (let more = true; more; ) {
      more = false;
      for (const w of busy.keys()) more = feedOne(w) || more;
    }
  };
  const onReply = (w: Worker, reply: SweepReply) => {
    if (reply.error !== undefined) return fail(`run ${reply.id + 1} failed: ${reply.error}`);
    const held = busy.get(w);
    const i = held ? held.findIndex((j) => j.id === reply.id) : -1;
    if (i >= 0) held!.splice(i, 1);
    finishOne(reply.id, reply.row);
    if (!stopped) feed(w);
  };
  // A worker that cannot start gives its job back to an idle worker; with no worker left, the page runs the rest.
  const onBroken = (w: Worker, e: Event) => {
    e.preventDefault();
    const held = busy.get(w) ?? [];
    w.terminate();
    busy.delete(w);
    if (stopped) return;
    queue.unshift(...held);
    deal();
    if (busy.size === 0) {
      mode = 'page';
      handlers.onFallback?.();
      runInPage();
    }
  };

  const runInPage = () => {
    mode = 'page';
    const sliceMs = options.sliceMs ?? 8;
    const now = options.now ?? (() => performance.now());
    const later = options.yieldToBrowser ?? ((fn: () => void) => (timer = setTimeout(fn, 0)));
    let current: { job: SweepJob; step: RunSteps<SweepRow> } | null = null;
    const slice = () => {
      timer = null;
      const start = now();
      do {
        if (stopped) return;
        const job = current?.job ?? queue.shift();
        if (!job) return;
        let row: SweepRow | null;
        try {
          current ??= { job, step: stepSweepRun(job) };
          row = current.step(CHUNK_US);
        } catch (err) {
          return fail(`run ${job.id + 1} failed: ${err instanceof Error ? err.message : String(err)}`);
        }
        if (row) {
          current = null;
          finishOne(job.id, row);
        }
      } while (now() - start < sliceMs);
      if (!stopped) later(() => measured(slice));
    };
    later(() => measured(slice));
  };

  if (jobs.length === 0) {
    stopped = true;
    queueMicrotask(() => handlers.onDone());
    return { cancel: () => {}, mode };
  }
  const count = Math.min(options.workers ?? workerCount(), jobs.length);
  const create = options.createWorker ?? defaultWorker;
  for (let i = 0; i < count; i++) {
    let w: Worker;
    try {
      w = create();
    } catch {
      break;
    }
    w.onmessage = (e: MessageEvent<SweepReply>) => measured(() => onReply(w, e.data));
    w.onerror = (e) => onBroken(w, e);
    busy.set(w, []);
  }
  if (busy.size === 0) runInPage();
  else deal();

  return {
    cancel: stop,
    get mode() {
      return mode;
    },
  };
}
