/**
 * A sweep worker: runs the run specs it is sent, one at a time, and posts back each run's row. The
 * same pure code as the runner's `sweep` (sweep-result.ts), so a row from a worker is the row of a
 * single run of that spec.
 * @see ./sweep-pool.ts (who sends the jobs) and ../world/sweep-result.ts
 */
import '../world/all-protocols';
import { runSweepRun } from '../world/sweep-result';
import type { SweepJob, SweepReply } from './sweep-pool';

self.onmessage = (e: MessageEvent<SweepJob>) => {
  const { id } = e.data;
  let reply: SweepReply;
  try {
    reply = { id, row: runSweepRun(e.data) };
  } catch (err) {
    reply = { id, error: err instanceof Error ? err.message : String(err) };
  }
  self.postMessage(reply);
};
