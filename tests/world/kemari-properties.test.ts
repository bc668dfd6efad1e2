/**
 * Properties of the Kemari takeover over random seeds, I/O rates (packets, disk writes, xclock
 * redraws), dirty rates, hot sets and crash or cut times, checked both by the run's own invariant
 * verdicts and directly from the trace:
 * - sync-before-output: every output that reaches a backend on host A follows the release of an
 *   acknowledged synchronization for its port whose state had already issued it;
 * - failover: no output lost, and any duplicate is a request of B's restored rings re-issued at the
 *   takeover (the pending event), at most one duplicate frame for the client;
 * - the client's stall stays under a second whatever the crash time (default parameters);
 * - no I/O, no synchronization: with only the xclock, one sync per redraw, at the redraw;
 * - split brain: reported without fencing, impossible with it.
 * @see research/domain-facts.md §4 and §7 (Kemari invariants 1–4); ../../shared/DESIGN.md §5
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/sim/trace';
import { backendOutputs, faultAt, framesResent, issuedBefore, lastBefore, portOf, runScenario, type Run } from '../support/replication';

/** Runs after the crash: detection (300 ms) + takeover + a couple of redraws on B. */
const AFTER_CRASH_US = 2_500_000;
/** A failure is reported without shrinking, to keep the suite fast. */
const END_ON_FAILURE = { endOnFailure: true };

interface Workload {
  seed: number;
  packetsPerSec: number;
  diskWritesPerSec: number;
  clockHz: number;
  dirtyPagesPerSec: number;
  hotSetPages: number;
}

const workloadArb: fc.Arbitrary<Workload> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  packetsPerSec: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 60 })),
  diskWritesPerSec: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })),
  clockHz: fc.constantFrom(0.5, 1, 2, 4, 10),
  dirtyPagesPerSec: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20_000 })),
  hotSetPages: fc.integer({ min: 1, max: 4096 }),
});

const paramsOf = ({ seed: _seed, ...params }: Workload) => params;

/** Output id of a backend event. */
const idOf = (e: TraceEvent) => e.data.output as number;

/**
 * Sync-before-output, from the trace: each output that reached a backend on host A before any
 * takeover follows (1) the release of a synchronization started for its port, (2) B's
 * acknowledgement of that synchronization, delivered to A at the release, and (3) the output was
 * issued before that synchronization started, so B's copy holds the state that issued it.
 */
function expectSyncBeforeOutput(run: Run): number {
  const takeover = run.first('takeover', 'hostB.kemari');
  const limit = takeover?.seq ?? Number.POSITIVE_INFINITY;
  const starts = new Map(run.find('sync.start', 'hostA.kemari').map((e) => [e.data.sync as number, e]));
  const acks = new Map(run.find('state.ack', 'hostB.kemari').map((e) => [e.data.sync as number, e]));
  const issued = issuedBefore(run);
  let checked = 0;
  for (const out of backendOutputs(run, 'A').filter((e) => e.seq < limit)) {
    const port = portOf(out);
    const release = lastBefore(run.events, out.seq, (e) => e.actor === 'hostA.kemari' && e.type === 'sync.release' && e.data.port === port);
    expect(release, `output ${idOf(out)} left host A with no synchronization released for port ${port} before it`).toBeDefined();
    const sync = release!.data.sync as number;
    const start = starts.get(sync)!;
    expect(start.data.port).toBe(port);
    expect(acks.get(sync)?.seq ?? Number.POSITIVE_INFINITY).toBeLessThan(release!.seq);
    const ackDelivered = lastBefore(run.events, release!.seq, (e) => e.type === 'link.delivered' && e.data.kind === 'sync.ack' && e.data.to === 'A');
    expect(ackDelivered?.at).toBe(release!.at);
    expect(idOf(out), `output ${idOf(out)} is not in the state of synchronization #${sync}`).toBeLessThanOrEqual(issued(start.seq));
    checked++;
  }
  return checked;
}

/**
 * The requests outstanding in the rings of the state synchronization `sync` carried: issued before
 * it started and not yet performed by a backend on host A (the rings B rebuilds its backends from).
 */
function restoredRequests(run: Run, sync: number): Map<number, 3 | 4> {
  const start = run.find('sync.start', 'hostA.kemari').find((e) => e.data.sync === sync);
  if (!start) return new Map();
  const performed = new Set(backendOutputs(run, 'A').filter((e) => e.seq < start.seq).map(idOf));
  const out = new Map<number, 3 | 4>();
  for (const e of run.events) {
    if (e.seq >= start.seq) break;
    if (e.type === 'frontend.notify' && e.actor === 'vm' && !performed.has(e.data.output as number)) out.set(e.data.output as number, e.data.port === 4 ? 4 : 3);
  }
  return out;
}

