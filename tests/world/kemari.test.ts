/**
 * The Kemari takeover in the world, by example: one synchronization step by step (trap, pause, send,
 * ack, release, resume), the takeover with its re-issued pending event, the client's stall for crash
 * instants around the redraws, no I/O no synchronization, split brain with and without fencing (and
 * without a link fault), the trap switched off, and a crash of the backup.
 * @see research/domain-facts.md §4 and §7 (Kemari invariants); ../../shared/DESIGN.md §5, §10
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { PAGE_BYTES } from '../../src/sim/memory';
import type { TraceEvent } from '../../src/sim/trace';
import { resolveRun } from '../../src/scenarios/run-spec';
import { createWorld } from '../../src/world/world';
import { backendOutputs, faultAt, replicationPart, runScenario, type Run } from '../support/replication';

const LATENCY_US = 100; // the default link latency
const BANDWIDTH_BPS = 1e9; // the default link

/** The default run, no faults: the reference every faulty run shares up to its fault. */
let base: Run;
beforeAll(() => {
  base = runScenario('kemari', { seed: 1, untilUs: 5_000_000 });
});

/** The synchronization of the frame drawn at `atUs` in the reference run, and its release. */
function frameSync(atUs: number): { start: TraceEvent; release: TraceEvent } {
  const start = base.find('sync.start', 'hostA.kemari').find((e) => e.at === atUs)!;
  const release = base.find('sync.release', 'hostA.kemari').find((e) => e.data.sync === start.data.sync)!;
  return { start, release };
}

describe('a Kemari synchronization', { timeout: 30_000 }, () => {
  it('traps the notify, pauses the guest, sends its dirty pages and vCPU, waits for the ack, then delivers the event and resumes', () => {
    const starts = base.find('sync.start', 'hostA.kemari');
    expect(starts.length).toBeGreaterThan(10);
    for (const start of starts) {
      const s = start.data.sync as number;
      const at = (type: string, actor: string, pred: (e: TraceEvent) => boolean = () => true) => base.events.find((e) => e.seq > start.seq && e.type === type && e.actor === actor && pred(e));
      // The trap precedes it at the same instant, for the same port.
      const trapped = base.events.filter((e) => e.seq < start.seq && e.type === 'evtchn.trapped' && e.actor === 'hostA.evtchn' && e.data.port === start.data.port);
      expect(trapped.length).toBeGreaterThan(0);
      const release = at('sync.release', 'hostA.kemari', (e) => e.data.sync === s);
      if (!release) {
        expect(start).toBe(starts.at(-1)); // only the last one may still be in flight at the end
        continue;
      }
      const ack = at('state.ack', 'hostB.kemari', (e) => e.data.sync === s)!;
      expect(release.data.port).toBe(start.data.port);
      // B acknowledges on arrival; the ack (a control message) takes the latency only.
      expect(release.at - ack.at).toBe(LATENCY_US);
      const message = base.world.linkLog.find((m) => m.kind === 'sync' && m.sentAtUs === start.at)!;
      expect(message.bytes % PAGE_BYTES).toBe(0); // dirty pages + one page of vCPU state
      expect(message.bytes).toBeGreaterThanOrEqual(PAGE_BYTES);
      expect(ack.at).toBe(start.at + Math.ceil((message.bytes * 8 * 1e6) / BANDWIDTH_BPS) + LATENCY_US);
      // While it is in flight the guest is paused: it issues nothing, nothing reaches a backend on A.
      const during = base.events.filter((e) => e.seq > start.seq && e.seq < release.seq);
      expect(during.filter((e) => e.type === 'frontend.notify' || e.type === 'guest.resumed' || e.type === 'netback.tx' || e.type === 'blkback.write')).toEqual([]);
      // Then the event goes to its backend (one upcall for that port) at the release instant.
      const upcall = base.events.find((e) => e.seq > release.seq && e.actor === 'hostA.evtchn')!;
      expect([upcall.type, upcall.data.port, upcall.at]).toEqual(['evtchn.upcall', release.data.port, release.at]);
    }
    const paused = base.find('guest.paused', 'hostA.hypervisor');
    expect(paused[0].at).toBe(starts[0].at);
    expect(base.result.metrics.replication!.guestPauseFraction).toBeGreaterThan(0);
    expect(base.holds('sync-before-output')).toBe(true);
  });
});

