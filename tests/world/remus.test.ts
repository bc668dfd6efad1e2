/**
 * Remus and naive snapshots in the world, by example: one checkpoint's pipeline (pause, copy, resume,
 * send, ack, commit, release), the rollback that naive snapshots let the client see and Remus never
 * does, naive's broken rules and its harm window, a crash mid-checkpoint, a crash of the backup, and
 * the shipped tool's settings.
 * @see research/domain-facts.md §3 and §7 (Remus invariants); ../../shared/DESIGN.md §5
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PAGE_BYTES } from '../../src/sim/memory';
import { backendOutputs, checkpointPart, faultAt, replicationPart, runScenario, type Run } from '../support/replication';
import { remusTimeline } from '../support/remus-trace';

const LATENCY_US = 100;
const BANDWIDTH_BPS = 1e9;
const SUSPEND_US = 100;

describe('a Remus checkpoint', { timeout: 30_000 }, () => {
  let run: Run;
  beforeAll(() => {
    run = runScenario('remus', { seed: 1, untilUs: 2_000_000, params: { packetsPerSec: 40 } });
  });

  it('pauses for suspend + copy, resumes, sends its pages and vCPU, and commits when the ack comes back', () => {
    const t = remusTimeline(run);
    const resumes = run.find('checkpoint.resume', 'hostA.remus');
    const arrivals = run.find('state.ack', 'hostB.remus');
    const sent = run.world.linkLog.filter((m) => m.kind === 'checkpoint');
    expect(t.commits.length).toBeGreaterThan(70);
    t.commits.forEach((commit, i) => {
      const k = i + 1;
      const pages = sent[i].bytes / PAGE_BYTES - 1; // one page of vCPU state
      expect(Number.isInteger(pages)).toBe(true);
      expect(resumes[i].data.pauseUs).toBe(SUSPEND_US + pages);
      expect(resumes[i].at).toBe(t.pauses[i].at + SUSPEND_US + pages);
      expect(sent[i].sentAtUs).toBe(resumes[i].at);
      expect(arrivals[i].data.sync).toBe(k);
      expect(arrivals[i].at).toBe(resumes[i].at + Math.ceil((sent[i].bytes * 8 * 1e6) / BANDWIDTH_BPS) + LATENCY_US);
      expect(commit.at).toBe(arrivals[i].at + LATENCY_US);
    });
  });

  it('holds each output until the commit of its epoch, then releases the epoch at once', () => {
    const t = remusTimeline(run);
    const commitInstants = new Set(t.commits.map((c) => c.at));
    const fromA = run.world.publicLog.filter((p) => p.from === 'A');
    expect(fromA.length).toBeGreaterThan(60);
    for (const p of fromA) expect(commitInstants.has(p.sentAtUs)).toBe(true);
    // Running in the past: every output waited, none left when the guest sent it.
    const m = run.result.metrics.replication!;
    expect(m.addedLatencyUs.mean).toBeGreaterThan(0);
    expect(m.addedLatencyUs.max).toBeLessThanOrEqual(25_000 + 2 * LATENCY_US + 10_000);
    // The frame drawn at 1 s waits in the buffer: no checkpoint can be acknowledged within 150 µs.
    expect(run.world.frameAt(1_000_150).client.shows).toBe('00:00:00');
    expect(run.world.frameAt(1_060_000).client.shows).toBe('00:00:01');
  });
});

describe('naive snapshots, the broken contrast', { timeout: 30_000 }, () => {
  /** Reference run of `naive` (4 frames a second, 500 ms epochs), no faults. */
  let base: Run;
  beforeAll(() => {
    base = runScenario('naive', { seed: 1, untilUs: 4_000_000, params: { diskWritesPerSec: 4 } });
  });

  it('breaks output-commit from the first output, and the backup disk gets uncommitted writes', () => {
    expect(base.holds('output-commit')).toBe(false);
    const first = base.world.frameAt(base.spec.untilUs).violations.find((v) => v.name === 'output-commit')!;
    expect(first.atUs).toBe(backendOutputs(base, 'A')[0].at);
    expect(first.detail).toContain('output 1 ');
    expect(base.result.invariants.find((i) => i.name === 'output-commit')!.detail).toContain('output 1 ');
    expect(base.holds('backup-disk-committed-only')).toBe(false);
    // The same run with buffering keeps both rules.
    const buffered = runScenario('remus', { seed: 1, untilUs: 4_000_000, params: { clockHz: 4, epochMs: 500, diskWritesPerSec: 4 } });
    expect(buffered.holds('output-commit')).toBe(true);
    expect(buffered.holds('backup-disk-committed-only')).toBe(true);
  });

  it('a crash after a frame left and before the next checkpoint shows the client a rollback: the session resets (never under remus)', () => {
    const pauses = base.find('checkpoint.pause', 'hostA.remus').map((e) => e.at);
    const frames = base.world.publicLog.filter((p) => p.kind === 'vnc' && p.from === 'A' && p.sentAtUs > 0 && p.sentAtUs < 2_000_000);
    let resets = 0;
    for (const f of frames) {
      const nextPause = pauses.find((p) => p > f.sentAtUs);
      if (nextPause === undefined || nextPause - f.sentAtUs < 2_000) continue;
      const crashAtUs = f.sentAtUs + 1_000;
      const naive = runScenario('naive', { seed: 1, untilUs: crashAtUs + 2_000_000, params: { diskWritesPerSec: 4 }, faults: [faultAt('crash:A', crashAtUs)] });
      if (naive.result.client.sessionState === 'reset') {
        resets++;
        expect(naive.holds('client-never-rolls-back')).toBe(false);
        expect(naive.result.client.rollbacks).toBeGreaterThan(0);
        expect(naive.result.metrics.replication!.outputsRolledBack).toBeGreaterThan(0);
        expect(naive.world.frameAt(naive.spec.untilUs).violations.map((v) => v.name)).toContain('client-never-rolls-back');
      }
      const remus = runScenario('remus', { seed: 1, untilUs: crashAtUs + 2_000_000, params: { clockHz: 4, epochMs: 500, diskWritesPerSec: 4 }, faults: [faultAt('crash:A', crashAtUs)] });
      expect(remus.result.client.rollbacks).toBe(0);
      expect(remus.result.client.sessionState).toBe('connected');
    }
    expect(resets).toBeGreaterThan(0);
  });

  it('counts each rolled-back output once: network output that left A and disk writes on the backup disk, from state B lacks', () => {
    for (const crashAtUs of [1_300_000, 2_800_000]) {
      const run = runScenario('naive', { seed: 1, untilUs: crashAtUs + 1_500_000, params: { diskWritesPerSec: 10, packetsPerSec: 10 }, faults: [faultAt('crash:A', crashAtUs)] });
      const t = remusTimeline(run);
      const k = t.takeoverFrom!;
      const inState = (id: number) => t.stateCheckpointOf(id) <= k;
      const net = run.world.publicLog.filter((p) => p.from === 'A' && !inState(p.output)).length;
      const disk = run.find('blkback.write', 'hostA.hypervisor').filter((e) => !inState(e.data.output as number)).length;
      expect(net + disk).toBeGreaterThan(0);
      expect(disk).toBeGreaterThan(0);
      expect(run.result.metrics.replication!.outputsRolledBack, `crash at ${crashAtUs} µs`).toBe(net + disk);
      // Under remus the same crash rolls nothing back: the primary's own disk dies with it, so its
      // uncommitted writes never escaped, and its network output was still in the buffer.
      const remus = runScenario('remus', { seed: 1, untilUs: crashAtUs + 1_500_000, params: { clockHz: 4, epochMs: 500, diskWritesPerSec: 10, packetsPerSec: 10 }, faults: [faultAt('crash:A', crashAtUs)] });
      const rt = remusTimeline(remus);
      expect(remus.find('blkback.write', 'hostA.hypervisor').filter((e) => rt.stateCheckpointOf(e.data.output as number) > rt.takeoverFrom!).length).toBeGreaterThan(0);
      expect(remus.result.metrics.replication!.outputsRolledBack, `remus, crash at ${crashAtUs} µs`).toBe(0);
    }
  });

  it('marks the harm window: whenever the screen says a crash is harmless, a crash rolls nothing back', () => {
    // Crash instants just after each checkpoint reached the backup, before A sends anything else:
    // output that left during the checkpoint's transfer is not in it.
    let safeSamples = 0;
    for (const seed of [2, 3, 4, 5]) {
      const params = { packetsPerSec: 40, diskWritesPerSec: 5 };
      const ref = runScenario('naive', { seed, untilUs: 6_000_000, params });
      const arrivals = ref.events.filter((e) => e.type === 'link.delivered' && e.data.kind === 'checkpoint');
      for (const arrival of arrivals) {
        const next = backendOutputs(ref, 'A').find((e) => e.seq > arrival.seq);
        if (!next || next.at - arrival.at < 2) continue;
        const crashAtUs = arrival.at + 1;
        if (checkpointPart(ref.world.frameAt(crashAtUs - 1)).unsafeNow || safeSamples >= 6) continue;
        safeSamples++;
        const run = runScenario('naive', { seed, untilUs: crashAtUs + 1_500_000, params, faults: [faultAt('crash:A', crashAtUs)] });
        expect(run.result.metrics.replication!.outputsRolledBack, `seed ${seed}, crash at ${crashAtUs} µs: the screen said harmless`).toBe(0);
      }
    }
    expect(safeSamples).toBeGreaterThan(3);
  });
});

