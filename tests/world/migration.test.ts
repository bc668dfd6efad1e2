/**
 * Pre-copy live migration in the world: failures at any instant (Clark's transactional stages: until
 * commitment A is primary), the presets, and the xclock across a migration.
 * @see research/domain-facts.md §1.2, §7 (invariants 4, 5, 8); DESIGN §4 (Pre-copy live migration)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import { runResult } from '../../src/world/result';
import { createWorld } from '../../src/world/world';

const UNTIL_US = 12_000_000;
/** A small VM on a 100 Mbit/s link: round 1 takes ~2.7 s, so every stage is easy to hit. */
const SMALL = { memoryPages: 8192, bandwidthMbps: 100 };

function run(params: Record<string, string | number>, faults: string[] = [], until = `${UNTIL_US}us`, preset?: string) {
  const { spec, errors } = resolveRun({
    scenario: 'migration',
    preset,
    until,
    params: Object.entries(params).map(([k, v]) => [k, String(v)] as [string, string]),
    faults,
  });
  expect(errors).toEqual([]);
  const world = createWorld(spec);
  world.runUntil(spec.untilUs);
  const result = runResult(world, spec.untilUs);
  const m = result.metrics.migration;
  if (!m) throw new Error('no migration metrics');
  /** The instant of the first trace event of `type` (from `actor`, if given). */
  const first = (type: string, actor?: string) => world.trace.events.find((e) => e.type === type && (actor === undefined || e.actor === actor))?.at ?? null;
  const verdict = (name: string) => result.invariants.find((i) => i.name === name);
  /** VNC frames that left a host's netback at or after `fromUs`. */
  const framesFrom = (host: 'A' | 'B', fromUs = 0) => world.publicLog.filter((p) => p.kind === 'vnc' && p.from === host && p.sentAtUs >= fromUs);
  /** The most hosts with the guest running in any recorded frame. */
  const maxRunning = () => Math.max(...world.frames.map((f) => (['A', 'B'] as const).filter((h) => f.hosts[h].power === 'up' && f.hosts[h].guest === 'running').length));
  return { world, result, m, first, verdict, framesFrom, maxRunning };
}

/** The instants of the undisturbed run, which every faulty run shares up to its fault (determinism). */
let base: { suspend: number; imageComplete: number; commit: number; activated: number; downtimeUs: number };

beforeAll(() => {
  const r = run(SMALL);
  expect(r.m.outcome).toBe('completed');
  const at = (type: string) => {
    const t = r.first(type);
    if (t === null) throw new Error(`no ${type} in the baseline`);
    return t;
  };
  base = { suspend: at('guest.suspend'), imageComplete: at('image.complete'), commit: at('migration.commit'), activated: at('vm.activated'), downtimeUs: r.m.downtimeUs! };
  // The stages follow one another with room in between for a fault.
  expect(base.suspend).toBeGreaterThan(3_000_000);
  expect(base.imageComplete).toBeGreaterThan(base.suspend);
  expect(base.commit).toBeGreaterThan(base.imageComplete);
  expect(base.activated).toBeGreaterThan(base.commit + 1);
});

const us = (t: number) => `${Math.round(t)}us`;

/** The VM runs on A and its client is still served at the end of the run, long after the failure. */
function expectRunningOnA(r: ReturnType<typeof run>, failedAtUs: number) {
  expect(r.result.vm).toMatchObject({ host: 'A', state: 'running', lostAtUs: null });
  expect(r.result.client.sessionState).toBe('connected');
  expect(r.result.client.rollbacks).toBe(0);
  expect(r.result.client.gaps).toBe(0);
  expect(r.result.client.lastFrameAtUs).toBeGreaterThanOrEqual(UNTIL_US - 1_000_000);
  // Frames keep coming from A after the failure, one a second.
  expect(r.framesFrom('A', failedAtUs).length).toBeGreaterThanOrEqual(Math.floor((UNTIL_US - failedAtUs) / 1e6) - 1);
  expect(r.framesFrom('B')).toEqual([]);
  expect(r.verdict('transactional-safety')?.holds).toBe(true);
  expect(r.verdict('single-active-instance')?.holds).toBe(true);
  expect(r.maxRunning()).toBeLessThanOrEqual(1);
}