/** After a crash of A: nothing lost, and every duplicate is a request of B's restored rings re-issued at the takeover. */
function expectAtLeastOnceFailover(run: Run): void {
  const { client } = run.result;
  const m = run.result.metrics.replication!;
  const takeover = run.first('takeover', 'hostB.kemari');
  expect(takeover).toBeDefined();
  expect(m.outputsLost).toBe(0);
  expect(client.gaps).toBe(0);
  expect(client.rollbacks).toBe(0);
  // One takeover: at most the pending frame twice, and the frames B's TCP sent again (it resumed with them unacknowledged).
  const resent = framesResent(run);
  expect(client.duplicates).toBeLessThanOrEqual(1 + resent);
  for (const name of ['no-output-lost-on-failover', 'no-rollback-on-failover', 'client-never-rolls-back', 'sync-before-output', 'no-split-brain', 'single-active-instance']) {
    expect(run.holds(name), name).toBe(true);
  }
  // The state B resumed from: the last synchronization it acknowledged before taking over.
  const held = lastBefore(run.events, takeover!.seq, (e) => e.actor === 'hostB.kemari' && e.type === 'state.ack');
  const sync = (held?.data.sync as number | undefined) ?? 0;
  const restored = restoredRequests(run, sync);
  const onA = new Set(backendOutputs(run, 'A').map(idOf));
  const onB = backendOutputs(run, 'B');
  const duplicates = onB.filter((e) => onA.has(idOf(e)));
  expect(duplicates.length).toBe(m.outputsDuplicated);
  for (const d of duplicates) {
    expect(restored.has(idOf(d)), `output ${idOf(d)} left twice but was not pending in synchronization #${sync}`).toBe(true);
    expect(d.at).toBe(takeover!.at);
  }
  for (const port of [3, 4] as const) {
    const pendingOnRing = [...restored.values()].filter((p) => p === port).length;
    expect(duplicates.filter((d) => portOf(d) === port).length).toBeLessThanOrEqual(pendingOnRing);
  }
  // At least once: every output of the state B resumed from left one host or the other.
  const issued = issuedBefore(run)(run.find('sync.start', 'hostA.kemari').find((e) => e.data.sync === sync)?.seq ?? 0);
  const onBIds = new Set(onB.map(idOf));
  for (let id = 1; id <= issued; id++) expect(onA.has(id) || onBIds.has(id), `output ${id} never left`).toBe(true);
}