describe('failover', { timeout: 30_000 }, () => {
  it('discards a checkpoint A had not finished sending when it crashed, and resumes from the one before', () => {
    // Big checkpoints (8192 dirty pages, 268 ms on the wire): crash A 1 ms before one has left it.
    const params = { epochMs: 100, dirtyPagesPerSec: 200_000, hotSetPages: 8192, packetsPerSec: 0, diskWritesPerSec: 0 };
    const ref = runScenario('remus', { seed: 1, untilUs: 1_500_000, params });
    const sent = ref.world.linkLog.filter((m) => m.kind === 'checkpoint');
    const k = sent.findIndex((m) => m.sentAtUs > 500_000) + 1;
    const lastBitLeavesAt = sent[k - 1].arrivesAtUs - LATENCY_US;
    const crashAtUs = lastBitLeavesAt - 1_000;
    expect(crashAtUs).toBeGreaterThan(sent[k - 1].sentAtUs);
    const run = runScenario('remus', { seed: 1, untilUs: crashAtUs + 1_500_000, params, faults: [faultAt('crash:A', crashAtUs)] });
    expect(run.find('state.ack', 'hostB.remus').map((e) => e.data.sync)).not.toContain(k);
    expect(remusTimeline(run).takeoverFrom).toBe(k - 1);
    expect(replicationPart(run.world.frameAt(run.spec.untilUs)).backupHoldsSync).toBe(k - 1);
  });

  it('as shipped (200 ms epochs, 1 s failure timeout): the clock pauses about a second and goes on, no rollback', () => {
    const run = runScenario('remus', { preset: 'as-shipped', seed: 5, untilUs: 7_000_000, params: { packetsPerSec: 10 }, faults: ['crash:A@3.3s'] });
    const { client } = run.result;
    const m = run.result.metrics.replication!;
    expect(m.failoverUs!).toBeGreaterThanOrEqual(900_000);
    expect(m.failoverUs!).toBeLessThan(1_200_000);
    expect(client.sessionState).toBe('connected');
    expect(client.rollbacks + client.gaps).toBe(0);
    expect(client.shows).toBe('00:00:06');
    expect(m.outputsLost).toBe(0);
  });

  it('a crash of the backup leaves A unprotected: it releases what it held and stops buffering', () => {
    const run = runScenario('remus', { seed: 1, untilUs: 4_000_000, params: { packetsPerSec: 20 }, faults: ['crash:B@2s'] });
    const frame = checkpointPart(run.world.frameAt(run.spec.untilUs));
    expect(frame.primary).toBe('unprotected');
    expect(frame.buffer).toEqual([]);
    const t = remusTimeline(run);
    expect(t.pauses.at(-1)!.at).toBeLessThan(2_400_000);
    // After that, every network output leaves as the backend sends it.
    const late = run.find('netback.tx', 'hostA.hypervisor').filter((e) => e.at > 2_500_000);
    const leftAt = new Map(run.world.publicLog.map((p) => [p.output, p.sentAtUs]));
    expect(late.length).toBeGreaterThan(5);
    for (const e of late) expect(leftAt.get(e.data.output as number)).toBe(e.at);
    expect(run.result.client.sessionState).toBe('connected');
    expect(run.result.invariants.filter((i) => !i.holds)).toEqual([]);
  });
});

