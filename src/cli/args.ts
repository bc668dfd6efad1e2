/**
 * Parses the headless runner's command line (DESIGN §10) into raw run text. Pure: returns the parsed
 * request or one line explaining what is wrong (the runner then exits 2).
 */
import { SCENARIOS } from '../scenarios/all';
import { phaseForms } from '../scenarios/phases';
import { PARAMS, type ParamDef } from '../scenarios/params';
import type { RawRun } from '../scenarios/run-spec';

export type OutputFormat = 'json' | 'trace' | 'summary' | 'csv';
export const FORMATS: readonly OutputFormat[] = ['json', 'trace', 'summary'];
/** A sweep's outputs: its CSV (the default) or its JSON (the sweep panel's export). */
export const SWEEP_FORMATS: readonly OutputFormat[] = ['csv', 'json'];

export interface CliRequest {
  readonly command: 'run' | 'sweep' | 'help';
  readonly raw: RawRun;
  readonly format: OutputFormat;
  readonly vary?: string;
}

const VALUE_FLAGS = ['--scenario', '--preset', '--seed', '--until', '--set', '--fault', '--format', '--vary'] as const;

/** Parses `argv` (without node and the script); returns the request or an error line. */
export function parseArgs(argv: readonly string[]): { ok: true; request: CliRequest } | { ok: false; message: string } {
  let command: CliRequest['command'] = 'run';
  const args = [...argv];
  if (args[0] === 'sweep') {
    command = 'sweep';
    args.shift();
  }
  const single: Record<string, string> = {};
  const params: [string, string][] = [];
  const faults: string[] = [];
  for (let i = 0; i < args.length; i++) {
    let flag = args[i];
    let value: string | undefined;
    if (flag === '--help' || flag === '-h') return { ok: true, request: { command: 'help', raw: {}, format: 'summary' } };
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq > 0) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(flag)) {
      return { ok: false, message: `unknown argument "${args[i]}"; allowed: ${VALUE_FLAGS.join(', ')}, --help` };
    }
    if (value === undefined) {
      value = args[++i];
      if (value === undefined) return { ok: false, message: `${flag} needs a value` };
    }
    if (flag === '--set') {
      const at = value.indexOf('=');
      if (at <= 0) return { ok: false, message: `--set takes <param>=<value>; got "${value}"` };
      params.push([value.slice(0, at), value.slice(at + 1)]);
    } else if (flag === '--fault') faults.push(value);
    else if (flag in single) return { ok: false, message: `${flag} given twice` };
    else single[flag] = value;
  }
  const formats = command === 'sweep' ? SWEEP_FORMATS : FORMATS;
  const format = (single['--format'] ?? formats[0]) as OutputFormat;
  if (!formats.includes(format)) return { ok: false, message: `--format${command === 'sweep' ? ' of a sweep' : ''} must be one of ${formats.join(', ')}; got "${single['--format']}"` };
  if (command === 'run' && single['--vary'] !== undefined) return { ok: false, message: '--vary belongs to the sweep command: npm run sim -- sweep --vary ...' };
  const raw: RawRun = {
    scenario: single['--scenario'],
    preset: single['--preset'],
    seed: single['--seed'],
    until: single['--until'],
    params,
    faults,
  };
  return { ok: true, request: { command, raw, format, vary: single['--vary'] } };
}

/** A parameter as the help names it: `writer (round-robin|random)`, `epochMs (ms)`, `fencing (on/off)`. */
function paramWords(d: ParamDef): string {
  if (d.kind === 'enum') return `${d.name} (${d.options.join('|')})`;
  if (d.kind === 'bool') return `${d.name} (true|false)`;
  return d.unit ? `${d.name} (${d.unit})` : d.name;
}

/** Words joined into lines of at most `width` characters, each indented by `indent`. */
function wrap(words: readonly string[], indent: string, width = 104): string {
  const lines: string[] = [];
  let line = indent;
  for (const w of words) {
    if (line.length > indent.length && line.length + w.length + 2 > width) {
      lines.push(line.replace(/ $/, ''));
      line = indent;
    }
    line += `${w}, `;
  }
  lines.push(line.replace(/, $/, ''));
  return lines.join('\n');
}

export const USAGE = `Kemari Lab headless runner
  npm run --silent sim -- --scenario <id> [--preset <name>] [--seed <int>] [--until <duration>]
                          [--set <param>=<value>]... [--fault <fault>]... [--format json|trace|summary]
  npm run --silent sim -- sweep --scenario <id> --vary <param|crashAt|crashBAt>=<from>:<to>:<runs> [same options]
                          [--format csv|json]   (CSV by default; JSON as the sweep panel exports it)
Durations: 250us, 40ms, 2.5s. Faults: crash:A@2.5s, crash:B@..., cut:link@..., heal:link@..., or at a
phase of the protocol: crash:A@checkpoint:12, crash:A@stop-and-copy, cut:link@synced:3+250us
Scenarios: their presets (--preset) and the phases a fault can name (crash:A@<phase>):
${SCENARIOS.map((sc) => `  ${sc.id}: ${Object.keys(sc.presets).join(', ')}${sc.phases.length > 0 ? `; phases ${phaseForms(sc.id)}` : ''}`).join('\n')}
Parameters (--set <param>=<value>; each scenario uses some of them):
${wrap(Object.values(PARAMS).map(paramWords), '  ')}
JSON (--format json): v, scenario, technique, preset, seed, params, faults, untilUs, traceHash, traceEvents,
  invariants [{name, holds, detail}], client {sessionState, shows, framesReceived, lastFrameAtUs, maxStallUs,
  gaps, duplicates, rollbacks, ...}, vm {host, state, lostAtUs}, metrics:
  metrics.migration {rounds [{index, pagesSent, startUs, endUs, rateBitsPerSec}], stopReason, totalPagesSent,
    totalTimeUs, downtimeUs, outcome} (migration, postcopy; post-copy has no rounds)
  metrics.postcopy {networkFaults, pagesPushed, pagesPulled, degradedTimeUs, stalledUs, pagesOnB} (postcopy)
  metrics.replication {checkpoints, checkpointsAcked, checkpointsPerSec, syncs, syncsPerSec, bytesReplicated,
    bytesPerSync, addedLatencyUs {mean, p95, max}, guestPauseFraction, failoverUs, outputsLost,
    outputsDuplicated, outputsRolledBack} (remus, naive, kemari, colo, lockstep); COLO adds checkpointsByCause
    {divergence, periodic}, releasedAtOnce, heldForCheckpoint
  metrics.lockstep {logEntries, logBytes, logBitsPerSec, replayLagUs {mean, max}, outputsHeld, testAndSet} (lockstep)
  metrics.repair {restarts, failovers, protections, resyncs, unprotectedUs} (runs that restart a host)
  metrics.outputs {issued, left, toClient, diskWrites, lost}
  metrics.requests {sent, answered, lost, unanswered, latencyUs {mean, p95, max}} (runs with requestsPerSec > 0)
Exit codes: 0 ran (invariant verdicts are data), 2 bad arguments.`;
