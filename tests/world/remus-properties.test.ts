/**
 * Properties of Remus over random seeds, epochs (5–200 ms), dirty rates, hot sets, I/O rates and
 * crash times of host A, checked from the run's invariant verdicts and directly from its trace:
 * - output commit: no output leaves A before the checkpoint holding the state that issued it is
 *   acknowledged (and it leaves at the commit of the epoch that buffered it);
 * - releases in FIFO order; the backup's disk only gets writes of acknowledged checkpoints;
 * - failover: B resumes exactly the state of the last checkpoint it acknowledged, never one A had not
 *   finished sending, resends what that state sent but A held back, and the client never rolls back;
 * - checkpoints never overlap: pause k+1 = max(pause k + epoch, commit k), exactly.
 * @see research/domain-facts.md §3 and §7 (Remus invariants 1–5); ../../shared/DESIGN.md §5
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { faultAt, framesResent, replicationPart, runScenario, type Run } from '../support/replication';
import { remusTimeline } from '../support/remus-trace';

/** Detection (300 ms), takeover, and B's first redraw (within a second of the crash at 1 Hz). */
const AFTER_CRASH_US = 1_500_000;
/** Enough runs to cover the space in a few seconds; a failure is reported without shrinking, to stay fast. */
const RUNS = { numRuns: 25, endOnFailure: true };

interface Case {
  seed: number;
  epochUs: number;
  dirtyPagesPerSec: number;
  hotSetPages: number;
  packetsPerSec: number;
  diskWritesPerSec: number;
  clockHz: number;
  crashAtUs: number;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  // Whole µs, so that the epoch in ms is exact.
  epochUs: fc.integer({ min: 5_000, max: 200_000 }),
  dirtyPagesPerSec: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 5_000, max: 200_000 })),
  // Up to 8192 pages: a checkpoint of 268 ms at 1 Gbit/s, longer than any epoch.
  hotSetPages: fc.integer({ min: 1, max: 8192 }),
  packetsPerSec: fc.integer({ min: 0, max: 60 }),
  diskWritesPerSec: fc.integer({ min: 0, max: 20 }),
  clockHz: fc.constantFrom(1, 2, 4),
  crashAtUs: fc.integer({ min: 400_000, max: 2_500_000 }),
});

function remus(c: Case, crash = true): Run {
  const { seed, epochUs, crashAtUs, ...rest } = c;
  return runScenario('remus', {
    seed,
    untilUs: crash ? crashAtUs + AFTER_CRASH_US : 3_000_000,
    params: { ...rest, epochMs: epochUs / 1000 },
    faults: crash ? [faultAt('crash:A', crashAtUs)] : [],
  });
}

/** Output commit and FIFO release, from the trace and the public network's log. */
function expectOutputCommit(run: Run, crashAtUs: number): void {
  const t = remusTimeline(run);
  // A commits checkpoint k when the k-th ack reaches it.
  t.commits.forEach((c, i) => {
    expect(c.data.checkpoint).toBe(i + 1);
    expect(c.at).toBe(t.acks[i].at);
  });
  const commitAt = (k: number) => t.commits[k - 1]?.at;
  const fromA = run.world.publicLog.filter((p) => p.from === 'A');
  // Releases in order: ids only grow.
  fromA.forEach((p, i) => i > 0 && expect(p.output).toBeGreaterThan(fromA[i - 1].output));
  const releasedAt = new Map(fromA.map((p) => [p.output, p.sentAtUs]));
  for (const tx of run.find('netback.tx', 'hostA.hypervisor')) {
    const id = tx.data.output as number;
    const state = t.stateCheckpointOf(id);
    const buffered = t.bufferCheckpointOf(tx);
    expect(state).toBeLessThanOrEqual(buffered);
    const at = releasedAt.get(id);
    if (at === undefined) {
      // Held back: its epoch was not acknowledged before A died.
      expect(commitAt(buffered) === undefined || commitAt(buffered)! >= crashAtUs).toBe(true);
      continue;
    }
    expect(at, `output ${id} left before checkpoint ${state} (its state) was acknowledged`).toBeGreaterThanOrEqual(commitAt(state) ?? Number.POSITIVE_INFINITY);
    expect(at, `output ${id} of epoch ${buffered} left at another instant than its commit`).toBe(commitAt(buffered));
  }
}

