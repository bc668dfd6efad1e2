/**
 * COLO in the world: the proxy on host A that holds each of the primary VM's network outputs until the
 * secondary VM's counterpart arrives over the link, releases it at once when they match, and asks for a
 * checkpoint when they differ; the checkpoints (both VMs stopped, the primary's dirty pages and state
 * to B, resumed on B's acknowledgement, then the held output released); and the failover, in which the
 * secondary, which ran all along, goes on from where it is.
 *
 * The lab runs one guest. The secondary is modelled, not run: it produces each output the primary does,
 * one link latency later for a reply to a client request (the request is forwarded to it first) and at
 * the same instant otherwise, and its state is the primary's at the moment it produced its latest one.
 * When they differ is a seeded Poisson process (`divergencePerSec`): the first output the primary
 * produces after a divergence differs from the secondary's, until a checkpoint makes them equal again.
 * @see research/domain-facts.md §5 (COLO) and ./colo-figures.ts
 */
import type { BackupEmitted } from '../machines/backup.machine';
import { coloMachine, type ColoContext, type ColoEmitted } from '../machines/colo.machine';
import { PAGE_BYTES } from '../sim/memory';
import { createRandom } from '../sim/random';
import type { IoRequest } from '../sim/ring';
import { formatSpanForPeople, type Micros } from '../sim/time';
import { coloFrame, coloInvariants, coloMetrics, createColo, noteCompare, type ColoCheckpoint } from './colo-figures';
import type { HostId } from './frame';
import type { DeliveredMessage, Emitted, Installer } from './port';
import { checkpointBegins, checkpointTimes, createOutputBuffer, drain, holdPacket, releaseUpTo, releaseWhere } from './remus-buffer';
import {
  backupLive,
  captureDirty,
  createReplica,
  engineLive,
  failoverWords,
  outputLeft,
  pauseGuest,
  peerDead,
  primaryDown,
  receiveSync,
  recoveryPending,
  resendHeld,
  resumeGuest,
  routeBackupEvent,
  syncBytes,
  takeOver,
} from './replica';