describe('kemari properties', { timeout: 30_000 }, () => {
  it('every output reaching a backend on A follows an acknowledged synchronization holding it; after a crash of A nothing is lost and duplicates are the re-issued pending event', () => {
    fc.assert(
      fc.property(workloadArb, fc.integer({ min: 300_000, max: 3_500_000 }), (w, crashAtUs) => {
        const run = runScenario('kemari', { seed: w.seed, untilUs: crashAtUs + AFTER_CRASH_US, params: paramsOf(w), faults: [faultAt('crash:A', crashAtUs)] });
        expect(run.holds('sync-before-output')).toBe(true);
        expect(expectSyncBeforeOutput(run)).toBeGreaterThan(0);
        expectAtLeastOnceFailover(run);
      }),
      { ...END_ON_FAILURE, numRuns: 30 },
    );
  });

  it('with default parameters the client stalls under a second whatever the crash time of A, and stays connected', () => {
    // Crash instants anywhere, and close around the redraws (k s, give or take a few µs).
    const crashArb = fc.oneof(
      fc.integer({ min: 1, max: 4_000_000 }),
      fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: -10, max: 1_000 })).map(([k, d]) => k * 1_000_000 + d),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), crashArb, (seed, crashAtUs) => {
        const run = runScenario('kemari', { seed, untilUs: crashAtUs + AFTER_CRASH_US, faults: [faultAt('crash:A', crashAtUs)] });
        const { client } = run.result;
        expect(client.maxStallUs).toBeLessThan(1_000_000);
        expect(client.sessionState).toBe('connected');
        expect(client.gaps).toBe(0);
        expect(client.rollbacks).toBe(0);
      }),
      { ...END_ON_FAILURE, numRuns: 30 },
    );
  });

  it('at clockHz=10 a takeover at any instant costs the client a frame between 50 ms and 1 s late, and the session stays connected', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 200_000, max: 4_000_000 }), (seed, crashAtUs) => {
        const run = runScenario('kemari', { seed, untilUs: crashAtUs + AFTER_CRASH_US, params: { clockHz: 10 }, faults: [faultAt('crash:A', crashAtUs)] });
        const { client } = run.result;
        expect(run.first('takeover', 'hostB.kemari')).toBeDefined();
        expect(client.maxStallUs).toBeGreaterThanOrEqual(50_000);
        expect(client.maxStallUs).toBeLessThan(1_000_000);
        expect(client.sessionState).toBe('connected');
        expect(client.rollbacks).toBe(0);
      }),
      { ...END_ON_FAILURE, numRuns: 20 },
    );
  });

  it('with no I/O but the xclock, every synchronization starts at a redraw (or a TCP retransmission of a frame held too long), one per frame sent, and each releases one event', () => {
    let oneOutputPerRelease = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom(0.5, 1, 2, 5),
        fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50_000 })),
        fc.integer({ min: 1, max: 8192 }),
        (seed, clockHz, dirtyPagesPerSec, hotSetPages) => {
          const untilUs = 3_000_000;
          const run = runScenario('kemari', { seed, untilUs, params: { packetsPerSec: 0, diskWritesPerSec: 0, clockHz, dirtyPagesPerSec, hotSetPages } });
          const redraws = run.find('xclock.redrawn', 'vm');
          const starts = run.find('sync.start', 'hostA.kemari');
          const releases = run.find('sync.release', 'hostA.kemari');
          // A sync slower than TCP's retransmission timeout (200 ms) has the guest's TCP send the frame again: an output too.
          const resends = run.find('tcp.retransmit', 'vm');
          const resent = framesResent(run);
          // No sync between two outputs: each starts at the instant of a redraw or a retransmission, or,
          // for an output that came with another (a redraw and a retransmission at one resume), when
          // the sync before it is acknowledged and released (it waited its turn).
          const outputAt = new Set([...redraws, ...resends, ...releases].map((e) => e.at));
          for (const s of starts) expect(outputAt.has(s.at), `sync #${s.data.sync} at ${s.at} µs is not at a redraw, a retransmission or a release`).toBe(true);
          expect(starts.length).toBe(redraws.length + resent);
          expect(run.result.metrics.replication!.syncs).toBe(redraws.length + resent);
          // One event per sync: each sync is released once (the last may still be in flight at the
          // end), and each release lets exactly one output (the frame) reach a backend on A.
          expect(releases.map((e) => e.data.sync)).toEqual(starts.slice(0, releases.length).map((e) => e.data.sync));
          expect(starts.length - releases.length).toBeLessThanOrEqual(1);
          const outputs = backendOutputs(run, 'A');
          if (resent === 0) {
            oneOutputPerRelease++;
            expect(outputs.length).toBe(releases.length);
            outputs.forEach((o, i) => {
              expect(o.seq).toBeGreaterThan(releases[i].seq);
              expect(o.at).toBe(releases[i].at);
            });
          } else {
            // A redraw and a retransmission issued at one resume are both in the state the first sync
            // carries: its release lets both reach the backend, and the second's own release finds none.
            for (const o of outputs) expect(releases.some((r) => r.at === o.at && r.seq < o.seq), `output at ${o.at} µs follows no release`).toBe(true);
            expect(outputs.length).toBeLessThanOrEqual(redraws.length + resent);
          }
          // Nothing but heartbeats and these syncs crossed the link.
          const kinds = new Set(run.world.linkLog.map((m) => m.kind));
          expect([...kinds].sort()).toEqual(['heartbeat', 'sync', 'sync.ack']);
          expect(run.world.linkLog.filter((m) => m.kind === 'sync').length).toBe(starts.length);
        },
      ),
      { ...END_ON_FAILURE, numRuns: 15 },
    );
    // The exact check (one output per release, at it) ran: no frame was retransmitted in about 9 runs in 10.
    expect(oneOutputPerRelease).toBeGreaterThan(5);
  });

  it('a cut link causes split brain without fencing (reported and named) and never with it (no rollback either)', () => {
    fc.assert(
      fc.property(workloadArb, fc.integer({ min: 200_000, max: 3_000_000 }), fc.constantFrom(0, 10, 50, 200), (w, cutAtUs, fenceMs) => {
        const opts = { seed: w.seed, untilUs: cutAtUs + AFTER_CRASH_US, faults: [faultAt('cut:link', cutAtUs)] };
        const open = runScenario('kemari', { ...opts, params: { ...paramsOf(w), fencing: false } });
        expect(open.holds('no-split-brain')).toBe(false);
        expect(open.world.frameAt(open.spec.untilUs).violations.map((v) => v.name)).toContain('no-split-brain');

        const fenced = runScenario('kemari', { ...opts, params: { ...paramsOf(w), fencing: true, fenceMs } });
        expect(fenced.holds('no-split-brain')).toBe(true);
        expect(fenced.holds('single-active-instance')).toBe(true);
        expect(fenced.holds('sync-before-output')).toBe(true);
        expect(fenced.world.frameAt(fenced.spec.untilUs).violations.map((v) => v.name)).not.toContain('no-split-brain');
        expect(fenced.world.frameAt(fenced.spec.untilUs).hosts.A.power).toBe('fenced');
        expect(fenced.result.client.rollbacks).toBe(0);
        expect(fenced.result.client.sessionState).toBe('connected');
      }),
      { ...END_ON_FAILURE, numRuns: 15 },
    );
  });
});
