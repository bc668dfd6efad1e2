/**
 * The run's trace as a file, in the stable text form or as JSON with the run's identity (the same
 * fields as the runner's output), so a trace from the page can be compared with one from
 * `npm run sim -- --format trace`. Pure.
 */
import { formatFault } from '../scenarios/faults';
import { FORMAT_VERSION, type RunSpec } from '../scenarios/run-spec';
import { eventsOf, type Trace } from '../sim/trace';

export type TraceFormat = 'text' | 'json';

export interface TraceFile {
  readonly filename: string;
  readonly mime: string;
  readonly content: string;
}

/** The trace of a run computed up to `untilUs`, as a downloadable file. */
export function traceFile(spec: RunSpec, trace: Trace, untilUs: number, format: TraceFormat): TraceFile {
  const stem = `kemari-lab-${spec.scenario}-${spec.preset}-seed${spec.seed}`;
  if (format === 'text') return { filename: `${stem}.trace.txt`, mime: 'text/plain', content: trace.toText() };
  const content = JSON.stringify(
    {
      v: FORMAT_VERSION,
      scenario: spec.scenario,
      preset: spec.preset,
      seed: spec.seed,
      params: spec.params,
      faults: spec.faults.map(formatFault),
      untilUs,
      traceHash: trace.hash(),
      // Made for the file and let go with it (the page keeps the trace as columns).
      events: eventsOf(trace.list),
    },
    null,
    1,
  );
  return { filename: `${stem}.trace.json`, mime: 'application/json', content };
}
