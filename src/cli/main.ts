/**
 * The headless runner: `npm run --silent sim -- --scenario unprotected --fault crash:A@3s --until 6s`.
 * Same engine as the page. Prints JSON (default), the text trace, or a short summary; `sim -- sweep
 * --vary crashAt=1s:9s:200` prints one CSV row per run. Bad arguments exit 2 with one line on stderr.
 * @see ../../shared/DESIGN.md §10
 */
import '../world/all-protocols';
import { SCENARIOS } from '../scenarios/all';
import { distinctErrors, resolveRun } from '../scenarios/run-spec';
import { runResult } from '../world/result';
import { parseVary } from '../world/sweep';
import { runSweep, sweepCsv, sweepJson } from '../world/sweep-result';
import { createWorld } from '../world/world';
import { parseArgs, USAGE } from './args';
import { formatSummary } from './summary';

/** A refusal: main stops, and the runner prints its line and exits 2 once stderr has taken it all. */
class Refusal extends Error {}

function fail(message: string): never {
  throw new Refusal(message);
}

/** At most this many refused values are named; the line then says how many more there were. */
const NAMED_REFUSALS = 20;

function refusedLine(messages: readonly string[]): string {
  const named = messages.slice(0, NAMED_REFUSALS).join('; ');
  const more = messages.length - NAMED_REFUSALS;
  return more > 0 ? `${named}; and ${more} more refused value${more === 1 ? '' : 's'}` : named;
}

function main(argv: readonly string[]): void {
  const parsed = parseArgs(argv);
  if (!parsed.ok) fail(parsed.message);
  const { request } = parsed;
  if (request.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (request.raw.scenario === undefined) fail(`--scenario is required; allowed: ${SCENARIOS.map((s) => s.id).join(', ')}`);
  const { spec, errors } = resolveRun(request.raw);
  if (errors.length > 0) fail(refusedLine(distinctErrors(errors).map((e) => e.message)));
  if (request.command === 'sweep') {
    if (request.vary === undefined) fail('sweep needs --vary <param|crashAt|crashBAt>=<from>:<to>:<runs>, such as --vary crashAt=1s:9s:200');
    const parsed = parseVary(request.vary, spec);
    if (!parsed.ok) fail(parsed.error.message);
    const rows = runSweep(spec, parsed.vary);
    process.stdout.write(request.format === 'json' ? sweepJson({ vary: parsed.vary, bases: [spec] }, rows) : sweepCsv(parsed.vary.variable, rows));
    return;
  }
  // Only the text trace needs its events; the result needs their number and hash.
  const world = createWorld(spec, { traceEvents: request.format === 'trace' ? 'keep' : 'hash' });
  world.runUntil(spec.untilUs);
  if (request.format === 'trace') {
    process.stdout.write(world.trace.toText());
    return;
  }
  const result = runResult(world, spec.untilUs);
  process.stdout.write(request.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatSummary(result));
}

try {
  main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof Refusal)) throw err;
  // No process.exit here: it would cut a long line written to a pipe; Node exits once stderr is written.
  process.stderr.write(`sim: ${err.message}\n`);
  process.exitCode = 2;
}
