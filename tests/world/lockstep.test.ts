/**
 * Lock-stepping (issue 15): every non-deterministic input logged and sent to B, which replays it and
 * acknowledges; the output rule; B replays to the end of the log and goes live; the test-and-set on
 * shared storage settles who goes live alone. Seeded runs pin their figures; properties over seeds,
 * workloads and crash instants of A: nothing lost, no rollback, every output left after the entries
 * before it were acknowledged (checked from the trace).
 * @see research/domain-facts.md §5 (lock-step); Scales, Nelson and Venkitachalam 2010 §2.2
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario, us, type Run } from '../support/replication';

const END_ON_FAILURE = { endOnFailure: true };

/**
 * The output rule from the trace and the public log: each network output host A put on the network left
 * at or after the acknowledgement (at A) of every entry logged at or before the instant it reached netback.
 */
function expectOutputRule(run: Run): number {
  const entries = run.find('log.entry', 'hostA.lockstep').map((e) => ({ seq: e.data.seq as number, at: e.at, pos: e.seq }));
  const ackedAt = new Map(run.find('log.acked', 'hostA.lockstep').map((e) => [e.data.seq as number, e.at]));
  const reached = new Map(run.find('netback.tx', 'hostA.hypervisor').map((e) => [e.data.output as number, e.seq]));
  let checked = 0;
  for (const mark of run.world.publicLog) {
    if (mark.from !== 'A' || mark.kind === 'request') continue;
    const pos = reached.get(mark.output)!;
    const before = entries.filter((e) => e.pos < pos);
    if (before.length === 0) continue;
    const last = before[before.length - 1].seq;
    // Acknowledgements are cumulative: the first at or above `last`.
    const ack = [...ackedAt.entries()].filter(([seq]) => seq >= last).map(([, at]) => at);
    expect(ack.length, `output ${mark.output}: entry ${last} never acknowledged`).toBeGreaterThan(0);
    expect(mark.sentAtUs, `output ${mark.output} left before entry ${last} was acknowledged`).toBeGreaterThanOrEqual(Math.min(...ack));
    checked++;
  }
  return checked;
}

describe('lock-stepping, seeded', () => {
  it('logs every input, holds each output for a round trip, and pins the figures of the default run', () => {
    const run = runScenario('lockstep', { untilUs: us(20) });
    const l = run.result.metrics.lockstep as { logEntries: number; logBytes: number; logBitsPerSec: number; replayLagUs: { mean: number; max: number }; outputsHeld: number; testAndSet: string | null };
    // 179 inputs in 20 s (clock ticks, packet and disk triggers, TCP acknowledgements and timeouts): 2.8 kbit/s.
    expect([l.logEntries, l.logBytes, l.outputsHeld, l.testAndSet]).toEqual([179, 7008, 96, null]);
    expect(l.logBitsPerSec).toBeCloseTo(2803.2, 6);
    // An entry reaches B one latency (100 µs) and its transmission later.
    expect(l.replayLagUs.max).toBe(101);
    const m = run.result.metrics.replication!;
    // An output waits for the acknowledgement of the entry logged at its instant: a round trip (2 × 100 µs + the entry on the wire).
    expect(m.addedLatencyUs.max).toBe(201);
    expect([m.bytesReplicated, m.guestPauseFraction]).toEqual([7008, 0]);
    expect(run.result.invariants.every((i) => i.holds)).toBe(true);
    expect(expectOutputRule(run)).toBe(95);
    // The first frame: the tick is entry 1 at 0 s, acknowledged at 201 µs, when the frame leaves; the client sees it 200 µs later.
    expect(run.find('frame.shown', 'client')[0].at).toBe(401);
  });

  it('a crash of A: B replays to the end of the log and goes live; nothing lost or rolled back; B won the test-and-set', () => {
    const run = runScenario('lockstep', { untilUs: us(8), params: { requestsPerSec: 20 }, faults: ['crash:A@5s'] });
    const m = run.result.metrics.replication!;
    expect([m.outputsLost, m.outputsRolledBack, m.failoverUs]).toEqual([0, 0, 200_100]);
    expect((run.result.metrics.lockstep as { testAndSet: string }).testAndSet).toBe('B');
    expect([run.result.vm.host, run.result.client.sessionState, run.result.client.rollbacks]).toEqual(['B', 'connected', 0]);
  });

  it('a cut link: the first host to declare the other dead wins the test-and-set and the other halts, so no split brain even without fencing', () => {
    const run = runScenario('lockstep', { untilUs: us(8), faults: ['cut:link@5s'] });
    expect(run.holds('no-split-brain')).toBe(true);
    expect((run.result.metrics.lockstep as { testAndSet: string }).testAndSet).toBe('A');
    expect(run.world.frameAt(us(8)).notes.some((n) => n.includes('fails: host A already went live alone'))).toBe(true);
    expect([run.result.vm.host, run.result.client.sessionState]).toEqual(['A', 'connected']);
  });
});

describe('lock-stepping, properties', () => {
  it('at any crash instant of A, over seeds and workloads: nothing lost or rolled back, the output rule from the trace', () => {
    let inFlight = 0;
    let resent = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom(0, 5, 40),
        fc.constantFrom(1, 4),
        fc.constantFrom(4, 30),
        // A crash at any instant, or just after an input was logged (its entry on its way, its outputs held).
        fc.oneof(fc.integer({ min: 100_000, max: 4_000_000 }).map((t) => `crash:A@${t}us`), fc.tuple(fc.integer({ min: 2, max: 40 }), fc.constantFrom(0, 120, 150, 180)).map(([n, d]) => `crash:A@entry:${n}+${d}us`)),
        (seed, requestsPerSec, clockHz, packetsPerSec, fault) => {
          const run = runScenario('lockstep', { seed, untilUs: 5_000_000, params: { requestsPerSec, clockHz, packetsPerSec }, faults: [fault] });
          const m = run.result.metrics.replication!;
          expect(m.outputsLost, 'lost').toBe(0);
          expect(m.outputsRolledBack, 'rolled back').toBe(0);
          expect(run.result.client.rollbacks).toBe(0);
          expect(run.holds('output-rule')).toBe(true);
          // (A phase the run never reached crashes nothing: the VM stays on A.)
          const crashed = run.world.frameAt(5_000_000).hosts.A.power === 'crashed';
          expect(run.result.vm.host).toBe(crashed ? 'B' : 'A');
          expectOutputRule(run);
          // The interesting branches: an entry still on its way when A died; outputs B's TCP sent again.
          const logged = run.find('log.entry', 'hostA.lockstep').length;
          const replayed = run.find('state.ack', 'hostB.lockstep').length;
          if (replayed < logged) inFlight++;
          if (run.world.frameAt(5_000_000).notes.some((n) => n.includes('its TCP sends again'))) resent++;
        },
      ),
      { numRuns: 60, ...END_ON_FAILURE },
    );
    expect(inFlight).toBeGreaterThan(0);
    expect(resent).toBeGreaterThan(0);
  }, 60_000);
});
