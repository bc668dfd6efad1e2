/**
 * The catalogue of user-facing parameters: name (with its unit), kind, range, default and a one-line
 * meaning. The runner's `--set`, the URL and the parameter panel all use these names.
 * @see ../../shared/DESIGN.md §10 (parameter names)
 */
import type { Prepaging } from '../sim/postcopy';
import type { WriterMode } from '../sim/memory';
import type { RateLimit, StopPolicy } from '../sim/precopy';

interface ParamBase {
  readonly name: string;
  readonly label: string;
  readonly meaning: string;
}

/** A number parameter: `integer` ones refuse decimals. */
export interface NumberParam extends ParamBase {
  readonly kind: 'number';
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly default: number;
}

export interface EnumParam extends ParamBase {
  readonly kind: 'enum';
  readonly options: readonly string[];
  readonly default: string;
}

export interface BoolParam extends ParamBase {
  readonly kind: 'bool';
  readonly default: boolean;
}

export type ParamDef = NumberParam | EnumParam | BoolParam;
export type ParamValue = number | string | boolean;

function num<const N extends string>(name: N, label: string, unit: string, min: number, max: number, dflt: number, meaning: string, integer = true): NumberParam & { readonly name: N } {
  return { kind: 'number', name, label, unit, min, max, integer, default: dflt, meaning };
}

function choice<const N extends string, const O extends readonly string[]>(name: N, label: string, options: O, dflt: O[number], meaning: string): EnumParam & { readonly name: N; readonly options: O } {
  return { kind: 'enum', name, label, options, default: dflt, meaning };
}

function flag<const N extends string>(name: N, label: string, dflt: boolean, meaning: string): BoolParam & { readonly name: N } {
  return { kind: 'bool', name, label, default: dflt, meaning };
}