export const installColo: Installer = (port) => {
  const { checkpointIntervalMs, divergencePerSec, latencyUs } = port.params;
  const memory = port.memory;
  const now = () => port.now();
  const divergence = createRandom(port.spec.seed).fork(`colo.divergence@${port.now()}`);
  const nextDivergence = (from: Micros): Micros => (divergencePerSec > 0 ? from + Math.max(1, Math.round(divergence.exponential(divergencePerSec / 1e6))) : Number.POSITIVE_INFINITY);
  const r = createReplica(port, port.make('hostA.colo', coloMachine, { checkpointIntervalMs }), 'hostB.colo');
  const c = createColo(r, createOutputBuffer(), nextDivergence(now()));
  c.lastCommitAtUs = now();
  const { out } = c;
  const engineState = () => r.engine.getSnapshot().value as 'comparing' | 'checkpointing' | 'unprotected';
  const protecting = () => engineLive(port, r) && engineState() !== 'unprotected' && r.generation === 0;
  /** True while the proxy itself puts a held output on the network (anything else that leaves A while protected breaks the rule). */
  let releasing = false;
  let capture: ColoCheckpoint | null = null;

  const sendFromA = (count: 'atOnce' | 'afterCheckpoint' | 'unprotected') => (request: IoRequest) => {
    c.status.delete(request.id);
    if (count === 'atOnce') c.releasedAtOnce++;
    if (count === 'afterCheckpoint') c.heldForCheckpoint++;
    if (!port.isUp('A')) return;
    releasing = true;
    port.releaseOutput(request, 'A');
    releasing = false;
  };

  /**
   * Releases the matched outputs that no earlier output of their connection waits before (the proxy
   * keeps each connection's order: the VNC stream's frames, and the other packets, apart).
   */
  function releaseMatched(): void {
    const blocked = new Set<string>();
    releaseWhere(
      out,
      (held) => {
        const stream = held.request.kind;
        if (blocked.has(stream)) return false;
        if (c.status.get(held.request.id) === 'matched') return true;
        blocked.add(stream);
        return false;
      },
      now(),
      sendFromA('atOnce'),
    );
  }

  /** The secondary produces its counterpart of output `request` (its state now the primary's) and sends it to A's proxy. */
  function secondaryProduces(request: IoRequest): void {
    if (!backupLive(port, r) || r.backup.getSnapshot().value !== 'standby' || r.generation !== 0 || engineState() !== 'comparing') return;
    r.holds = port.guestState();
    r.copy.set(memory.versions);
    port.send({ from: 'B', to: 'A', kind: 'colo.output', bytes: request.bytes, traffic: 'bulk', body: { output: request.id } });
  }

  /** The secondary's counterpart of `output` reached A's proxy: compare. */
  function compare(output: number): void {
    if (c.status.get(output) !== 'awaited' || engineState() !== 'comparing') return;
    const held = out.held.find((h) => h.request.id === output);
    if (!held) return;
    const match = held.producedAtUs < c.divergeAtUs;
    noteCompare(c, output, now(), match);
    if (match) {
      port.record('hostA.colo', 'compare.match', { output });
      c.status.set(output, 'matched');
      releaseMatched();
      return;
    }
    c.status.set(output, 'differs');
    c.mismatches++;
    port.record('hostA.colo', 'compare.mismatch', { n: c.mismatches, output });
    r.engine.send({ type: 'compare.mismatch' });
  }

  /** Checkpoint `n` begins: both VMs stop, and the primary's dirty pages and state go to B. */
  function beginCheckpoint(n: number): void {
    pauseGuest(port, r);
    const { pages, versions } = captureDirty(memory);
    capture = { checkpoint: n, pages, versions, restore: port.guestState() };
    checkpointBegins(out, n, now(), pages.length);
    const bytes = syncBytes(pages.length, PAGE_BYTES);
    r.bytes += bytes;
    port.record('hostA.colo', 'checkpoint.sent', { checkpoint: n, pages: pages.length });
    port.send({ from: 'A', to: 'B', kind: 'colo.checkpoint', bytes, traffic: 'bulk', body: { checkpoint: capture } });
  }

  /** B acknowledged checkpoint `n`: both VMs resume, equal again; what the proxy held is released. */
  function commit(n: number): void {
    resumeGuest(port, r);
    checkpointTimes(out, n, { resumeAtUs: now(), committedAtUs: now() });
    c.lastCommitAtUs = now();
    c.divergeAtUs = nextDivergence(now());
    releaseUpTo(out, n, now(), sendFromA('afterCheckpoint'));
  }

  function takeOverOnB(): void {
    const heldOnA = drain(out);
    c.status.clear();
    if (port.params.fencing && port.isUp('A')) c.bufferAtCrash = heldOnA;
    takeOver(port, r);
    // The secondary's TCP stack holds the segments the proxy never let out: it sends them again.
    const resent = resendHeld(port, r, c.bufferAtCrash);
    c.bufferAtCrash = [];
    port.note(
      `host B's secondary VM, which ran all along on the same inputs, goes on alone: its proxy stops dropping its output` +
        `${resent > 0 ? `, and its TCP sends again the ${resent} output(s) host A's proxy still held` : ''}, and it announces the VM's address (gratuitous ARP).` +
        failoverWords(r, now(), formatSpanForPeople),
    );
  }

  return {
    mayRestartVm: true,
    reprotects: true,

    route(_source: string, emitted: Emitted): boolean {
      const e = emitted as ColoEmitted | BackupEmitted;
      switch (e.type) {
        case 'checkpoint.pause':
          beginCheckpoint(e.checkpoint);
          return true;
        case 'checkpoint.commit':
          commit(e.checkpoint);
          return true;
        case 'protection.lost':
          if (e.checkpointing) resumeGuest(port, r);
          releaseUpTo(out, Number.MAX_SAFE_INTEGER, now(), sendFromA('unprotected'));
          c.status.clear();
          port.note("host A hears nothing from host B: its proxy lets out what it held, uncompared, and the primary runs on unprotected.");
          return true;
        default:
          return routeBackupEvent(port, e, 'colo.ack', (checkpoint) => ({ checkpoint }), takeOverOnB);
      }
    },

    delivered(m: DeliveredMessage): boolean {
      switch (m.kind) {
        case 'colo.output':
          if (port.isUp('A')) compare((m.body as { output: number }).output);
          return true;
        case 'colo.checkpoint': {
          const cp = (m.body as { checkpoint: ColoCheckpoint }).checkpoint;
          if (!backupLive(port, r) || r.backup.getSnapshot().value !== 'standby') return true;
          receiveSync(r, cp.checkpoint, cp.pages, cp.versions, cp.restore);
          checkpointTimes(out, cp.checkpoint, { arrivedAtUs: now() });
          r.backup.send({ type: 'state.arrived', sync: cp.checkpoint });
          return true;
        }
        case 'colo.ack':
          if (engineLive(port, r)) r.engine.send({ type: 'checkpoint.ack', checkpoint: (m.body as { checkpoint: number }).checkpoint });
          return true;
        default:
          return false;
      }
    },

    holdOutput(request: IoRequest, host: HostId): boolean {
      if (host !== 'A' || !protecting()) return false;
      const ctx = r.engine.getSnapshot().context as ColoContext;
      // During a checkpoint (the guest stopped, its backend still draining the ring) an output belongs to
      // the state that checkpoint carries: it leaves at its commit. Otherwise it waits for the next one at most.
      const epoch = engineState() === 'checkpointing' ? ctx.checkpoint : ctx.checkpoint + 1;
      if (!holdPacket(out, request, epoch, now())) {
        port.outputDropped(request);
        return true;
      }
      c.status.set(request.id, 'awaited');
      // A reply to a client request: the proxy forwarded the request, so the secondary answers one latency later.
      if (request.frame?.reply !== undefined && latencyUs > 0) port.at(now() + latencyUs, () => secondaryProduces(request));
      else secondaryProduces(request);
      return true;
    },

    outputLeft(request: IoRequest, host: HostId): void {
      outputLeft(r, request.id);
      if (host !== 'A' || r.generation !== 0 || request.kind === 'disk') return;
      c.networkLeftA.add(request.id);
      if (protecting() && !releasing) {
        c.unmatchedLeft++;
        port.violation('compare-before-release', `output ${request.id} left host A with no matching output from the secondary and no checkpoint`);
      }
    },

    peerDead: (h: HostId) => peerDead(port, r, h, () => r.engine.send({ type: 'backup.lost' })),
    recoveryPending: () => recoveryPending(port, r),

    hostDown(h: HostId): void {
      if (h === 'A' && r.crashAtUs === null && r.generation === 0) c.bufferAtCrash = [...out.held];
      if (h === 'A') primaryDown(r, now());
      if (h === 'B' && port.isUp('A')) port.note('host B is down, and the secondary VM with it: host A runs on unprotected once it notices.');
    },

    frame: () => coloFrame(port, c),

    result() {
      const m = coloMetrics(port, c);
      return { metrics: { replication: m }, invariants: coloInvariants(c, m) };
    },
  };
};
