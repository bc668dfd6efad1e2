/**
 * The catalogue of user-facing parameters: name (with its unit), kind, range and default (each one's
 * meaning in words is ./param-meanings.ts, which only the parameter panel and the element's manifest
 * read: the page's first load goes without it). The runner's `--set`, the URL and the parameter panel
 * all use these names.
 * @see ../../shared/DESIGN.md §10 (parameter names)
 */
import type { Prepaging } from '../sim/postcopy';
import type { WriterMode } from '../sim/memory';
import type { RateLimit, StopPolicy } from '../sim/precopy';

interface ParamBase {
  readonly name: string;
  readonly label: string;
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

function num<const N extends string>(name: N, label: string, unit: string, min: number, max: number, dflt: number, integer = true): NumberParam & { readonly name: N } {
  return { kind: 'number', name, label, unit, min, max, integer, default: dflt };
}

function choice<const N extends string, const O extends readonly string[]>(name: N, label: string, options: O, dflt: O[number]): EnumParam & { readonly name: N; readonly options: O } {
  return { kind: 'enum', name, label, options, default: dflt };
}

function flag<const N extends string>(name: N, label: string, dflt: boolean): BoolParam & { readonly name: N } {
  return { kind: 'bool', name, label, default: dflt };
}

/** Every parameter the simulation knows, in catalogue order (the source of the `Params` type). */
const CATALOGUE = [
  num('memoryMiB', 'Guest memory', 'MiB', 1, 4096, 64),
  num('memoryPages', 'Guest memory (pages)', 'pages', 256, 1_048_576, 16_384),
  num('bandwidthMbps', 'Link bandwidth', 'Mbit/s', 1, 100_000, 1000, false),
  num('latencyUs', 'Link latency', 'µs', 0, 1_000_000, 100),
  num('dirtyPagesPerSec', 'Dirty rate', 'pages/s', 0, 10_000_000, 2000, false),
  num('hotSetPages', 'Hot set', 'pages', 0, 1_048_576, 1024),
  num('warmSetPages', 'Warm set', 'pages', 0, 1_048_576, 0),
  num('warmDirtyPagesPerSec', 'Warm dirty rate', 'pages/s', 0, 10_000_000, 0, false),
  num('coolSetPages', 'Cool set', 'pages', 0, 1_048_576, 0),
  num('coolDirtyPagesPerSec', 'Cool dirty rate', 'pages/s', 0, 10_000_000, 0, false),
  choice('writer', 'Writer pattern', ['round-robin', 'random'] as const satisfies readonly WriterMode[], 'round-robin'),
  num('framebufferPages', 'Framebuffer pages', 'pages', 0, 4096, 8),
  num('clockHz', 'Clock redraws', 'Hz', 0.1, 50, 1, false),
  num('packetsPerSec', 'Background packets', 'packets/s', 0, 100_000, 4, false),
  num('diskWritesPerSec', 'Disk writes', 'writes/s', 0, 100_000, 2, false),
  num('requestsPerSec', 'Client requests', 'requests/s', 0, 1000, 0, false),
  num('heartbeatMs', 'Heartbeat interval', 'ms', 1, 10_000, 100),
  // 2 at least: a timeout must be longer than the shortest heartbeat interval (1 ms).
  num('failureTimeoutMs', 'Failure timeout', 'ms', 2, 60_000, 300),
  num('clientTimeoutMs', 'Viewer watchdog', 'ms', 0, 3_600_000, 0),
  num('migrateAtMs', 'Migrate at', 'ms', 0, 3_600_000, 1000),
  choice('stopPolicy', 'Stop policy', ['xen3', 'xen-v2', 'qemu', 'stop-and-copy'] as const satisfies readonly StopPolicy[], 'xen3'),
  num('downtimeLimitMs', 'Downtime limit', 'ms', 1, 60_000, 300),
  choice('rateLimit', 'Rate limit', ['none', 'adaptive'] as const satisfies readonly RateLimit[], 'none'),
  flag('skipRedirtied', 'Skip re-dirtied pages', false),
  flag('trapEvents', 'Trap event-channel notifies', true),
  flag('fencing', 'Fencing', false),
  num('fenceMs', 'Fence time', 'ms', 0, 10_000, 50),
  num('bootMs', 'Boot time', 'ms', 0, 600_000, 3000),
  num('epochMs', 'Epoch', 'ms', 1, 10_000, 25, false),
  num('suspendUs', 'Suspend time', 'µs', 0, 1_000_000, 100),
  flag('bufferOutput', 'Buffer output', true),
  num('resumeMs', 'Resume time', 'ms', 0, 10_000, 20, false),
  num('migrationSuspendMs', 'Suspend handshake', 'ms', 0, 10_000, 30, false),
  num('divergencePerSec', 'Divergence rate', '/s', 0, 1000, 0.25, false),
  num('checkpointIntervalMs', 'Periodic checkpoint', 'ms', 10, 3_600_000, 4000),
  choice('prepaging', 'Pre-paging', ['bubbling', 'none'] as const satisfies readonly Prepaging[], 'bubbling'),
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
