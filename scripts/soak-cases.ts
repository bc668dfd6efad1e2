/**
 * The deep run's cases, pure: a case is a run of one technique made from a case seed (its own seed,
 * parameters drawn within their declared ranges, 1–3 faults at random times or named phases, or one
 * time in four a repair cycle (a crash, a restart of that host, maybe a crash of the other), 10
 * simulated seconds). `checkCase` runs it twice, once whole and once in pieces, and judges it: the
 * two traces must be one (when they are not, a third whole run says whether the run is not
 * deterministic or computing it in pieces changed it); every invariant the technique promises for that case must hold (`excused` says which
 * ones a case's own configuration breaks on purpose: the lab shows those failures); a case whose run
 * would pass the cost ceiling is refused (expected, not a failure).
 * @see ./soak.ts (the command) and tests/cli/soak.test.ts (a fixed-seed slice in `npm test`)
 */
import '../src/world/all-protocols';
import { getScenario } from '../src/scenarios/index';
import { PARAMS, type ParamValue } from '../src/scenarios/params';
import { resolveRun, type RawRun, type RunSpec } from '../src/scenarios/run-spec';
import { createRandom, type RandomSource } from '../src/sim/random';
import { runResult, type RunResult } from '../src/world/result';
import { createWorld } from '../src/world/world';

/** Simulated length of a case. */
export const CASE_US = 10_000_000;
/** A case that makes more trace events than this is refused (its cost, not its correctness, is the issue). */
export const CASE_MAX_EVENTS = 40_000;
/** The first slice of a case, from which its cost is estimated before the whole run. */
const PROBE_US = 200_000;

/** One case: what the runner is given (so a failure is one `npm run sim` away). */
export interface SoakCase {
  readonly technique: string;
  readonly index: number;
  readonly raw: RawRun;
}

export type Outcome =
  | { readonly kind: 'ok'; readonly events: number; readonly excused: readonly string[] }
  | { readonly kind: 'refused'; readonly why: string }
  | { readonly kind: 'failed'; readonly problems: readonly string[] };

const pick = <T>(r: RandomSource, xs: readonly T[]): T => xs[r.int(xs.length)];

/**
 * Where the rates that set a run's cost usually stay (nine draws in ten; the tenth takes the declared
 * range whole, and the cost ceiling refuses what is too heavy).
 */
const USUAL: Readonly<Record<string, readonly [number, number]>> = {
  packetsPerSec: [0, 500],
  diskWritesPerSec: [0, 200],
  clockHz: [0.5, 10],
  heartbeatMs: [20, 1000],
  epochMs: [10, 1000],
  dirtyPagesPerSec: [0, 50_000],
  memoryMiB: [16, 1024],
};

/** A number of a parameter: its default half the time, else uniform (or log-uniform over wide ranges) in its range. */
function drawParam(r: RandomSource, name: string): string | null {
  const def = PARAMS[name];
  if (!def || r.next() < 0.5) return null;
  if (def.kind === 'bool') return String(r.next() < 0.5);
  if (def.kind === 'enum') return pick(r, def.options);
  const usual = USUAL[name] && r.next() < 0.9 ? USUAL[name] : null;
  const lo = Math.max(def.min, usual?.[0] ?? def.min);
  const hi = Math.min(def.max, usual?.[1] ?? def.max);
  const wide = lo >= 0 && hi / Math.max(lo, 1) > 100;
  let v = wide ? Math.exp(Math.log(Math.max(lo, 1)) + r.next() * (Math.log(hi) - Math.log(Math.max(lo, 1)))) : lo + r.next() * (hi - lo);
  if (wide && lo === 0 && r.next() < 0.1) v = 0;
  v = Math.min(hi, Math.max(lo, v));
  return def.integer ? String(Math.round(v)) : String(Math.round(v * 1000) / 1000);
}

function drawFault(r: RandomSource, phases: readonly { name: string; numbered: string | null }[]): string {
  const action = pick(r, ['crash:A', 'crash:A', 'crash:B', 'cut:link', 'heal:link', 'restart:A', 'restart:B']);
  if (phases.length > 0 && r.next() < 0.4) {
    const phase = pick(r, phases);
    return `${action}@${phase.name}${phase.numbered ? `:${1 + r.int(40)}` : ''}${r.next() < 0.3 ? `+${r.int(5000)}us` : ''}`;
  }
  return `${action}@${r.int(CASE_US)}us`;
}