describe('migration: a failure of B or of the link before commitment aborts; the VM keeps running on A', () => {
  it('crash of B in round 1: aborted once A declares B dead; the VM never stopped', () => {
    const r = run(SMALL, ['crash:B@2s']);
    expect(r.m.outcome).toBe('aborted');
    // Silence for the failure timeout (300 ms) after B's last heartbeat (every 100 ms).
    const abortedAt = r.first('migration.aborted')!;
    expect(abortedAt).toBeGreaterThanOrEqual(2_200_000);
    expect(abortedAt).toBeLessThanOrEqual(2_300_000);
    expect(r.first('guest.suspend')).toBeNull();
    expect(r.m.downtimeUs).toBeNull();
    expect(r.result.client.maxStallUs).toBe(0);
    expectRunningOnA(r, 2_000_000);
  });

  it('crash of B during stop-and-copy: aborted, and the suspended VM resumes on A', () => {
    const crashAt = Math.floor((base.suspend + base.imageComplete) / 2);
    const r = run(SMALL, [`crash:B@${us(crashAt)}`]);
    expect(r.m.outcome).toBe('aborted');
    expect(r.first('migration.commit')).toBeNull();
    const resumedAt = r.first('guest.resumed', 'hostA.hypervisor')!;
    expect(resumedAt).toBeGreaterThanOrEqual(crashAt + 200_000); // after the failure timeout
    // Downtime: from the suspend to the resume on A.
    expect(r.m.downtimeUs).toBe(resumedAt - base.suspend);
    expectRunningOnA(r, crashAt);
  });

  it('crash of B after it reported a complete image, before A commits: A, deciding from what it heard, commits, and the VM is lost', () => {
    // B sent image.complete; it is still on the wire when B dies. A cannot know, commits, and past the
    // commitment point never runs the VM again (Clark §3.3): its detector fires, it discards its copy.
    const crashAt = base.imageComplete + 1;
    expect(crashAt).toBeLessThan(base.commit);
    const r = run(SMALL, [`crash:B@${us(crashAt)}`]);
    expect(r.first('migration.commit')).toBe(base.commit);
    expect(r.m.outcome).toBe('vm-lost');
    expect(r.first('guest.resumed', 'hostA.hypervisor')).toBeNull();
    expect(r.result.vm.host).toBeNull();
    expect(r.result.vm.lostAtUs).toBeGreaterThanOrEqual(crashAt + 200_000);
  });

  it('crash of B before the migration starts: the VM runs on A unaffected', () => {
    const r = run(SMALL, ['crash:B@500ms']);
    expect(r.m.rounds).toEqual([]);
    expectRunningOnA(r, 500_000);
  });

  for (const fault of ['crash:B@500ms', 'cut:link@500ms']) {
    it(`${fault}, before the migration starts: the migration is reported aborted, not in progress forever`, () => {
      const r = run(SMALL, [fault]);
      expect(r.result.vm).toMatchObject({ host: 'A', state: 'running' });
      expect(r.m.outcome).toBe('aborted');
    });
  }

  it('cut link in round 1: aborted; the VM never stopped', () => {
    const r = run(SMALL, ['cut:link@2s']);
    expect(r.m.outcome).toBe('aborted');
    expect(r.first('copy.discarded')).not.toBeNull(); // B, too, gives up on its partial copy
    expect(r.result.client.maxStallUs).toBe(0);
    expectRunningOnA(r, 2_000_000);
  });

  it('cut link during stop-and-copy: aborted, and the suspended VM resumes on A', () => {
    const cutAt = Math.floor((base.suspend + base.imageComplete) / 2);
    const r = run(SMALL, [`cut:link@${us(cutAt)}`]);
    expect(r.m.outcome).toBe('aborted');
    expect(r.first('vm.activated')).toBeNull();
    expectRunningOnA(r, cutAt);
  });

  it('cut link at the instant B would hold a complete image (faults come first): the last batch is lost, A never commits, the VM resumes on A', () => {
    const cutAt = base.imageComplete;
    const r = run(SMALL, [`cut:link@${us(cutAt)}`]);
    expect(r.m.outcome).toBe('aborted');
    expect(r.first('migration.commit')).toBeNull();
    expectRunningOnA(r, cutAt);
  });

  it('a cut healed before the failure timeout does not leave the migration hanging', () => {
    const r = run(SMALL, ['cut:link@2s', 'heal:link@2050ms']);
    expect(['completed', 'aborted']).toContain(r.m.outcome);
    expect(r.result.vm.state).toBe('running');
  });
});

