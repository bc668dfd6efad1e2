/**
 * Projects the world's state into a Frame: plain data the view can draw. Reads snapshots only;
 * changes nothing. Frames recorded at consecutive instants share every part that did not change.
 */
import { requestFigures } from './request-book';
import type { StateValue } from 'xstate';
import type { VmContext } from '../machines/vm.machine';
import { nextDueUs } from '../machines/client.machine';
import type { Ring } from '../sim/ring';
import type { Micros } from '../sim/time';
import type { ClientFrame, Frame, HostFrame, HostId, RingFrame, SessionState } from './frame';
import type { WorldState } from './state';

/** What `memoLast` takes: a function of at most six keys. */
type Keys = [unknown?, unknown?, unknown?, unknown?, unknown?, unknown?];

/**
 * Remembers the last result of `fn` and returns it again while every key is identical (===). The keys
 * are held in six variables, not an array: a frame asks its memos eight times, and `arguments` (or a
 * rest parameter) made an object each time.
 */
function memoLast<K extends Keys, R>(fn: (...keys: K) => R): (...keys: K) => R {
  let k0: unknown, k1: unknown, k2: unknown, k3: unknown, k4: unknown, k5: unknown;
  let held = false;
  let last: R;
  const call = fn as unknown as (a: unknown, b: unknown, c: unknown, d: unknown, e: unknown, f: unknown) => R;
  return ((a: unknown, b: unknown, c: unknown, d: unknown, e: unknown, f: unknown): R => {
    if (held && a === k0 && b === k1 && c === k2 && d === k3 && e === k4 && f === k5) return last;
    k0 = a;
    k1 = b;
    k2 = c;
    k3 = d;
    k4 = e;
    k5 = f;
    held = true;
    last = call(a, b, c, d, e, f);
    return last;
  }) as unknown as (...keys: K) => R;
}

/** Strings of state values seen before (the lean runner shares one value per configuration). */
const STATE_STRINGS = new WeakMap<object, string>();

/** A state value as one string: `up.beating.sending/up.watching.peerAlive`. */
export function stateString(value: StateValue): string {
  if (typeof value === 'string') return value;
  let text = STATE_STRINGS.get(value);
  if (text === undefined) STATE_STRINGS.set(value, (text = valueString(value)));
  return text;
}

function valueString(value: Exclude<StateValue, string>): string {
  const parts: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const sub = child ? stateString(child as StateValue) : '';
    for (const leaf of sub.split('/')) parts.push(leaf ? `${key}.${leaf}` : key);
  }
  return parts.join('/');
}

/** `A:3`: the key of a host's port in the world's maps (made once per host and port). */
const PORT_KEYS: Record<HostId, string[]> = { A: [], B: [] };
function portKey(host: HostId, port: number): string {
  return (PORT_KEYS[host][port] ??= `${host}:${port}`);
}

function ring(r: Ring): RingFrame {
  return { size: r.size, reqProd: r.reqProd, rspProd: r.rspProd, outstanding: r.outstanding.length };
}

/** Host `id`'s event channel ports, each with when a frontend last notified it (they change with I/O only). */
function portsOf(w: WorldState, id: HostId): HostFrame['ports'] {
  return w.cast.channels[id].getSnapshot().context.ports.map((p) => ({
    port: p.port,
    name: p.name,
    frontend: p.frontend,
    backend: p.backend,
    pending: p.pending,
    masked: p.masked,
    held: p.held,
    notifies: p.notifies,
    lastNotifyAtUs: w.lastNotifyAtUs.get(portKey(id, p.port)) ?? null,
  }));
}

/** `A:netback`, `A:blkback`...: the keys of a host's backends in the world's map (made once). */
const BACKEND_KEYS = { A: { netback: 'A:netback', blkback: 'A:blkback' }, B: { netback: 'B:netback', blkback: 'B:blkback' } } as const;