/** Every parameter the simulation knows, in catalogue order (the source of the `Params` type). */
const CATALOGUE = [
  num('memoryMiB', 'Guest memory', 'MiB', 1, 4096, 64, 'Size of the guest memory, in 4 KiB pages of which log-dirty tracking keeps account.'),
  num('memoryPages', 'Guest memory (pages)', 'pages', 256, 1_048_576, 16_384, 'The same size in 4 KiB pages; when given, it wins over memoryMiB.'),
  num('bandwidthMbps', 'Link bandwidth', 'Mbit/s', 1, 100_000, 1000, 'Bandwidth of the replication link between the hosts (10^6 bits per second per Mbit).', false),
  num('latencyUs', 'Link latency', 'µs', 0, 1_000_000, 100, 'One-way latency of the replication link, added to every transfer.'),
  num('dirtyPagesPerSec', 'Dirty rate', 'pages/s', 0, 10_000_000, 2000, 'How many page writes per second the background writer makes while the vCPU runs.', false),
  num('hotSetPages', 'Hot set', 'pages', 0, 1_048_576, 1024, 'The pages the background writer keeps rewriting (the writable working set).'),
  num('warmSetPages', 'Warm set', 'pages', 0, 1_048_576, 0, 'A second tier of the writable working set, just after the hot set, rewritten at its own, lower rate (0: none).'),
  num('warmDirtyPagesPerSec', 'Warm dirty rate', 'pages/s', 0, 10_000_000, 0, 'Page writes per second into the warm set while the vCPU runs.', false),
  num('coolSetPages', 'Cool set', 'pages', 0, 1_048_576, 0, 'A third tier, after the warm set, written more slowly still: memory a workload touches now and then (0: none).'),
  num('coolDirtyPagesPerSec', 'Cool dirty rate', 'pages/s', 0, 10_000_000, 0, 'Page writes per second into the cool set while the vCPU runs.', false),
  choice('writer', 'Writer pattern', ['round-robin', 'random'] as const satisfies readonly WriterMode[], 'round-robin', 'Whether the background writer walks its hot set in order or picks seeded random pages.'),
  num('framebufferPages', 'Framebuffer pages', 'pages', 0, 4096, 8, 'Pages the xclock dirties at each redraw (its window in the framebuffer).'),
  num('clockHz', 'Clock redraws', 'Hz', 0.1, 50, 1, 'How many times per guest second the xclock redraws and sends a VNC frame.', false),
  num('packetsPerSec', 'Background packets', 'packets/s', 0, 100_000, 4, 'Other network packets the guest sends (seeded Poisson arrivals).', false),
  num('diskWritesPerSec', 'Disk writes', 'writes/s', 0, 100_000, 2, 'Disk writes the guest makes through blkfront (seeded Poisson arrivals).', false),
  num('requestsPerSec', 'Client requests', 'requests/s', 0, 1000, 0, 'Requests the client sends the guest (VNC input events, seeded Poisson arrivals; 0: none): each reaches the guest through its host\'s netback, changes its state and is answered with a VNC frame.', false),
  num('heartbeatMs', 'Heartbeat interval', 'ms', 1, 10_000, 100, 'Each host sends its peer a heartbeat this often over the replication link (less than failureTimeoutMs).'),
  // 2 at least: a timeout must be longer than the shortest heartbeat interval (1 ms).
  num('failureTimeoutMs', 'Failure timeout', 'ms', 2, 60_000, 300, 'A host declares its peer dead after this long without a heartbeat (more than heartbeatMs, or it suspects a live peer).'),
  num('clientTimeoutMs', 'Viewer watchdog', 'ms', 0, 3_600_000, 0, "Optional: the VNC viewer gives up (session lost) after this long without a new frame; 0 turns it off (the connection's TCP alone decides: it gives up after 15 retransmissions, about 15 minutes)."),
  num('migrateAtMs', 'Migrate at', 'ms', 0, 3_600_000, 1000, 'When the migration from host A to host B starts.'),
  choice('stopPolicy', 'Stop policy', ['xen3', 'xen-v2', 'qemu', 'stop-and-copy'] as const satisfies readonly StopPolicy[], 'xen3', 'When pre-copy gives way to stop-and-copy: Xen 3.x (<50 pages, 29 rounds, 3N), Xen migration v2 (<50 dirty, 5 rounds), QEMU (remaining fits the downtime limit) or no live rounds.'),
  num('downtimeLimitMs', 'Downtime limit', 'ms', 1, 60_000, 300, 'QEMU policy: stop when the remaining pages can be sent within this time at the current bandwidth.'),
  choice('rateLimit', 'Rate limit', ['none', 'adaptive'] as const satisfies readonly RateLimit[], 'none', 'Clark\'s adaptive rate: start at 100 Mbit/s, then the measured dirty rate + 50 Mbit/s when higher (never falling), at most 500; the stop-and-copy round goes at the link\'s full speed.'),
  flag('skipRedirtied', 'Skip re-dirtied pages', false, 'Skip a page dirtied again since the round began, round 1 included: it will be sent in a later round anyway (Clark §5.4, to_skip). Xen 2.0 to 4.5 always did this; migration v2 (Xen 4.6 on) does not.'),
  flag('trapEvents', 'Trap event-channel notifies', true, 'Kemari\'s hook: hold each frontend notify until B has the state that issued it. Off, each output is synchronized only after it left (sync-before-output breaks).'),
  flag('fencing', 'Fencing', false, 'Before taking over, B powers A off through its management board, so two copies never run (off: a cut link causes split brain).'),
  num('fenceMs', 'Fence time', 'ms', 0, 10_000, 50, 'How long powering the old primary off through its management board takes.'),
  num('bootMs', 'Boot time', 'ms', 0, 600_000, 3000, 'How long a restarted host takes to power on, boot its hypervisor and rejoin as the standby (illustrative: a real server takes minutes; shortened so that the repair fits a demo).'),
  num('epochMs', 'Epoch', 'ms', 1, 10_000, 25, 'How often Remus checkpoints the VM (25 ms in the paper, 200 ms in the shipped tool).', false),
  num('suspendUs', 'Suspend time', 'µs', 0, 1_000_000, 100, 'Pausing the guest for a checkpoint, before its dirty pages are copied (Remus cut it to about 100 µs).'),
  flag('bufferOutput', 'Buffer output', true, 'Hold network output until the backup acknowledges the checkpoint that produced it (Remus). Off: naive snapshots, and the output-commit rule breaks.'),
  num('resumeMs', 'Resume time', 'ms', 0, 10_000, 20, 'Time for the VM to resume on host B after commitment (Clark measured 9–40 ms).', false),
  num('migrationSuspendMs', 'Suspend handshake', 'ms', 0, 10_000, 30, 'Time to suspend the VM on host A before the final round (xend asks the guest through xenstore and waits); counted in the downtime. Remus §2.3 measured 30–40 ms for this path.', false),
  num('divergencePerSec', 'Divergence rate', '/s', 0, 1000, 0.25, "COLO: how often the two VMs' outputs start to differ (the workload's non-determinism: timers, thread scheduling, random numbers), as seeded Poisson arrivals; the first output after each differs at the proxy and forces a checkpoint (illustrative: the COLO paper's own rates were not read here).", false),
  num('checkpointIntervalMs', 'Periodic checkpoint', 'ms', 10, 3_600_000, 4000, "COLO: the longest the VMs run without a checkpoint; every checkpoint, for whatever cause, starts it again (QEMU's x-checkpoint-delay, 20,000 ms by default; 4,000 here, so that it shows within a 20 s run)."),
  choice('prepaging', 'Pre-paging', ['bubbling', 'none'] as const satisfies readonly Prepaging[], 'bubbling', 'Post-copy: which pages the background push sends next. Bubbling (Hines et al.) pushes the pages around the last faulted page first, both ways in turn; none pushes memory in order from page 0.'),
] as const;