describe('migration: a crash of A before commitment loses the VM (migration is not high availability)', () => {
  for (const [stage, at] of [
    ['in round 1', () => 2_000_000],
    ['during stop-and-copy', () => Math.floor((base.suspend + base.imageComplete) / 2)],
    ['at the very instant A would commit (faults come first)', () => base.commit],
  ] as const) {
    it(`crash of A ${stage}`, () => {
      const crashAt = at();
      const r = run(SMALL, [`crash:A@${us(crashAt)}`]);
      expect(r.m.outcome).toBe('vm-lost');
      expect(r.first('migration.commit')).toBeNull();
      expect(r.first('vm.activated')).toBeNull();
      expect(r.result.vm.host).toBeNull();
      expect(r.result.vm.lostAtUs).toBe(crashAt);
      expect(r.result.client.sessionState).toBe('stalled');
      expect(r.result.client.lastFrameAtUs).toBeLessThan(crashAt + 1_000_000);
      expect(r.framesFrom('B')).toEqual([]);
      expect(r.verdict('vm-survives-host-failure')?.holds).toBe(false);
      expect(r.verdict('transactional-safety')?.holds).toBe(true);
      expect(r.first('copy.discarded')).toBeGreaterThan(crashAt); // B discards its partial copy
    });
  }
});

describe('migration: after commitment the VM lives on B', () => {
  for (const [when, at] of [
    ['one microsecond after the commit, before activation', () => base.commit + 1],
    ['just before activation', () => base.activated - 1],
    ['after activation', () => base.activated + 500_000],
  ] as const) {
    it(`crash of A ${when}: completed, the VM runs on B and the client stays connected`, () => {
      const crashAt = at();
      const r = run(SMALL, [`crash:A@${us(crashAt)}`]);
      expect(r.first('migration.commit')).toBe(base.commit);
      expect(r.m.outcome).toBe('completed');
      expect(r.first('vm.activated')).toBe(base.activated);
      expect(r.result.vm).toMatchObject({ host: 'B', state: 'running', lostAtUs: null });
      expect(r.result.client.sessionState).toBe('connected');
      expect(r.result.client.rollbacks).toBe(0);
      expect(r.framesFrom('B', base.activated).length).toBeGreaterThanOrEqual(Math.floor((UNTIL_US - base.activated) / 1e6) - 1);
      expect(r.verdict('no-lost-update')?.holds).toBe(true);
      expect(r.verdict('every-page-sent')?.holds).toBe(true);
      expect(r.verdict('vm-survives-host-failure')?.holds).toBe(true);
      expect(r.maxRunning()).toBeLessThanOrEqual(1);
    });
  }
});

describe('migration: a crash of B after the commit', () => {
  // After commitment B is primary and A never runs the VM again: a dead B loses the VM, and must
  // not complete the migration.
  for (const [when, at] of [
    ['with the commit still on the wire', () => base.commit + 1],
    ['while B resumes the VM (resumeMs)', () => base.activated - 1],
  ] as const) {
    it(`${when}: not completed, and a dead host activates nothing`, () => {
      const crashAt = at();
      const r = run(SMALL, [`crash:B@${us(crashAt)}`]);
      expect(r.first('migration.commit')).toBe(base.commit);
      expect(r.first('vm.activated')).toBeNull();
      expect(r.m.totalTimeUs).toBeNull();
      expect(r.m.outcome).toBe('vm-lost');
      expect(r.first('guest.resumed', 'hostA.hypervisor')).toBeNull();
      expect(r.result.vm.host).toBeNull();
      expect(r.verdict('vm-survives-host-failure')?.holds).toBe(false);
      expect(r.maxRunning()).toBeLessThanOrEqual(1);
    });
  }

  it('crash of B after activation: the migration completed, then the VM died with B', () => {
    const crashAt = base.activated + 500_000;
    const r = run(SMALL, [`crash:B@${us(crashAt)}`]);
    expect(r.m.outcome).toBe('completed');
    expect(r.m.totalTimeUs).toBe(base.activated - 1_000_000);
    expect(r.result.vm).toMatchObject({ host: null, lostAtUs: crashAt });
    expect(r.result.client.sessionState).toBe('stalled');
  });
});