function hostFrame(w: WorldState, id: HostId, ports: HostFrame['ports']): HostFrame {
  const host = w.cast.hosts[id].getSnapshot();
  const hv = w.cast.hypervisors[id].getSnapshot();
  const power = host.value === 'crashed' || host.value === 'fenced' || host.value === 'booting' ? host.value : 'up';
  const hvValue = hv.value as StateValue;
  const guestValue = typeof hvValue === 'object' && 'running' in hvValue ? (hvValue.running as Record<string, string>).guest : 'none';
  const logDirty = typeof hvValue === 'object' && 'running' in hvValue && (hvValue.running as Record<string, string>).logDirty === 'on';
  const peer = power === 'up' && stateString(host.value as StateValue).includes('peerSuspected') ? 'suspected' : 'alive';
  const hasVm = w.guests.host === id;
  return {
    id,
    power,
    peer,
    guest: (guestValue as HostFrame['guest']) ?? 'none',
    logDirty,
    ports,
    netbackDone: hv.context.netbackDone,
    blkbackDone: hv.context.blkbackDone,
    netbackAtUs: w.backendAtUs.get(BACKEND_KEYS[id].netback) ?? null,
    blkbackAtUs: w.backendAtUs.get(BACKEND_KEYS[id].blkback) ?? null,
    role: power !== 'up' ? power : hasVm ? 'primary' : w.guests.orphan?.host === id ? 'old primary, still running (split brain)' : 'standby',
  };
}

/** The client's figures at instant `t` (its stall counts the silence up to `t`). */
export function clientFrame(w: WorldState, t: Micros): ClientFrame {
  const snap = w.cast.client.getSnapshot();
  const c = snap.context;
  // A frame still missing counts up to now, or up to when the session was lost or reset.
  const missing = Math.max(0, Math.min(t, c.endedAtUs ?? t) - nextDueUs(c));
  const maxStallUs = Math.max(c.maxLateUs, missing);
  const last = lastClient.get(w);
  // Most instants change nothing the client shows: the previous frame's part is shared.
  if (last && last.snap === snap && last.frame.maxStallUs === maxStallUs && last.frame.intervalUs === w.clockPeriodUs) return last.frame;
  const frame = clientFigures(w, snap, maxStallUs);
  lastClient.set(w, { snap, frame });
  return frame;
}

const lastClient = new WeakMap<WorldState, { snap: unknown; frame: ClientFrame }>();

function clientFigures(w: WorldState, snap: ReturnType<WorldState['cast']['client']['getSnapshot']>, maxStallUs: Micros): ClientFrame {
  const c = snap.context;
  return {
    sessionState: snap.value as SessionState,
    shows: c.shows,
    showsUs: c.showsUs,
    intervalUs: w.clockPeriodUs,
    lastSeq: c.lastSeq,
    framesReceived: c.framesReceived,
    gaps: c.gaps,
    duplicates: c.duplicates,
    rollbacks: c.rollbacks,
    lastFrameAtUs: c.lastFrameAtUs,
    maxStallUs,
    lastNewFrameAtUs: c.lastNewFrameAtUs,
    lostBecause: c.lostBecause,
  };
}

/**
 * Each actor's state as a string. A snapshot changes with its context too, and most new snapshots are in
 * the state they were: each actor's string is found again only when its snapshot changed, and the record
 * is made anew only when a string changed (or an actor was added).
 */
function machinesProjector(w: WorldState): () => Readonly<Record<string, string>> {
  const snaps: unknown[] = [];
  const states: string[] = [];
  let machines: Record<string, string> = {};
  return () => {
    let i = 0;
    let changed = states.length !== w.actors.size;
    for (const actor of w.actors.values()) {
      const snap = actor.getSnapshot();
      if (snap !== snaps[i]) {
        snaps[i] = snap;
        const state = stateString(snap.value as StateValue);
        if (state !== states[i]) {
          states[i] = state;
          changed = true;
        }
      }
      i++;
    }
    if (!changed) return machines;
    const next: Record<string, string> = {};
    i = 0;
    for (const name of w.actors.keys()) next[name] = states[i++];
    machines = next;
    return machines;
  };
}