describe('the takeover', { timeout: 30_000 }, () => {
  it('powers on the xclock on B after host A is killed: the session continues within a second', () => {
    const run = runScenario('kemari', { seed: 3, untilUs: 8_000_000, params: { packetsPerSec: 10 }, faults: ['crash:A@3.5s'] });
    const { client } = run.result;
    const m = run.result.metrics.replication!;
    const takeover = run.first('takeover', 'hostB.kemari')!;
    expect(m.failoverUs).toBe(takeover.at - 3_500_000);
    expect(m.failoverUs!).toBeLessThan(1_000_000);
    expect(client.sessionState).toBe('connected');
    expect(client.shows).toBe('00:00:07');
    expect(client.maxStallUs).toBeLessThan(1_000_000);
    expect(m.outputsLost).toBe(0);
    expect(client.gaps).toBe(0);
    // Frames after the crash come from B.
    expect(run.world.publicLog.filter((p) => p.kind === 'vnc' && p.sentAtUs > 3_500_000).every((p) => p.from === 'B')).toBe(true);
    expect(run.result.invariants.filter((i) => !i.holds)).toEqual([]);
  });

  it("re-issues the pending frame: crashed just after its release, the client gets it again, marked a harmless duplicate (and once more from B's TCP, whose timer ran out during the takeover)", () => {
    const { release } = frameSync(2_000_000);
    const frame = backendOutputs(base, 'A').find((e) => e.seq > release.seq)!;
    expect(frame.data.kind).toBe('vnc');
    const run = runScenario('kemari', { seed: 1, untilUs: 5_000_000, faults: [faultAt('crash:A', release.at + 1)] });
    const again = backendOutputs(run, 'B').find((e) => e.data.output === frame.data.output);
    const takeoverAt = run.first('takeover', 'hostB.kemari')!.at;
    expect(again?.at).toBe(takeoverAt);
    // B resumed with the frame unacknowledged and its retransmission timer long expired: its TCP sends it again at once.
    expect(run.find('tcp.retransmit', 'vm.B').map((e) => [e.at, e.data.firstSeq, e.data.seqs])).toEqual([[takeoverAt, frame.data.seq, 1]]);
    expect(run.result.client.duplicates).toBe(2);
    expect(run.result.client.rollbacks).toBe(0);
    expect(run.result.client.sessionState).toBe('connected');
    // The re-issued event is the same output twice; the retransmission is a new output of the same segment.
    expect(run.result.metrics.replication!.outputsDuplicated).toBe(1);
    expect(run.find('frame.duplicate', 'client').map((e) => e.data.seq)).toEqual([frame.data.seq, frame.data.seq]);
  });

  it("crashed just before the release, the pending frame's event leaves once, from B: no output twice, no gap (the client sees the frame again only from B's TCP retransmission)", () => {
    const { release } = frameSync(2_000_000);
    const frame = backendOutputs(base, 'A').find((e) => e.seq > release.seq)!;
    const run = runScenario('kemari', { seed: 1, untilUs: 5_000_000, faults: [faultAt('crash:A', release.at - 1)] });
    expect(backendOutputs(run, 'A').some((e) => e.data.output === frame.data.output)).toBe(false);
    expect(backendOutputs(run, 'B').some((e) => e.data.output === frame.data.output)).toBe(true);
    expect(run.find('tcp.retransmit', 'vm.B')).toHaveLength(1);
    expect(run.result.client.duplicates).toBe(1);
    expect(run.result.client.gaps).toBe(0);
    expect(run.result.metrics.replication!.outputsDuplicated).toBe(0);
    expect(run.result.metrics.replication!.outputsLost).toBe(0);
  });

  it('discards a synchronization A had not finished sending when it crashed, and resumes from the one before', () => {
    // A busy guest: 8192 dirty pages, 268 ms on the wire per sync. Crash A 1 ms before one has left it.
    const params = { dirtyPagesPerSec: 200_000, hotSetPages: 8192, packetsPerSec: 0, diskWritesPerSec: 0 };
    const ref = runScenario('kemari', { seed: 1, untilUs: 2_000_000, params });
    const sent = ref.world.linkLog.filter((m) => m.kind === 'sync');
    const i = sent.findIndex((m) => m.sentAtUs >= 1_000_000);
    const sync = i + 1;
    const crashAtUs = sent[i].arrivesAtUs - LATENCY_US - 1_000;
    expect(crashAtUs).toBeGreaterThan(sent[i].sentAtUs);
    const run = runScenario('kemari', { seed: 1, untilUs: crashAtUs + 2_000_000, params, faults: [faultAt('crash:A', crashAtUs)] });
    expect(run.find('state.ack', 'hostB.kemari').map((e) => e.data.sync)).not.toContain(sync);
    expect(replicationPart(run.world.frameAt(run.spec.untilUs)).backupHoldsSync).toBe(sync - 1);
  });

  it('keeps the client stall under a second for crash instants around every redraw and its synchronization', () => {
    for (const k of [1, 2, 3]) {
      const { release } = frameSync(k * 1_000_000);
      const sinceRedraw = release.at - k * 1_000_000;
      for (const d of [-300_000, -1_000, -5, -1, 0, 1, 5, sinceRedraw - 1, sinceRedraw, sinceRedraw + 1, sinceRedraw + 200, 250_000, 700_000]) {
        const crashAtUs = k * 1_000_000 + d;
        const run = runScenario('kemari', { seed: 1, untilUs: crashAtUs + 2_500_000, faults: [faultAt('crash:A', crashAtUs)] });
        const { client } = run.result;
        expect(client.maxStallUs, `crash at ${crashAtUs} µs`).toBeLessThan(1_000_000);
        expect(client.sessionState, `crash at ${crashAtUs} µs`).toBe('connected');
        expect(client.rollbacks + client.gaps).toBe(0);
      }
    }
  });
});

