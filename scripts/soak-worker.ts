/**
 * A worker of the deep run: checks the cases it is sent (technique, index, seed) and posts back each
 * outcome with its CPU time. The same pure code as `npm test`'s fixed-seed slice (./soak-cases.ts).
 */
import { parentPort } from 'node:worker_threads';
import { checkCase, makeCase, reproCommand, type Outcome } from './soak-cases';

export interface SoakJob {
  readonly technique: string;
  readonly index: number;
  readonly seed: number;
}

export interface SoakReply {
  readonly job: SoakJob;
  readonly outcome: Outcome;
  readonly repro: string;
  readonly ms: number;
}

parentPort!.on('message', (job: SoakJob | null) => {
  if (job === null) return process.exit(0);
  const started = process.cpuUsage();
  const c = makeCase(job.technique, job.index, job.seed);
  const outcome = checkCase(c);
  const used = process.cpuUsage(started);
  parentPort!.postMessage({ job, outcome, repro: reproCommand(c), ms: (used.user + used.system) / 1000 } satisfies SoakReply);
});