/**
 * Returns a projector for one world: `project(t, traceLength)` builds the frame of the world as it
 * stands at instant `t`, sharing unchanged parts with the previous frame.
 */
export function createProjector(w: WorldState): (t: Micros, traceLength: number) => Frame {
  // A host's ports change with its event channel and I/O, the rest with its machines (the hypervisor's at
  // every pause and resume of a checkpoint): the ports are kept apart, so that a new host part shares them.
  const portsMemo = {
    A: memoLast((_e: unknown, _io: number) => portsOf(w, 'A')),
    B: memoLast((_e: unknown, _io: number) => portsOf(w, 'B')),
  };
  const hostMemo = {
    A: memoLast((_h: unknown, _v: unknown, ports: HostFrame['ports'], _io: number, _vmHost: unknown, _orphanHost: unknown) => hostFrame(w, 'A', ports)),
    B: memoLast((_h: unknown, _v: unknown, ports: HostFrame['ports'], _io: number, _vmHost: unknown, _orphanHost: unknown) => hostFrame(w, 'B', ports)),
  };
  const hostOf = (id: HostId) =>
    hostMemo[id](w.cast.hosts[id].getSnapshot(), w.cast.hypervisors[id].getSnapshot(), portsMemo[id](w.cast.channels[id].getSnapshot(), w.ioVersion), w.ioVersion, w.guests.host, w.guests.orphan?.host ?? null);
  const linkMemo = memoLast((cut: boolean, _wireVersion: number) => ({
    state: cut ? ('cut' as const) : ('connected' as const),
    bandwidthBitsPerSec: w.wire.bandwidthBitsPerSec,
    latencyUs: w.wire.latencyUs,
    inFlight: w.wire.inFlight.map(({ id, kind, from, to, bytes, sentAtUs, arrivesAtUs }) => ({ id, kind, from, to, bytes, sentAtUs, arrivesAtUs })),
  }));
  const machinesNow = machinesProjector(w);
  const vmMemo = memoLast((vmSnap: { status: string; value: unknown; context: unknown }, host: HostId | null, dirtyPages: number) => {
    const vm = vmSnap.context as VmContext;
    return {
      host,
      state: vmSnap.status !== 'active' ? ('destroyed' as const) : (vmSnap.value as 'running' | 'paused'),
      pageCount: w.memory.pageCount,
      dirtyPages,
      clockSeq: vm.clockSeq,
      outputsIssued: vm.outputsIssued,
      net: ring(vm.net),
      blk: ring(vm.blk),
    };
  });
  const hostsMemo = memoLast((a: HostFrame, b: HostFrame) => ({ A: a, B: b }));
  const outputsMemo = memoLast((issued: number, left: number, toClient: number, diskWrites: number, lost: number) => ({ issued, left, toClient, diskWrites, lost }));

  return (t, traceLength) => {
    const vm = vmMemo(w.guests.live.actor.getSnapshot(), w.guests.host, w.memory.dirtyCount);
    const issued = vm.outputsIssued;
    const m = w.monitors;
    const protocol = w.protocol.frame();
    // With no copy running, whatever it issued and never left (from either copy) is lost, drops
    // included; else what was dropped for good. Ids, not departures: one re-sent after a takeover left twice.
    const lost = w.guests.host === null ? issued - m.idsLeft.countUpTo(issued) : m.outputsDropped;
    return {
      atUs: t,
      traceLength,
      hosts: hostsMemo(hostOf('A'), hostOf('B')),
      link: linkMemo(w.cast.link.getSnapshot().value === 'cut', w.wire.version),
      vm,
      client: clientFrame(w, t),
      publicNet: w.publicNet,
      outputs: outputsMemo(issued, m.outputsLeft, m.outputsToClient, m.diskWrites, lost),
      notes: w.notes,
      violations: w.violations,
      machines: machinesNow(),
      edgesTaken: w.edgeLog.takenAt(t),
      edgeCatalogue: w.edgeLog.catalogue,
      protocol,
      ...(w.params.requestsPerSec > 0 ? { requests: requestFigures(w.requests) } : {}),
    };
  };
}
