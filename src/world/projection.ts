/**
 * Projects the world's actors into a Frame: plain data the view can draw. Reads snapshots only;
 * changes nothing.
 */
import type { Actor, AnyActorLogic, StateValue } from 'xstate';
import type { ClientContext } from '../machines/client.machine';
import type { EventChannelContext } from '../machines/event-channel.machine';
import type { HypervisorContext } from '../machines/hypervisor.machine';
import type { LinkContext } from '../machines/link.machine';
import type { VmContext } from '../machines/vm.machine';
import type { GuestMemory } from '../sim/memory';
import type { Ring } from '../sim/ring';
import { stallUs } from '../sim/client-rules';
import type { Micros } from '../sim/time';
import type { ClientFrame, EdgeCatalogue, Frame, HostFrame, HostId, PublicMark, RingFrame, SessionState, Violation } from './frame';
import type { Monitors } from './world';
import type { ProtocolFrame } from './kernel';

type AnyActor = Actor<AnyActorLogic>;

/** What the projection reads: the world's actors and bookkeeping. */
export interface WorldView {
  readonly hosts: Record<HostId, AnyActor>;
  readonly hypervisors: Record<HostId, AnyActor>;
  readonly channels: Record<HostId, AnyActor>;
  readonly vm: AnyActor;
  readonly link: AnyActor;
  readonly client: AnyActor;
  readonly actors: ReadonlyMap<string, AnyActor>;
  readonly memory: GuestMemory;
  readonly state: {
    readonly vmHost: HostId | null;
    readonly orphanHost: HostId | null;
    readonly notes: readonly string[];
    readonly violations: readonly Violation[];
    readonly publicNet: readonly PublicMark[];
    readonly lastNotifyAtUs: ReadonlyMap<string, Micros>;
    readonly backendAtUs: ReadonlyMap<string, Micros>;
  };
  readonly monitors: Monitors;
  readonly clockPeriodUs: Micros;
  /** Bumped whenever `lastNotifyAtUs` or `backendAtUs` change, so unchanged hosts are not rebuilt. */
  readonly ioVersion: () => number;
  /** The running protocol's part of the frame. */
  readonly protocolFrame: () => ProtocolFrame;
  /** The transitions taken (src/world/edge-log.ts). */
  readonly edgeLog: { takenAt(t: Micros): readonly number[]; readonly catalogue: EdgeCatalogue };
}

/**
 * Remembers the last result of `fn` and returns it again while every key is identical (===).
 * Frames recorded at consecutive instants then share everything that did not change.
 */
function memoLast<K extends unknown[], R>(fn: (...keys: K) => R): (...keys: K) => R {
  let lastKeys: K | undefined;
  let lastResult: R;
  return (...keys: K) => {
    if (lastKeys && keys.length === lastKeys.length && keys.every((k, i) => k === lastKeys![i])) return lastResult;
    lastKeys = keys;
    lastResult = fn(...keys);
    return lastResult;
  };
}

/** A state value as one string: `up.beating.waiting/up.watching.peerAlive`. */
export function stateString(value: StateValue): string {
  if (typeof value === 'string') return value;
  const parts: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const sub = child ? stateString(child as StateValue) : '';
    for (const leaf of sub.split('/')) parts.push(leaf ? `${key}.${leaf}` : key);
  }
  return parts.join('/');
}

function ring(r: Ring): RingFrame {
  return { size: r.size, reqProd: r.reqProd, rspProd: r.rspProd, outstanding: r.outstanding.length };
}

function hostFrame(view: WorldView, id: HostId): HostFrame {
  const host = view.hosts[id].getSnapshot();
  const hv = view.hypervisors[id].getSnapshot();
  const ev = view.channels[id].getSnapshot().context as EventChannelContext;
  const hvCtx = hv.context as HypervisorContext;
  const power = host.value === 'crashed' ? 'crashed' : host.value === 'fenced' ? 'fenced' : 'up';
  const hvValue = hv.value as StateValue;
  const guestValue = typeof hvValue === 'object' && 'running' in hvValue ? (hvValue.running as Record<string, string>).guest : 'none';
  const logDirty = typeof hvValue === 'object' && 'running' in hvValue && (hvValue.running as Record<string, string>).logDirty === 'on';
  const peer = power === 'up' && stateString(host.value as StateValue).includes('peerSuspected') ? 'suspected' : 'alive';
  const hasVm = view.state.vmHost === id;
  return {
    id,
    power,
    peer,
    guest: (guestValue as HostFrame['guest']) ?? 'none',
    logDirty,
    ports: ev.ports.map((port) => ({ ...port, lastNotifyAtUs: view.state.lastNotifyAtUs.get(`${id}:${port.port}`) ?? null })),
    netbackDone: hvCtx.netbackDone,
    blkbackDone: hvCtx.blkbackDone,
    netbackAtUs: view.state.backendAtUs.get(`${id}:netback`) ?? null,
    blkbackAtUs: view.state.backendAtUs.get(`${id}:blkback`) ?? null,
    role: power !== 'up' ? power : hasVm ? 'primary' : view.state.orphanHost === id ? 'old primary, still running (split brain)' : 'standby',
  };
}

