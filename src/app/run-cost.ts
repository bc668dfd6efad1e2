/**
 * What to change when a run costs the page too much (a chunk of its own, loaded when a run reaches the
 * page's ceiling of trace events, MAX_PAGE_EVENTS in session.svelte.ts: its memory and the time to
 * compute it grow with them): the run ends there, with a message naming the parameter that made most of
 * its events (read from the latest ones) and which way to move it. Pure.
 */
import { PARAMS, type NumberParam } from '../scenarios/params';
import type { FieldError, RunSpec } from '../scenarios/run-spec';
import type { TraceEvent, TraceList } from '../sim/trace';
import { formatMillis, type Micros } from '../sim/time';

/** How many of the latest events say what drives the rate. */
const SAMPLE = 20_000;

/** The parameters that set how many events a run makes, and which way lowers it. */
const DRIVERS: Readonly<Record<string, 'raise' | 'lower'>> = {
  epochMs: 'raise',
  heartbeatMs: 'raise',
  packetsPerSec: 'lower',
  diskWritesPerSec: 'lower',
  dirtyPagesPerSec: 'lower',
  clockHz: 'lower',
};

const IO = new Set(['frontend.notify', 'evtchn.upcall', 'evtchn.trapped', 'backend.done', 'netback.tx', 'blkback.write', 'ring.full', 'sync.start', 'sync.pauseGuest', 'sync.release', 'sync.resumeGuest']);
const CLOCK = new Set(['xclock.redrawn', 'tcp.timer', 'frame.shown', 'tcp.ack']);
const PAUSES = new Set(['guest.paused', 'guest.resumed', 'vcpu.paused', 'vcpu.resumed', 'state.ack']);

/** The parameter behind one event ('io' for the guest's I/O, resolved by what it mostly is). */
function driverOf(e: TraceEvent, checkpointing: boolean): string | null {
  const kind = e.type === 'link.delivered' ? String(e.data.kind) : null;
  if (e.type === 'heartbeat.sent' || kind === 'heartbeat') return 'heartbeatMs';
  if (e.type.startsWith('checkpoint.') || (kind !== null && kind.startsWith('checkpoint'))) return 'epochMs';
  if (e.type === 'batch.send' || kind === 'pages') return 'dirtyPagesPerSec';
  if (CLOCK.has(e.type)) return 'clockHz';
  if (PAUSES.has(e.type)) return checkpointing ? 'epochMs' : 'io';
  if (IO.has(e.type) || (kind !== null && kind.startsWith('sync'))) return 'io';
  return null;
}

/** The parameter of `spec` that made most of `events` (the latest of them), or null. */
export function rateDriver(spec: RunSpec, events: TraceList): string | null {
  const checkpointing = 'epochMs' in spec.params;
  const counts = new Map<string, number>();
  let net = 0;
  let disk = 0;
  for (let i = Math.max(0, events.length - SAMPLE); i < events.length; i++) {
    const e = events.at(i)!;
    if (e.type === 'netback.tx') net++;
    else if (e.type === 'blkback.write') disk++;
    const d = driverOf(e, checkpointing);
    if (d !== null) counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  if (counts.has('io')) {
    const io = net >= disk ? 'packetsPerSec' : 'diskWritesPerSec';
    counts.set(io, (counts.get(io) ?? 0) + counts.get('io')!);
    counts.delete('io');
  }
  let best: string | null = null;
  for (const [name, n] of counts) if (Object.hasOwn(spec.params, name) && (best === null || n > counts.get(best)!)) best = name;
  return best;
}

/** The message of a run that reached the ceiling at `atUs`, naming its field (the driving parameter, else `until`). */
export function ceilingNotice(spec: RunSpec, events: TraceList, atUs: Micros, ceiling: number): FieldError {
  const perSecond = atUs > 0 ? Math.round((events.length / atUs) * 1e6) : events.length;
  const driver = rateDriver(spec, events);
  const reached = `the page computes at most ${ceiling.toLocaleString('en')} trace events of one run; this one reached them at ${formatMillis(atUs)} (about ${perSecond.toLocaleString('en')} per simulated second)`;
  if (driver === null) return { field: 'until', message: `${reached}. The run ends there: open an earlier instant or a shorter run.` };
  const def = PARAMS[driver] as NumberParam;
  return {
    field: driver,
    message: `${reached}, most of them from ${driver} = ${String(spec.params[driver])} ${def.unit}. The run ends there: ${DRIVERS[driver]} ${driver}, or open an earlier instant.`,
  };
}