describe('migration presets complete with every invariant holding', () => {
  for (const preset of ['idle', 'web-server', 'game-server', 'diabolical', 'stop-and-copy']) {
    it(preset, () => {
      const { spec } = resolveRun({ scenario: 'migration', preset });
      const r = run({}, [], `${spec.untilUs}us`, preset);
      expect(r.m.outcome).toBe('completed');
      expect(r.m.totalTimeUs).toBeGreaterThan(0);
      expect(r.m.downtimeUs).toBeGreaterThan(0);
      expect(r.m.totalPagesSent).toBeGreaterThanOrEqual(spec.params.memoryPages as number);
      expect(r.result.vm).toMatchObject({ host: 'B', state: 'running' });
      for (const inv of r.result.invariants) expect(inv.holds, `${inv.name}: ${inv.detail}`).toBe(true);
      // However long the downtime, the client's TCP connection moved with the VM: stalled at most, then connected again.
      expect(r.result.client.sessionState).toBe('connected');
      expect(r.result.client.rollbacks).toBe(0);
      const stalls = r.world.trace.events.filter((e) => e.actor === 'client' && e.type === 'session.stalled').length;
      expect(r.world.trace.events.filter((e) => e.actor === 'client' && e.type === 'session.recovered')).toHaveLength(stalls);
      if (preset === 'diabolical') expect(stalls).toBeGreaterThan(0);
      if (preset === 'stop-and-copy') expect(r.m.rounds).toHaveLength(1);
      else expect(r.m.rounds.length).toBeGreaterThan(2);
    }, 20_000);
  }
});

describe('the xclock across a migration', () => {
  it('idle: the client keeps getting frames, from host B after activation, with no gap, no rollback and no stall beyond the downtime', () => {
    const r = run({}, [], '12s', 'idle');
    expect(r.m.outcome).toBe('completed');
    const activated = r.first('vm.activated')!;
    const suspended = r.first('guest.suspend')!;
    expect(r.framesFrom('A', activated)).toEqual([]);
    expect(r.framesFrom('B', activated).length).toBeGreaterThanOrEqual(Math.floor((12_000_000 - activated) / 1e6));
    expect(r.framesFrom('A').every((f) => f.sentAtUs <= suspended)).toBe(true);
    const c = r.result.client;
    expect(c).toMatchObject({ sessionState: 'connected', gaps: 0, rollbacks: 0, duplicates: 0, framesReceived: 12 });
    expect(c.maxStallUs).toBeLessThanOrEqual(r.m.downtimeUs!);
    expect(r.result.invariants.every((i) => i.holds)).toBe(true);
    // The guest ran on A, then on B, never on both (and the frames show it).
    const runningOn = (h: 'A' | 'B') => r.world.frames.filter((f) => f.hosts[h].guest === 'running').map((f) => f.atUs);
    expect(Math.max(...runningOn('A'))).toBeLessThan(suspended);
    expect(Math.min(...runningOn('B'))).toBe(activated);
    expect(r.maxRunning()).toBe(1);
  });

  it('a redraw due while the VM is suspended happens at its resume on B: the stall is the downtime less the time before the tick', () => {
    // Stop-and-copy suspends 200 µs after the start (two link latencies): at 999.2 ms, just before the 1 s tick.
    const r = run({ memoryPages: 8192, stopPolicy: 'stop-and-copy', migrateAtMs: 999 });
    const suspended = r.first('guest.suspend')!;
    const activated = r.first('vm.activated')!;
    expect(suspended).toBe(999_200);
    expect(r.m.downtimeUs).toBe(activated - suspended);
    const c = r.result.client;
    expect(c.maxStallUs).toBe(activated - 1_000_000);
    expect(c.maxStallUs).toBeGreaterThan(r.m.downtimeUs! - 1000);
    expect(c).toMatchObject({ sessionState: 'connected', gaps: 0, rollbacks: 0 });
    // The 1 s frame comes from B, at the resume.
    const late = r.framesFrom('B', activated)[0];
    expect(late.sentAtUs).toBe(activated);
    expect(r.framesFrom('A').every((f) => f.sentAtUs < 1_000_000)).toBe(true);
  });

  it('no lost update when an xclock redraw falls in the instant pre-copy stops', () => {
    // Round 1 of 384 pages at 8.388608 Mbit/s lasts exactly 1.5 s, from 0.5 s to 2.0 s, the instant of
    // a redraw (which dirties the framebuffer). The QEMU rule stops after that round: the final round
    // must carry what the redraw wrote, or B resumes with stale pages.
    const r = run(
      { memoryPages: 384, bandwidthMbps: 8.388608, migrateAtMs: 500, latencyUs: 0, resumeMs: 0, dirtyPagesPerSec: 0, packetsPerSec: 0, diskWritesPerSec: 0, stopPolicy: 'qemu' },
      [],
      '6s',
    );
    expect(r.m.rounds[0]).toMatchObject({ pagesSent: 384, endUs: 2_000_000 });
    expect(r.first('guest.suspend')).toBe(2_000_000);
    expect(r.m.outcome).toBe('completed');
    const v = r.verdict('no-lost-update');
    expect(v?.holds, v?.detail).toBe(true);
  });
});