/** A repair cycle: crash a host, restart it 0.2–3 s later, and (three times in five) crash the other one after that. */
function drawRepair(r: RandomSource): string[] {
  const [failed, other] = r.next() < 0.75 ? ['A', 'B'] : ['B', 'A'];
  const crashAt = 200_000 + r.int(3_800_000);
  const restartAt = crashAt + 200_000 + r.int(2_800_000);
  const faults = [`crash:${failed}@${crashAt}us`, `restart:${failed}@${restartAt}us`];
  if (r.next() < 0.6) faults.push(`crash:${other}@${restartAt + r.int(CASE_US - restartAt)}us`);
  return faults;
}

/** Case `index` of `technique` in the deep run seeded `seed`. */
export function makeCase(technique: string, index: number, seed: number): SoakCase {
  const scenario = getScenario(technique);
  if (!scenario) throw new RangeError(`soak: no technique "${technique}"`);
  const r = createRandom(seed, `soak/${technique}/${index}`);
  const params: [string, string][] = [];
  for (const name of scenario.params) {
    const v = drawParam(r, name);
    if (v !== null) params.push([name, v]);
  }
  // One case in four is a repair: a host fails, is restarted, and maybe the other fails later (inside or after the resync).
  const faults = r.next() < 0.25 ? drawRepair(r) : Array.from({ length: 1 + r.int(3) }, () => drawFault(r, scenario.phases));
  let raw: RawRun = { scenario: technique, seed: String(r.int(2 ** 31)), until: `${CASE_US}us`, params, faults };
  // Parameters that do not go together (a heartbeat not shorter than its timeout...) take their defaults.
  for (let i = 0; i < 4; i++) {
    const { errors } = resolveRun(raw);
    if (errors.length === 0) break;
    const bad = new Set(errors.map((e) => e.field));
    raw = { ...raw, params: raw.params!.filter(([name]) => !bad.has(name)), faults: bad.has('fault') ? [] : raw.faults };
  }
  return { technique, index, raw };
}