describe('no I/O, no synchronization', { timeout: 30_000 }, () => {
  it('with the xclock at its slowest and no packets or disk writes, only the frame at t = 0 is synchronized', () => {
    const run = runScenario('kemari', { untilUs: 9_500_000, params: { clockHz: 0.1, packetsPerSec: 0, diskWritesPerSec: 0, dirtyPagesPerSec: 50_000 } });
    expect(run.result.metrics.replication!.syncs).toBe(1);
    expect(run.find('sync.start', 'hostA.kemari').map((e) => e.at)).toEqual([0]);
    // Pages are dirtied all along, yet after the first sync only heartbeats cross the link.
    expect(run.world.linkLog.filter((m) => m.sentAtUs > 1_000 && m.kind !== 'heartbeat')).toEqual([]);
  });

  it("the 'clock-only' preset synchronizes once per redraw", () => {
    const run = runScenario('kemari', { preset: 'clock-only', untilUs: 5_500_000 });
    const redraws = run.find('xclock.redrawn', 'vm').map((e) => e.at);
    expect(redraws).toEqual([0, 1e6, 2e6, 3e6, 4e6, 5e6]);
    expect(run.find('sync.start', 'hostA.kemari').map((e) => e.at)).toEqual(redraws);
    expect(run.result.metrics.replication!.syncs).toBe(6);
    expect(backendOutputs(run, 'A').length).toBe(6);
  });
});

/** The split-brain notes of a run, without their time stamps. */
const splitBrainNotes = (notes: readonly string[]) => notes.filter((n) => n.includes('split brain:')).map((n) => n.slice(n.indexOf('split brain:')));

describe('split brain', { timeout: 30_000 }, () => {
  it('a cut link without fencing: B takes over while A runs on, the rule is named, and the client sees two streams', () => {
    const run = runScenario('kemari', { untilUs: 6_000_000, faults: ['cut:link@2.5s'] });
    expect(run.holds('no-split-brain')).toBe(false);
    expect(run.holds('single-active-instance')).toBe(false);
    const violations = run.world.frameAt(run.spec.untilUs).violations;
    expect(violations.map((v) => v.name)).toContain('no-split-brain');
    expect(violations.find((v) => v.name === 'no-split-brain')!.atUs).toBe(run.first('takeover', 'hostB.kemari')!.at);
    const after = run.world.publicLog.filter((p) => p.kind === 'vnc' && p.sentAtUs > 3_000_000);
    expect(new Set(after.map((p) => p.from))).toEqual(new Set(['A', 'B']));
    expect(run.result.client.rollbacks).toBeGreaterThan(0);
    expect(splitBrainNotes(run.world.frameAt(run.spec.untilUs).notes)).toEqual([
      'split brain: host A is still running (only the link failed) and host B takes over too. Fencing would have powered A off first.',
    ]);
  });

  it('with no link fault, from a detector that suspects a live peer (heartbeat 400 ms, timeout 300 ms; resolveRun refuses it): the note never blames the link', () => {
    const { spec: base } = resolveRun({ scenario: 'kemari', until: '1s' });
    const spec = { ...base, params: { ...base.params, heartbeatMs: 400, failureTimeoutMs: 300 } };
    const world = createWorld(spec);
    world.runUntil(spec.untilUs);
    const frame = world.frameAt(spec.untilUs);
    expect(frame.violations.map((v) => [v.name, v.atUs])).toEqual([['no-split-brain', 300_000]]);
    expect(splitBrainNotes(frame.notes)).toEqual([
      'split brain: host A is still running and host B takes over too. The link never failed: host B declared a live host A dead (its failure detector suspected a live peer). Fencing would have powered A off first.',
    ]);
    expect(frame.notes.filter((n) => n.includes('link failed') || n.includes('link was cut'))).toEqual([]);
  });

  it("with fencing ('fenced' preset) B powers A off first: one copy, no rollback, the session goes on", () => {
    const run = runScenario('kemari', { preset: 'fenced', untilUs: 6_000_000, faults: ['cut:link@2.5s'] });
    expect(run.holds('no-split-brain')).toBe(true);
    expect(run.holds('single-active-instance')).toBe(true);
    expect(run.world.frameAt(run.spec.untilUs).violations).toEqual([]);
    expect(run.world.frameAt(run.spec.untilUs).hosts.A.power).toBe('fenced');
    expect(run.result.client.rollbacks).toBe(0);
    expect(run.result.client.sessionState).toBe('connected');
    expect(run.world.publicLog.filter((p) => p.sentAtUs > 3_000_000).every((p) => p.from === 'B')).toBe(true);
  });
});