/** The client's figures at instant `t` (its stall counts the silence up to `t`). */
export function clientFrame(view: WorldView, t: Micros): ClientFrame {
  const snap = view.client.getSnapshot();
  const c = snap.context as ClientContext;
  const silence = t - c.lastNewFrameAtUs;
  return {
    sessionState: snap.value as SessionState,
    shows: c.shows,
    lastSeq: c.lastSeq,
    framesReceived: c.framesReceived,
    gaps: c.gaps,
    duplicates: c.duplicates,
    rollbacks: c.rollbacks,
    lastFrameAtUs: c.lastFrameAtUs,
    maxStallUs: stallUs(Math.max(c.maxIntervalUs, silence), view.clockPeriodUs),
  };
}

/**
 * Returns a projector for one world: `project(t, traceLength)` builds the frame of the world as it
 * stands at instant `t`, sharing unchanged parts with the previous frame.
 */
export function createProjector(view: WorldView): (t: Micros, traceLength: number) => Frame {
  const hostMemo = {
    A: memoLast((_h: unknown, _v: unknown, _e: unknown, _io: number, _vmHost: unknown, _orphanHost: unknown) => hostFrame(view, 'A')),
    B: memoLast((_h: unknown, _v: unknown, _e: unknown, _io: number, _vmHost: unknown, _orphanHost: unknown) => hostFrame(view, 'B')),
  };
  const hostOf = (id: HostId) =>
    hostMemo[id](view.hosts[id].getSnapshot(), view.hypervisors[id].getSnapshot(), view.channels[id].getSnapshot(), view.ioVersion(), view.state.vmHost, view.state.orphanHost);
  const linkMemo = memoLast((snap: { value: unknown; context: unknown }) => {
    const ctx = snap.context as LinkContext;
    return {
      state: snap.value === 'cut' ? ('cut' as const) : ('connected' as const),
      bandwidthBitsPerSec: ctx.bandwidthBitsPerSec,
      latencyUs: ctx.latencyUs,
      inFlight: ctx.inFlight.map(({ id, kind, from, to, bytes, sentAtUs, arrivesAtUs }) => ({ id, kind, from, to, bytes, sentAtUs, arrivesAtUs })),
    };
  });
  // Each actor's state as a string, rebuilt only when some actor's snapshot changed (or an actor was
  // replaced: a takeover starts a new copy of the VM under the same name).
  let lastSnaps: unknown[] = [];
  let machines: Record<string, string> = {};
  const machinesNow = (): Readonly<Record<string, string>> => {
    let i = 0;
    let changed = lastSnaps.length !== view.actors.size;
    if (!changed) for (const actor of view.actors.values()) if (actor.getSnapshot() !== lastSnaps[i++]) { changed = true; break; }
    if (!changed) return machines;
    const next: Record<string, string> = {};
    const snaps: unknown[] = [];
    for (const [name, actor] of view.actors) {
      const snap = actor.getSnapshot();
      next[name] = snap === lastSnaps[snaps.length] && name in machines ? machines[name] : stateString(snap.value as StateValue);
      snaps.push(snap);
    }
    lastSnaps = snaps;
    machines = next;
    return machines;
  };
  const vmMemo = memoLast((vmSnap: { status: string; value: unknown; context: unknown }, host: HostId | null, dirtyPages: number) => {
    const vm = vmSnap.context as VmContext;
    return {
      host,
      state: vmSnap.status !== 'active' ? ('destroyed' as const) : (vmSnap.value as 'running' | 'paused'),
      pageCount: view.memory.pageCount,
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
    const vm = vmMemo(view.vm.getSnapshot(), view.state.vmHost, view.memory.dirtyCount);
    const issued = vm.outputsIssued;
    const m = view.monitors;
    const protocolPart = view.protocolFrame();
    const lost = view.state.vmHost === null ? issued - m.outputsLeft : 0;
    return {
      atUs: t,
      traceLength,
      hosts: hostsMemo(hostOf('A'), hostOf('B')),
      link: linkMemo(view.link.getSnapshot()),
      vm,
      client: clientFrame(view, t),
      publicNet: view.state.publicNet,
      outputs: outputsMemo(issued, m.outputsLeft, m.outputsToClient, m.diskWrites, lost),
      notes: view.state.notes,
      violations: view.state.violations,
      machines: machinesNow(),
      edgesTaken: view.edgeLog.takenAt(t),
      edgeCatalogue: view.edgeLog.catalogue,
      migration: protocolPart.migration ?? null,
      replication: protocolPart.replication ?? null,
    };
  };
}