/** The runner's command for a case. */
export function reproCommand(c: SoakCase): string {
  const q = (s: string) => (/^[\w.:@+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['npm run --silent sim --', '--scenario', c.raw.scenario!, '--seed', c.raw.seed!, '--until', c.raw.until!];
  for (const [k, v] of c.raw.params ?? []) parts.push('--set', q(`${k}=${v}`));
  for (const f of c.raw.faults ?? []) parts.push('--fault', q(f));
  return `${parts.join(' ')} --format summary`;
}

const has = (spec: RunSpec, kind: string, target?: string) => spec.faults.some((f) => f.kind === kind && (target === undefined || f.target === target));

/**
 * The invariants a case's own configuration breaks on purpose, each a lesson of the lab: no
 * protection (unprotected, or both hosts down), a cut link with no fencing (split brain), no output
 * buffering (naive snapshots), no event trapping (Kemari's switch off), a crash during a migration
 * before it commits (Clark: the VM is lost), a detector too quick for the link (`falseSuspicions`: a
 * live peer declared dead, with fencing the healthy primary powered off).
 */
export function excusedBy(spec: RunSpec, result: RunResult, falseSuspicions = 0): Set<string> {
  const out = new Set<string>();
  const add = (...names: string[]) => names.forEach((n) => out.add(n));
  const p = spec.params as Readonly<Record<string, ParamValue>>;
  const bothDown = has(spec, 'crash', 'A') && has(spec, 'crash', 'B');
  if (spec.scenario === 'unprotected' || bothDown) add('vm-survives-host-failure', 'no-output-lost');
  if (spec.scenario === 'migration' && (has(spec, 'crash') || has(spec, 'cut'))) add('vm-survives-host-failure', 'no-output-lost');
  const replicated = spec.scenario === 'remus' || spec.scenario === 'naive' || spec.scenario === 'kemari' || spec.scenario === 'colo';
  const splitBrainPossible = has(spec, 'cut') && p.fencing !== true;
  // A detector too quick for the link declares a live peer dead (`falseSuspicions`, counted by the world): without
  // fencing, split brain; with it, B powers the healthy primary off and takes over, so a later failure of B loses the VM.
  const splitBrainSeen = result.invariants.some((i) => i.name === 'no-split-brain' && !i.holds) && !has(spec, 'cut');
  if (replicated && (splitBrainPossible || splitBrainSeen)) {
    add('single-active-instance', 'no-split-brain', 'client-never-rolls-back', 'no-rollback-on-failover', 'no-output-lost-on-failover', 'failover-from-last-checkpoint', 'output-commit', 'backup-disk-committed-only', 'sync-before-output', 'no-output-lost');
  }
  if (replicated && (has(spec, 'cut') || falseSuspicions > 0) && p.fencing === true) add('vm-survives-host-failure');
  // Lock-stepping's test-and-set fences by itself: after a cut (or a live peer declared dead) the host that loses it
  // halts, and the VM runs on the other unprotected, so a later failure of that host loses it.
  if (spec.scenario === 'lockstep' && (has(spec, 'cut') || falseSuspicions > 0)) add('vm-survives-host-failure');
  if (spec.scenario === 'naive' || p.bufferOutput === false) add('output-commit', 'backup-disk-committed-only', 'client-never-rolls-back', 'no-rollback-on-failover', 'failover-from-last-checkpoint');
  if (spec.scenario === 'kemari' && p.trapEvents === false) add('sync-before-output', 'client-never-rolls-back', 'no-rollback-on-failover');
  return out;
}

function runOnce(spec: RunSpec): { hash: string; result: RunResult; events: number; falseSuspicions: number } {
  const world = createWorld(spec, { recordFrames: false, traceEvents: 'hash' });
  world.runUntil(spec.untilUs);
  return { hash: world.trace.hash(), result: runResult(world, spec.untilUs), events: world.trace.length, falseSuspicions: world.monitors.falseSuspicions };
}

/**
 * What two traces of one case (`whole`, then computed in `pieces`) say, or null when they are one. When
 * they differ, a third whole run (`again`) tells a run that is not deterministic from one that
 * computing in pieces changes.
 */
export function traceProblem(whole: string, pieces: string, again: () => string): string | null {
  if (pieces === whole) return null;
  const b = again();
  return b !== whole ? `not deterministic: trace ${whole} then ${b}` : `computed in pieces, trace ${pieces} instead of ${whole}`;
}

/** Runs case `c` twice (in pieces, the first of which gives its cost; then whole) and judges it. */
export function checkCase(c: SoakCase): Outcome {
  const { spec, errors } = resolveRun(c.raw);
  if (errors.length > 0) return { kind: 'failed', problems: [`its run was refused: ${errors.map((e) => e.message).join('; ')}`] };
  try {
    // The run in pieces first, its first slice giving the cost: that slice's rate over the whole case.
    const pieces = createWorld(spec, { recordFrames: false, traceEvents: 'hash' });
    if (!pieces.runUntil(PROBE_US, CASE_MAX_EVENTS)) return { kind: 'refused', why: `over ${CASE_MAX_EVENTS} events in its first ${PROBE_US / 1000} ms` };
    const estimate = (pieces.trace.length / PROBE_US) * spec.untilUs;
    if (estimate > CASE_MAX_EVENTS) return { kind: 'refused', why: `about ${Math.round(estimate).toLocaleString('en')} events (more than ${CASE_MAX_EVENTS.toLocaleString('en')})` };
    const r = createRandom(c.index, 'chunks');
    for (const t of [...Array.from({ length: 3 }, () => r.int(spec.untilUs)).sort((x, y) => x - y), spec.untilUs]) {
      if (!pieces.runUntil(t, CASE_MAX_EVENTS + 1) || pieces.trace.length > CASE_MAX_EVENTS) return { kind: 'refused', why: `over ${CASE_MAX_EVENTS.toLocaleString('en')} events` };
    }
    const a = runOnce(spec);
    const problems: string[] = [];
    const traces = traceProblem(a.hash, pieces.trace.hash(), () => runOnce(spec).hash);
    if (traces) problems.push(traces);
    const excused = excusedBy(spec, a.result, a.falseSuspicions);
    for (const v of a.result.invariants) if (!v.holds && !v.pending && !excused.has(v.name)) problems.push(`${v.name}: ${v.detail}`);
    return problems.length > 0 ? { kind: 'failed', problems } : { kind: 'ok', events: a.events, excused: a.result.invariants.filter((v) => !v.holds).map((v) => v.name) };
  } catch (err) {
    return { kind: 'failed', problems: [`threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`] };
  }
}