describe('remus properties', { timeout: 30_000 }, () => {
  it('releases no output before its checkpoint is acknowledged, releases in order, and keeps the backup disk committed-only', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const run = remus(c);
        expect(run.holds('output-commit')).toBe(true);
        expect(run.holds('release-in-order')).toBe(true);
        expect(run.holds('backup-disk-committed-only')).toBe(true);
        expectOutputCommit(run, c.crashAtUs);
      }),
      RUNS,
    );
  });

  it('after a crash of A, B resumes the primary as it was at the last checkpoint it acknowledged, and resends what that state sent', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const run = remus(c);
        const t = remusTimeline(run);
        const k = t.takeoverFrom!;
        expect(k).not.toBeNull();
        expect(replicationPart(run.world.frameAt(run.spec.untilUs)).backupHoldsSync).toBe(k);
        // Its xclock goes on from that state's last frame.
        const firstOnB = run.find('xclock.redrawn', 'vm.B')[0];
        expect(firstOnB.data.seq).toBe(t.clockSeqAt(k) + 1);
        // Every network output of that state leaves, from A or (resent) from B; A let out none of a
        // later state, so the client saw nothing B does not know. (B's own new outputs reuse the ids
        // after its state's last one: they are not A's.)
        const issued = k === 0 ? 0 : Math.max(0, ...run.find('frontend.notify', 'vm').filter((e) => e.seq < t.captures[k - 1]).map((e) => e.data.output as number));
        const fromA = new Set(run.world.publicLog.filter((p) => p.from === 'A').map((p) => p.output));
        const resent = new Set(run.world.publicLog.filter((p) => p.from === 'B' && p.output <= issued).map((p) => p.output));
        for (const tx of run.find('netback.tx', 'hostA.hypervisor')) {
          const id = tx.data.output as number;
          if (t.stateCheckpointOf(id) <= k) expect(fromA.has(id) || resent.has(id), `output ${id} of checkpoint ${t.stateCheckpointOf(id)} never left`).toBe(true);
          else expect(fromA.has(id), `output ${id} left A, but its state is newer than checkpoint ${k}`).toBe(false);
        }
        for (const id of resent) expect(fromA.has(id), `output ${id} left twice`).toBe(false);
        expect(run.result.metrics.replication!.outputsLost).toBe(0);
        expect(run.result.metrics.replication!.outputsDuplicated).toBe(0);
        expect(run.holds('failover-from-last-checkpoint'), 'failover-from-last-checkpoint').toBe(true);
      }),
      RUNS,
    );
  });

  it('never lets B resume from a checkpoint that A had not finished sending when it crashed', () => {
    let resumedFromCheckpoint = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const run = remus(c);
        const k = remusTimeline(run).takeoverFrom!;
        if (k === 0) return;
        resumedFromCheckpoint++;
        const sent = run.world.linkLog.filter((m) => m.kind === 'checkpoint')[k - 1];
        const lastBitLeftAt = sent.arrivesAtUs - (run.spec.params.latencyUs as number);
        expect(lastBitLeftAt, `checkpoint ${k} was still leaving A (until ${lastBitLeftAt} µs) when A crashed`).toBeLessThanOrEqual(c.crashAtUs);
      }),
      RUNS,
    );
    // The check ran: B resumed from a checkpoint (not the initial copy) in about 99% of the cases drawn.
    expect(resumedFromCheckpoint).toBeGreaterThan(15);
  });

  it('the client never sees a rollback under remus, and its session survives the failover', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const run = remus(c);
        const { client } = run.result;
        expect(client.rollbacks).toBe(0);
        expect(client.gaps).toBe(0);
        // A duplicate is only ever a frame the guest's TCP sent again (B resumed with it unacknowledged).
        const resent = framesResent(run);
        expect(client.duplicates).toBeLessThanOrEqual(resent);
        expect(client.sessionState).toBe('connected');
        for (const name of ['client-never-rolls-back', 'no-output-lost-on-failover', 'no-split-brain', 'single-active-instance']) expect(run.holds(name), name).toBe(true);
      }),
      RUNS,
    );
  });

  it('checkpoints never overlap: each pause follows the previous commit, at max(previous pause + epoch, previous commit) exactly', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const run = remus(c, false);
        const { pauses, commits } = remusTimeline(run);
        expect(pauses.length).toBeGreaterThan(1);
        for (let i = 0; i + 1 < pauses.length; i++) {
          const commit = commits[i];
          expect(commit, `checkpoint ${i + 2} paused before checkpoint ${i + 1} committed`).toBeDefined();
          expect(pauses[i + 1].seq).toBeGreaterThan(commit.seq);
          expect(pauses[i + 1].at).toBe(Math.max(pauses[i].at + c.epochUs, commit.at));
        }
        expect(pauses[0].at).toBe(c.epochUs);
      }),
      RUNS,
    );
  });

  it('with fencing, a link cut (at a named checkpoint or any instant) loses no output of the surviving copy: B re-sends what A held of the epochs it acknowledged', () => {
    // The finding: B fenced A and took over, but A's buffer was discarded before B read it (365 of 800 cuts lost outputs).
    const literal = runScenario('remus', { untilUs: 3_000_000, faults: ['cut:link@acked:2'], params: { fencing: true, packetsPerSec: 111 } });
    expect(literal.result.metrics.outputs).toMatchObject({ issued: 296, left: 299, lost: 0 });
    expect(literal.holds('no-output-lost-on-failover')).toBe(true);
    let resentAfterCut = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.oneof(fc.integer({ min: 1, max: 80 }).map((n) => `cut:link@acked:${n}`), fc.integer({ min: 1, max: 2_500_000 }).map((t) => `cut:link@${t}us`)),
        fc.integer({ min: 1, max: 400 }),
        (seed, fault, packetsPerSec) => {
          const run = runScenario('remus', { seed, untilUs: 3_000_000, faults: [fault], params: { fencing: true, packetsPerSec } });
          for (const name of ['no-output-lost-on-failover', 'no-split-brain', 'single-active-instance', 'client-never-rolls-back']) expect(run.holds(name), `${name} (${fault}, seed ${seed}, ${packetsPerSec} packets/s)`).toBe(true);
          const m = run.result.metrics.replication!;
          if (m.outputsDuplicated + (run.result.metrics.outputs.left - run.result.metrics.outputs.issued) > 0) resentAfterCut++;
        },
      ),
      RUNS,
    );
    // The interesting branch: B did re-send outputs A had held when it was fenced.
    expect(resentAfterCut).toBeGreaterThan(5);
  });
});
