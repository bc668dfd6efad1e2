/**
 * `npm run soak -- [--cases N] [--seed S] [--technique ID]... [--workers K]`: the deep run. N random
 * cases per technique (default 200), each 10 simulated seconds of a run with parameters drawn within
 * their declared ranges and 1–3 faults at random times or named phases, checked in worker threads on
 * every core: the same trace whole and in pieces, every invariant the technique promises for that case,
 * and a cost ceiling (a case over it is refused: expected, not a failure). Prints cases per second and
 * each failure with the runner command that reproduces it; exits 1 on any failure, 2 on bad flags.
 * @see ./soak-cases.ts
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import '../src/world/all-protocols';
import { SCENARIOS } from '../src/scenarios/all';
import type { SoakJob, SoakReply } from './soak-worker';

/** A worker loads the TypeScript worker through tsx's loader (a worker does not inherit `--import tsx`). */
const BOOT = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./soak-worker.ts', import.meta.url).href)}); })`;

interface Options {
  cases: number;
  seed: number;
  techniques: string[];
  workers: number;
}

function parse(argv: readonly string[]): Options | string {
  const o: Options = { cases: 200, seed: 1, techniques: [], workers: Math.max(1, availableParallelism()) };
  const ids = SCENARIOS.map((s) => s.id);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const whole = (name: string, min: number, max: number) => {
      if (value === undefined || !/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw `${name} must be a whole number from ${min} to ${max}; got ${value === undefined ? 'nothing' : `"${value}"`}`;
      i++;
      return Number(value);
    };
    try {
      if (flag === '--cases') o.cases = whole('--cases', 1, 1_000_000);
      else if (flag === '--seed') o.seed = whole('--seed', 0, 4_294_967_295);
      else if (flag === '--workers') o.workers = whole('--workers', 1, 64);
      else if (flag === '--technique') {
        if (value === undefined || !ids.includes(value)) return `--technique must be one of ${ids.join(', ')}; got ${value === undefined ? 'nothing' : `"${value}"`}`;
        o.techniques.push(value);
        i++;
      } else return `unknown argument "${flag}"; allowed: --cases, --seed, --technique, --workers`;
    } catch (message) {
      return String(message);
    }
  }
  if (o.techniques.length === 0) o.techniques = ids;
  return o;
}

async function main(): Promise<number> {
  const o = parse(process.argv.slice(2));
  if (typeof o === 'string') {
    process.stderr.write(`soak: ${o}\n`);
    return 2;
  }
  const jobs: SoakJob[] = [];
  for (let index = 0; index < o.cases; index++) for (const technique of o.techniques) jobs.push({ technique, index, seed: o.seed });
  const total = jobs.length;
  const tally = new Map(o.techniques.map((t) => [t, { ok: 0, refused: 0, failed: 0, ms: 0 }]));
  const failures: SoakReply[] = [];
  const started = performance.now();
  let done = 0;
  let lastLine = started;
  console.log(`soak: ${o.cases} case(s) of ${o.techniques.join(', ')} (seed ${o.seed}) on ${o.workers} worker(s)`);
  await new Promise<void>((resolve, reject) => {
    let live = 0;
    const workers = Array.from({ length: Math.min(o.workers, total) }, () => new Worker(BOOT, { eval: true }));
    const feed = (w: Worker) => {
      const job = jobs.shift();
      if (job) w.postMessage(job);
      else {
        w.postMessage(null);
        if (--live === 0) resolve();
      }
    };
    for (const w of workers) {
      live++;
      w.on('error', reject);
      w.on('message', (reply: SoakReply) => {
        const t = tally.get(reply.job.technique)!;
        t[reply.outcome.kind]++;
        t.ms += reply.ms;
        if (reply.outcome.kind === 'failed') {
          failures.push(reply);
          console.log(`FAIL ${reply.job.technique} case ${reply.job.index}: ${reply.outcome.problems.join('; ')}\n  ${reply.repro}`);
        }
        done++;
        const now = performance.now();
        if (now - lastLine > 5_000) {
          lastLine = now;
          console.log(`soak: ${done}/${total} cases, ${(done / ((now - started) / 1000)).toFixed(1)} cases/s`);
        }
        feed(w);
      });
      feed(w);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  for (const [technique, t] of tally) {
    const n = t.ok + t.refused + t.failed;
    console.log(`${technique.padEnd(12)} ${String(n).padStart(7)} cases  ${String(t.ok).padStart(7)} held  ${String(t.refused).padStart(6)} refused (cost)  ${String(t.failed).padStart(4)} failed  ${(t.ms / Math.max(1, n)).toFixed(0).padStart(5)} ms CPU/case`);
  }
  console.log(`soak: ${total} cases in ${seconds.toFixed(1)} s (${(total / seconds).toFixed(1)} cases/s), ${failures.length} unexpected failure(s)`);
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();