describe('the trap switched off', { timeout: 30_000 }, () => {
  it('synchronizes each output only after it left: sync-before-output breaks from the first output, and a crash then rolls the client back', () => {
    const open = runScenario('kemari', { preset: 'no-trap', untilUs: 3_000_000 });
    expect(open.holds('sync-before-output')).toBe(false);
    const v = open.world.frameAt(open.spec.untilUs).violations.find((x) => x.name === 'sync-before-output')!;
    expect(v.atUs).toBe(backendOutputs(open, 'A')[0].at);
    expect(v.detail).toContain('output 1');
    // Still replicating, but after the fact: each sync starts at an instant an output left host A.
    const syncs = open.find('sync.start', 'hostA.kemari');
    expect(syncs.length).toBe(open.result.metrics.replication!.syncs);
    expect(syncs.length).toBeGreaterThan(10);
    const leftAt = new Set(backendOutputs(open, 'A').map((e) => e.at));
    for (const sync of syncs) expect(leftAt.has(sync.at), `sync #${sync.data.sync} at ${sync.at} µs follows no output`).toBe(true);

    // Crash just after a frame left, before the sync that follows it reached B.
    const crashes = backendOutputs(open, 'A')
      .filter((e) => e.data.kind === 'vnc' && e.at > 1_000_000)
      .slice(0, 3)
      .map((e) => e.at + 50);
    const reset = crashes.filter((t) => {
      const run = runScenario('kemari', { preset: 'no-trap', untilUs: t + 2_500_000, faults: [faultAt('crash:A', t)] });
      return run.result.client.sessionState === 'reset' && !run.holds('client-never-rolls-back') && run.result.client.rollbacks > 0;
    });
    expect(reset.length).toBeGreaterThan(0);
    // The same crashes with the trap on never roll the client back.
    for (const t of reset) {
      const run = runScenario('kemari', { untilUs: t + 2_500_000, faults: [faultAt('crash:A', t)] });
      expect(run.result.client.rollbacks).toBe(0);
    }
  });
});

describe('a crash of the backup', { timeout: 30_000 }, () => {
  it('leaves A running unprotected: it stops synchronizing, its output flows, and no rule breaks', () => {
    const run = runScenario('kemari', { untilUs: 5_000_000, params: { packetsPerSec: 10 }, faults: ['crash:B@2s'] });
    const lastStart = run.find('sync.start', 'hostA.kemari').at(-1)!;
    expect(lastStart.at).toBeLessThan(2_400_000); // detection: 300 ms without a heartbeat
    expect(replicationPart(run.world.frameAt(run.spec.untilUs)).primary).toBe('unprotected');
    expect(backendOutputs(run, 'A').filter((e) => e.at > 2_500_000).length).toBeGreaterThan(10);
    expect(run.result.client.sessionState).toBe('connected');
    expect(run.result.client.maxStallUs).toBeLessThan(1_000_000);
    expect(run.result.invariants.filter((i) => !i.holds)).toEqual([]);
  });
});