type CatalogueEntry = (typeof CATALOGUE)[number];
type ValueOfEntry<D> = D extends { readonly kind: 'number' } ? number : D extends { readonly kind: 'bool' } ? boolean : D extends { readonly options: readonly (infer O)[] } ? O : never;

/** A parameter's name, as the runner, the URL and the panel spell it. */
export type ParamName = CatalogueEntry['name'];

/**
 * Every parameter with its type, derived from the catalogue: what the world and the protocols read
 * (`params.epochMs` is a number, `params.stopPolicy` one of its options), never a cast.
 */
export type Params = { readonly [D in CatalogueEntry as D['name']]: ValueOfEntry<D> };

/** Every parameter the simulation knows, by name. */
export const PARAMS: Readonly<Record<string, ParamDef>> = Object.fromEntries(CATALOGUE.map((p) => [p.name, p]));

/**
 * The typed parameters of a run: its values, and the catalogue's default for any parameter its
 * scenario does not use (a protocol only reads its own). Pure.
 */
export function typedParams(values: Readonly<Record<string, ParamValue>>): Params {
  const out: Record<string, ParamValue> = {};
  for (const def of CATALOGUE) out[def.name] = Object.hasOwn(values, def.name) ? values[def.name] : def.default;
  return out as Params;
}

/** The allowed range of a parameter, in words, for messages: `a number from 1 to 100000 (Mbit/s)`. */
export function describeRange(def: ParamDef): string {
  if (def.kind === 'number') return `${def.integer ? 'a whole number' : 'a number'} from ${def.min} to ${def.max} (${def.unit})`;
  if (def.kind === 'enum') return `one of ${def.options.join(', ')}`;
  return 'true or false';
}

/** Parses one raw value of a parameter; returns the value or the message explaining the refusal. */
export function parseParamValue(def: ParamDef, raw: string): { ok: true; value: ParamValue } | { ok: false; message: string } {
  const refuse = () => ({ ok: false as const, message: `${def.name} must be ${describeRange(def)}; got "${raw}"` });
  const text = raw.trim();
  if (def.kind === 'bool') {
    if (['true', '1', 'on', 'yes'].includes(text)) return { ok: true, value: true };
    if (['false', '0', 'off', 'no'].includes(text)) return { ok: true, value: false };
    return refuse();
  }
  if (def.kind === 'enum') return def.options.includes(text) ? { ok: true, value: text } : refuse();
  if (!/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return refuse();
  const value = Number(text);
  if (!Number.isFinite(value) || value < def.min || value > def.max) return refuse();
  if (def.integer && !Number.isInteger(value)) return refuse();
  // "-0" is 0 (a negative zero would not survive the URL: it is written back as 0).
  return { ok: true, value: value === 0 ? 0 : value };
}