describe('Remus: a detector that suspects a live peer, with fencing', { timeout: 30_000 }, () => {
  // Found by the deep run (remus case 46 of seed 3): a link slower than the failure timeout makes both
  // hosts declare the other dead in the same instant; B fences A at once (fenceMs=0), and A must not
  // release its buffered output first (the client would see state B lacks, then a reset).
  it('a fence that takes no time still comes before the primary gives up on its backup: nothing held leaves A', () => {
    const run = runScenario('remus', { seed: 5, untilUs: 1_000_000, params: { latencyUs: 540_000, fencing: true, fenceMs: 0 } });
    const fenced = run.find('host.fenced', 'hostA');
    expect(fenced.map((e) => e.at)).toEqual([300_000]);
    expect(run.find('protection.lost', 'hostA.remus')).toEqual([]);
    expect(run.result.client.rollbacks).toBe(0);
    expect(run.holds('client-never-rolls-back')).toBe(true);
    expect(run.holds('single-active-instance')).toBe(true);
  });
});

describe('Remus: pause accounting', () => {
  it('a checkpoint begun in the instant host A crashes costs no pause time (it was counted to the end of the run)', () => {
    const run = runScenario('remus', { seed: 1, untilUs: 6_000_000, faults: ['crash:A@epoch:3'] });
    const crash = run.first('fault.crash')!;
    // The fault fired right after checkpoint 3's pause was recorded, before the world paused the guest.
    expect(run.first('checkpoint.pause', 'hostA.remus')).toBeDefined();
    expect(crash.data.phase).toBe('epoch:3');
    // Two checkpoints of a few hundred µs each in the 50 ms before the crash: far under 1 % of 6 s.
    expect(run.result.metrics.replication!.guestPauseFraction).toBeLessThan(0.001);
    expect(run.result.metrics.replication!.guestPauseFraction).toBeGreaterThan(0);
  });
});
