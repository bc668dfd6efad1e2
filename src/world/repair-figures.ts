/**
 * The repair cycle's figures: its state as one record (the protections so far, the resyncs, the
 * windows in which the VM had no backup), the frame it shows, its metrics (`metrics.repair`) and the
 * verdicts of every protection's rules taken together.
 * @see ./repair.ts
 */
import type { Micros } from '../sim/time';
import type { HostId } from './frame';
import { PEER } from './hosts';
import type { InvariantVerdict, ProtocolPart, ProtocolResult } from './port';
import type { ProtocolFrame } from './protocol-frame';
import { realWords, type Generation } from './repair-port';
import type { RepairFrame, ReplicationFrame } from './replication-frame';
import type { Resync } from './resync';
import type { WorldState } from './state';

/** One protection of the VM (a generation of the technique). */
export interface Protection {
  readonly g: Generation;
  readonly part: ProtocolPart;
  /** It took over (its backup runs the VM) or was replaced: it no longer protects anything. */
  spent: boolean;
}

/** The repair cycle's state. */
export interface Cycle {
  readonly gens: Protection[];
  readonly resyncs: Resync[];
  /** Windows in which the VM ran with no backup (`toUs` null: open). */
  readonly windows: { fromUs: Micros; toUs: Micros | null }[];
  failovers: number;
  restarts: number;
  /** Bumped at each change of the above that the frame shows. */
  version: number;
  /** When each host last came up after a restart, and when the last takeover was (-1: never). */
  readonly upAtUs: Record<HostId, Micros>;
  takeoverAtUs: Micros;
}

/** The cycle's frame maker: the protection in force's frame, with the repair's part (shared while nothing changed). */
export function repairFrames(w: WorldState, c: Cycle): () => ProtocolFrame {
  let last: { part: ProtocolFrame; version: number; resync: number; host: HostId | null; a: unknown; b: unknown; frame: ProtocolFrame } | null = null;
  return () => {
    const cur = c.gens[c.gens.length - 1];
    const part = cur.part.frame();
    // Before any failure, the technique's own frame, untouched.
    if (c.gens.length === 1 && c.windows.length === 0 && c.resyncs.length === 0) return part;
    const r = c.resyncs.length > 0 ? c.resyncs[c.resyncs.length - 1] : null;
    const host = w.guests.host;
    // (The hosts' snapshots are new objects only when a host changes state.)
    const a = w.cast.hosts.A.getSnapshot();
    const b = w.cast.hosts.B.getSnapshot();
    if (last && last.part === part && last.version === c.version && last.resync === (r?.version ?? -1) && last.host === host && last.a === a && last.b === b) return last.frame;
    const repair: RepairFrame = {
      generation: c.gens.length,
      failovers: c.failovers,
      resync: r && { from: r.from, to: r.to, round: r.engine.loop.round, pagesCopied: r.copied, pageCount: r.versions.length, startedAtUs: r.startedAtUs, endedAtUs: r.endedAtUs, outcome: r.outcome },
      unprotected: c.windows.map((x) => ({ fromUs: x.fromUs, toUs: x.toUs })),
    };
    const f = part as ReplicationFrame;
    // After a takeover the VM runs (or ran) on `host` alone. Until the failed host is restarted the
    // protection that took over tells it as it is (its primary down, its backup active); once that
    // host boots again (since the takeover) the frame says what it does, with the VM's host as primary.
    const other = host === null ? null : PEER[host];
    const state = other === null ? null : w.cast.hosts[other].getSnapshot().value;
    const repaired = other !== null && (state === 'booting' || (typeof state === 'object' && state !== null && c.upAtUs[other] >= c.takeoverAtUs && c.upAtUs[other] >= 0));
    let frame: ProtocolFrame;
    if (!cur.spent || !repaired) frame = { ...f, primaryHost: cur.g.map.A, repair };
    else {
      const backup = state === 'booting' ? 'booting' : r && r.outcome === 'running' && r.to === other ? 'resyncing' : 'empty';
      frame = { ...f, primaryHost: host!, primary: 'unprotected', backup, repair };
    }
    last = { part, version: c.version, resync: r?.version ?? -1, host, a, b, frame };
    return frame;
  };
}

/** The cycle's result: the first protection's metrics with `repair` beside them, and every protection's rules together. */
export function repairResult(c: Cycle, now: Micros): ProtocolResult {
  const results = c.gens.map((p) => ({ p, result: p.part.result() }));
  const invariants = new Map<string, InvariantVerdict>();
  for (const { p, result } of results) {
    for (const v of result.invariants) {
      // A rule holds if it held for every protection; a broken one keeps the words of the first that broke it.
      const verdict = { ...v, detail: realWords(p.g.map, v.detail) };
      const before = invariants.get(v.name);
      if (!before || (before.holds && !verdict.holds)) invariants.set(v.name, verdict);
    }
  }
  if (c.resyncs.length > 0) {
    const completed = c.resyncs.filter((r) => r.stale !== null);
    const stale = completed.reduce((sum, r) => sum + (r.stale ?? 0), 0);
    invariants.set('rejoined-copy-current', {
      name: 'rejoined-copy-current',
      holds: stale === 0,
      detail: stale === 0 ? `every repaired host became the backup with a complete, current copy (${completed.length} resynchronization(s))` : `${stale} page(s) of a repaired host's copy were stale when it became the backup`,
    });
  }
  const repair = {
    restarts: c.restarts,
    failovers: c.failovers,
    protections: c.gens.length,
    resyncs: c.resyncs.map((r) => ({ from: r.from, to: r.to, startedAtUs: r.startedAtUs, endedAtUs: r.endedAtUs, rounds: r.engine.loop.rounds.length, pagesSent: r.engine.loop.totalSent, outcome: r.outcome })),
    unprotectedUs: c.windows.map((x) => (x.toUs ?? now) - x.fromUs),
  };
  return { metrics: { ...results[0].result.metrics, repair }, invariants: [...invariants.values()] };
}