describe("migration: Clark's commitment point (A decides only from what it has heard; after committing it never runs the VM again)", () => {
  it('the link cut just after the commit reached B, with a resume longer than the failure timeout: A keeps its hands off, B activates, every rule holds', () => {
    // The run of the issue that found the bug: A's detector fires (300 ms) before B's resume ends (500 ms).
    const r = run({ resumeMs: 500 }, ['cut:link@commit+101us'], '12s', 'idle');
    expect(r.m.outcome).toBe('completed');
    expect(r.result.invariants.filter((i) => !i.holds)).toEqual([]);
    expect(r.verdict('no-lost-update')?.detail).toBe("at activation every page on B has A's latest version");
    const commit = r.first('migration.commit')!;
    expect(r.first('guest.resumed', 'hostA.hypervisor')).toBeNull();
    for (const f of r.world.frames) if (f.atUs > commit) expect(f.hosts.A.guest).not.toBe('running');
    expect(r.result.vm).toMatchObject({ host: 'B', state: 'running' });
    expect(r.world.frames.at(-1)!.notes.some((n) => n.includes('Past the commitment point A never runs the VM again') && n.includes('host B, which got the commit, will run the VM'))).toBe(true);
  });

  it('the link cut with the commit still on the wire: A has let go and B never got it, so the VM is lost (and the screen says why)', () => {
    const r = run({ resumeMs: 500 }, ['cut:link@commit'], '12s', 'idle');
    expect(r.m.outcome).toBe('vm-lost');
    expect(r.first('vm.activated')).toBeNull();
    expect(r.first('guest.resumed', 'hostA.hypervisor')).toBeNull();
    expect(r.result.vm.host).toBeNull();
    const notes = r.world.frames.at(-1)!.notes.join('\n');
    expect(notes).toContain("host B never got host A's commit and discards its image");
    expect(notes).toContain('the VM is lost, as in Clark');
  });

  it('a cut during stop-and-copy is found by the failure detector, like a crash of B: the suspended VM resumes on A about 300 ms later, not in the same instant', () => {
    const r = run(SMALL, [`cut:link@${us(base.suspend + 100)}`]);
    expect(r.m.outcome).toBe('aborted');
    const resumedAt = r.first('guest.resumed', 'hostA.hypervisor')!;
    expect(resumedAt - (base.suspend + 100)).toBeGreaterThanOrEqual(200_000);
    expect(resumedAt - (base.suspend + 100)).toBeLessThanOrEqual(300_000);
    expect(r.m.downtimeUs).toBe(resumedAt - base.suspend);
    expectRunningOnA(r, base.suspend + 100);
  });

  it('a cut healed before either detector fires: in the rounds, A hears B again and aborts (the stream broke); after the commit, A sends it again and B activates', () => {
    const inRounds = run(SMALL, ['cut:link@2s', 'heal:link@2.1s']);
    expect(inRounds.m.outcome).toBe('aborted');
    expect(inRounds.first('migration.aborted')).toBe(2_100_000);
    expectRunningOnA(inRounds, 2_100_000);
    const commitLost = run({ resumeMs: 500 }, ['cut:link@commit', 'heal:link@commit+100ms'], '12s', 'idle');
    expect(commitLost.m.outcome).toBe('completed');
    expect(commitLost.verdict('no-lost-update')?.holds).toBe(true);
    expect(commitLost.first('guest.resumed', 'hostA.hypervisor')).toBeNull();
  });
});
