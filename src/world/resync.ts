/**
 * Resynchronization after a repair: the host that rejoined gets a full copy of the running VM, live,
 * in pre-copy rounds (the migration's save loop and machine, ./precopy-engine.ts: one round engine for
 * both), while the VM runs on, unprotected, on the other host. The last round pauses the guest and
 * sends what is still dirty and the vCPU state; when the rejoined host reports a complete image, the
 * guest resumes and the technique protects it again (./repair.ts). A failure of either host, or of
 * the link, stops it: the VM runs on unprotected, or, if its host was the one to fail, is lost (the
 * rejoined host holds no complete copy).
 * @see research/domain-facts.md §1 (pre-copy) and ../scenarios/remus.ts (re-protection, as the model simplifies it)
 */
import { precopyMachine, type Batch, type PrecopyEmitted } from '../machines/precopy.machine';
import { CONTROL_MESSAGE_BYTES } from '../sim/link-model';
import { PAGE_BYTES, type GuestMemory } from '../sim/memory';
import type { Micros } from '../sim/time';
import type { HostId } from './frame';
import type { DeliveredMessage, Emitted, WorldPort } from './port';
import { createPrecopyEngine, type PrecopyEngine } from './precopy-engine';

export interface Resync {
  /** The actor of its round engine (`hostB.resync`). */
  readonly name: string;
  readonly from: HostId;
  readonly to: HostId;
  readonly engine: PrecopyEngine;
  /** The rejoined host's copy: each page's version, and whether it arrived at all. */
  readonly versions: Uint32Array;
  readonly has: Uint8Array;
  copied: number;
  readonly startedAtUs: Micros;
  endedAtUs: Micros | null;
  outcome: 'running' | 'complete' | 'aborted' | 'lost';
  /** At completion: pages of the rejoined host's image older than the VM's own (must be 0). */
  stale: number | null;
  /** Bumped at each change the frame shows. */
  version: number;
}

/** Message kinds of a resync on the link. */
const KINDS = new Set(['resync.reserve', 'resync.granted', 'resync.pages', 'resync.pages+vcpu', 'resync.image', 'resync.abort']);
export const isResyncMessage = (m: DeliveredMessage): boolean => KINDS.has(m.kind);

/** Starts copying the VM running on `from` (its memory `memory`) to `to`, which just rejoined. */
export function startResync(port: WorldPort, name: string, from: HostId, to: HostId, memory: GuestMemory): Resync {
  const p = port.params;
  const actor = port.make(name, precopyMachine, undefined);
  const engine = createPrecopyEngine(actor, memory, { policy: p.stopPolicy, rateLimit: p.rateLimit, skipRedirtied: p.skipRedirtied, linkBitsPerSec: p.bandwidthMbps * 1e6, downtimeLimitMs: p.downtimeLimitMs });
  const n = memory.pageCount;
  const r: Resync = { name, from, to, engine, versions: new Uint32Array(n), has: new Uint8Array(n), copied: 0, startedAtUs: port.now(), endedAtUs: null, outcome: 'running', stale: null, version: 0 };
  actor.start();
  engine.start(port.now());
  return r;
}

const running = (port: WorldPort, r: Resync) => r.outcome === 'running' && port.isUp(r.from) && r.engine.actor.getSnapshot().status === 'active';

function control(port: WorldPort, from: HostId, to: HostId, kind: string): void {
  port.send({ from, to, kind, bytes: CONTROL_MESSAGE_BYTES, traffic: 'control' });
}

/**
 * What the resync's round engine emitted; `complete` runs when the rejoined host holds a complete,
 * current image and the guest runs again. Returns false for events that are not the resync's.
 */
export function resyncRoute(port: WorldPort, r: Resync, memory: GuestMemory, e: Emitted, complete: () => void): boolean {
  const ev = e as PrecopyEmitted;
  const now = port.now();
  switch (ev.type) {
    case 'migration.reserve':
      control(port, r.from, r.to, 'resync.reserve');
      return true;
    case 'logdirty.enable':
      port.setLogDirty(r.from, true);
      return true;
    case 'batch.send': {
      const batch = ev.batch;
      const bytes = batch.pages.length * PAGE_BYTES + (batch.final ? PAGE_BYTES : 0);
      port.send({ from: r.from, to: r.to, kind: batch.final ? 'resync.pages+vcpu' : 'resync.pages', bytes, traffic: 'bulk', rateBitsPerSec: batch.rateBitsPerSec, body: { batch } }, () => {
        if (running(port, r)) r.engine.batchSent(port.now());
      });
      return true;
    }
    case 'guest.suspend':
      // The last round: the guest pauses (as for a checkpoint), then what is still dirty and the vCPU state go.
      port.pauseGuest(r.from);
      port.at(now, () => running(port, r) && r.engine.suspended(port.now()));
      return true;
    case 'migration.commit': {
      // The rejoined host holds every page at the version the paused guest has: it may protect it now.
      let stale = 0;
      for (let i = 0; i < r.versions.length; i++) if (!r.has[i] || r.versions[i] !== memory.versions[i]) stale++;
      r.stale = stale;
      r.outcome = 'complete';
      r.endedAtUs = now;
      r.version++;
      port.setLogDirty(r.from, false);
      port.resumeGuest(r.from);
      complete();
      return true;
    }
    case 'migration.aborted':
      if (ev.resumeGuest && port.isUp(r.from)) port.resumeGuest(r.from);
      port.setLogDirty(r.from, false);
      control(port, r.from, r.to, 'resync.abort');
      return true;
    case 'round.start':
    case 'round.end':
    case 'precopy.stop':
      r.version++;
      return true;
    default:
      return false;
  }
}

/** A resync message arrived (the world delivers only to a host that is up). */
export function resyncDelivered(port: WorldPort, r: Resync, m: DeliveredMessage): void {
  switch (m.kind) {
    case 'resync.reserve':
      control(port, r.to, r.from, 'resync.granted');
      return;
    case 'resync.granted':
      if (running(port, r)) r.engine.granted(port.now());
      return;
    case 'resync.pages':
    case 'resync.pages+vcpu': {
      if (r.outcome !== 'running') return;
      const batch = (m.body as { batch: Batch }).batch;
      for (let i = 0; i < batch.pages.length; i++) {
        const page = batch.pages[i];
        if (!r.has[page]) {
          r.has[page] = 1;
          r.copied++;
        }
        r.versions[page] = batch.versions[i];
      }
      r.version++;
      if (batch.final) control(port, r.to, r.from, 'resync.image');
      return;
    }
    case 'resync.image':
      if (running(port, r)) r.engine.imageComplete(port.now());
      return;
    default:
    // resync.abort: the rejoined host drops its partial copy (nothing to do: it never runs it).
  }
}

/** Stops a resync that is running: `outcome` says why (the rejoined host or the link failed: aborted; the VM's host failed: lost). */
export function endResync(port: WorldPort, r: Resync, outcome: 'aborted' | 'lost', reason: string): void {
  if (r.outcome !== 'running') return;
  r.outcome = outcome;
  r.endedAtUs = port.now();
  r.version++;
  if (outcome === 'aborted' && r.engine.actor.getSnapshot().status === 'active') r.engine.abort(port.now(), reason);
}
