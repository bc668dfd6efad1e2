/**
 * After the takeover (issue 19): a restarted host boots, rejoins, is resynchronized from the running
 * VM in pre-copy rounds, and the technique protects the VM again with the roles swapped; a second
 * failure after the resync is survived, one inside it (the window of vulnerability) loses the VM.
 * Runs through the public API (resolveRun, createWorld, runResult), read from the trace and frames.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReplicationFrame } from '../../src/world/frame';
import { runScenario, us } from '../support/replication';

const TWO_FAILURES = ['crash:A@2s', 'restart:A@4s'];
const replicationOf = (run: ReturnType<typeof runScenario>, t: number) => run.world.frameAt(t).protocol as ReplicationFrame;

describe.each(['remus', 'kemari'])('%s: repair, resync, second failure', (scenario) => {
  it('survives two failures: crash A, restart A (resynchronized live), crash B; the session stays connected and every rule holds', () => {
    const run = runScenario(scenario, { untilUs: us(18), faults: [...TWO_FAILURES, 'crash:B@15s'] });
    expect(run.result.client.sessionState).toBe('connected');
    expect(run.result.client.shows).toBe('00:00:17');
    expect(run.result.vm).toMatchObject({ host: 'A', state: 'running' });
    expect(run.result.invariants.filter((v) => !v.holds)).toEqual([]);
    // The takeovers: B's backup at 2.2 s, then the second protection's backup (on A) at 15.2 s.
    expect(run.find('takeover').map((e) => [e.actor, e.at])).toEqual([
      [`hostB.${scenario}`, 2_200_100],
      [`hostA.${scenario}.2`, 15_200_100],
    ]);
    expect(run.first('host.up', 'hostA')?.at).toBe(7_000_000);
    const repair = run.result.metrics.repair as { restarts: number; failovers: number; protections: number; resyncs: { from: string; to: string; startedAtUs: number; outcome: string; rounds: number }[] };
    expect(repair).toMatchObject({ restarts: 1, failovers: 2, protections: 2 });
    expect(repair.resyncs).toMatchObject([{ from: 'B', to: 'A', startedAtUs: 7_000_000, outcome: 'complete', rounds: 5 }]);
    expect(run.holds('rejoined-copy-current')).toBe(true);
    expect(run.world.monitors.maxRunningCopies).toBe(1);
  });

  it('loses the VM when B fails while A is still being resynchronized, and says why; the session does not recover', () => {
    const run = runScenario(scenario, { untilUs: us(18), faults: [...TWO_FAILURES, 'crash:B@7.3s'] });
    expect(run.result.vm.state).toBe('destroyed');
    expect(run.result.vm.lostAtUs).toBe(7_300_000);
    expect(run.result.client.sessionState).not.toBe('connected');
    expect(run.holds('vm-survives-host-failure')).toBe(false);
    expect(run.holds('single-active-instance')).toBe(true);
    expect(run.find('takeover')).toHaveLength(1);
    const notes = run.world.frameAt(us(18)).notes.join('\n');
    expect(notes).toMatch(/host B failed while host A was still being resynchronized \([\d,]+ of 16,384 pages\): no host holds a complete copy of the VM, so it is lost/);
  });

  it('shows the repair in its frames: A booting, then resyncing with B as the primary, then protected again with the roles swapped', () => {
    const run = runScenario(scenario, { untilUs: us(9), faults: TWO_FAILURES });
    const booting = replicationOf(run, us(5));
    expect(booting).toMatchObject({ primaryHost: 'B', primary: 'unprotected', backup: 'booting' });
    expect(run.world.frameAt(us(5)).hosts.A.power).toBe('booting');
    const resyncing = replicationOf(run, us(7.2));
    expect(resyncing).toMatchObject({ primaryHost: 'B', primary: 'unprotected', backup: 'resyncing' });
    expect(resyncing.repair!.resync).toMatchObject({ from: 'B', to: 'A', round: 1, pageCount: 16_384, outcome: 'running' });
    expect(resyncing.repair!.resync!.pagesCopied).toBeGreaterThan(0);
    expect(resyncing.repair!.resync!.pagesCopied).toBeLessThan(16_384);
    const again = replicationOf(run, us(9));
    expect(again).toMatchObject({ primaryHost: 'B', backup: 'standby', repair: { generation: 2, failovers: 1 } });
    expect(again.primary === 'protected' || again.primary === 'syncing').toBe(true);
    // The window of vulnerability: from the takeover to the end of the resync.
    expect(again.repair!.unprotected).toHaveLength(1);
    expect(again.repair!.unprotected[0].fromUs).toBe(2_200_100);
    expect(again.repair!.unprotected[0].toUs).toBeGreaterThan(7_500_000);
    expect(again.repair!.unprotected[0].toUs).toBeLessThan(7_600_000);
    // The second protection's actors have names of their own, on the hosts that play each role now.
    const actors = new Set(run.events.map((e) => e.actor));
    expect(actors).toContain('hostB.resync');
    expect(actors).toContain(`hostA.${scenario}.2`);
  });
});

describe('repair: the window of vulnerability as a boundary', () => {
  // Remus, seed 1: the resync of A ends (B commits) at 7,573,218 µs. A second crash of B up to that
  // instant loses the VM; any later one is survived. One boundary, at the end of the resync.
  const RESYNC_END_US = 7_573_218;

  it('the resync of the default Remus run ends where the boundary is', () => {
    const run = runScenario('remus', { untilUs: us(9), faults: TWO_FAILURES });
    expect(run.first('migration.commit', 'hostB.resync')?.at).toBe(RESYNC_END_US);
  });

  it('property: a second crash of B is fatal exactly when it comes before the resync ends', () => {
    let fatal = 0;
    let survived = 0;
    fc.assert(
      fc.property(fc.integer({ min: 2_300_000, max: 11_000_000 }), (crashBAt) => {
        const run = runScenario('remus', { untilUs: crashBAt + 1_500_000, faults: [...TWO_FAILURES, `crash:B@${crashBAt}us`] });
        const lost = run.result.vm.state === 'destroyed';
        if (lost) fatal++;
        else survived++;
        expect(lost).toBe(crashBAt <= RESYNC_END_US);
        expect(run.holds('single-active-instance')).toBe(true);
        expect(run.holds('client-never-rolls-back')).toBe(true);
      }),
      { numRuns: 24, examples: [[RESYNC_END_US], [RESYNC_END_US + 1]] },
    );
    // Both sides of the boundary were tried.
    expect(fatal).toBeGreaterThan(2);
    expect(survived).toBeGreaterThan(2);
  });
});

describe('restart: what a restart does and does not do', () => {
  it('a host that is up has nothing to restart: the run is the same as without the fault, but for the fault line and a note', () => {
    const run = runScenario('remus', { untilUs: us(3), faults: ['restart:B@1s'] });
    expect(run.find('host.booting')).toEqual([]);
    expect(run.world.frameAt(us(3)).notes.some((n) => n.includes('host B is up: there is nothing to restart'))).toBe(true);
    expect(run.result.invariants.filter((v) => !v.holds)).toEqual([]);
  });

  it('the backup crashed and restarted: A resynchronizes it and protects the VM again (same roles, a second protection)', () => {
    const run = runScenario('remus', { untilUs: us(10), faults: ['crash:B@2s', 'restart:B@3s'] });
    const f = replicationOf(run, us(10));
    expect(f).toMatchObject({ primaryHost: 'A', backup: 'standby', repair: { generation: 2, failovers: 0 } });
    expect(run.first('migration.commit', 'hostA.resync')).toBeDefined();
    expect(run.result.invariants.filter((v) => !v.holds)).toEqual([]);
    expect(run.find('checkpoint.pause', 'hostA.remus.2').length).toBeGreaterThan(10);
  });

  it('a backup that reboots within the failure timeout: its broken stream tells the primary, which gives it up and resynchronizes it', () => {
    const run = runScenario('remus', { untilUs: us(8), params: { bootMs: 100 }, faults: ['crash:B@2s', 'restart:B@2.05s'] });
    expect(run.first('host.up', 'hostB')?.at).toBe(2_150_000);
    // Host A's detector would fire only at 2.2 s; the restart broke the stream first.
    expect(run.first('protection.lost', 'hostA.remus')?.at).toBe(2_150_000);
    expect(run.first('migration.commit', 'hostA.resync')?.at).toBe(2_723_185);
    expect(replicationOf(run, us(8))).toMatchObject({ primaryHost: 'A', backup: 'standby', repair: { generation: 2 } });
    expect(run.result.client.sessionState).toBe('connected');
    expect(run.result.invariants.filter((v) => !v.holds)).toEqual([]);
  });

  it('a host that crashes again while it boots stays down, and the VM runs on unprotected', () => {
    const run = runScenario('kemari', { untilUs: us(8), faults: ['crash:A@2s', 'restart:A@3s', 'crash:A@4s'] });
    expect(run.find('host.crashed', 'hostA').map((e) => e.at)).toEqual([2_000_000, 4_000_000]);
    expect(run.find('host.up')).toEqual([]);
    expect(run.result.vm).toMatchObject({ host: 'B', state: 'running' });
    // The first protection, which took over, tells it as it is while A is down: its primary (A) down, its backup active.
    expect(replicationOf(run, us(8))).toMatchObject({ primaryHost: 'A', primary: 'down', backup: 'active' });
  });
});

describe('migration: a target restarted after an aborted migration is tried again', () => {
  it('B fails mid-migration (abort, the VM runs on at A); B restarts; once A hears it, a second attempt moves the VM', () => {
    const run = runScenario('migration', { untilUs: us(12), faults: ['crash:B@1.2s', 'restart:B@2s'] });
    expect(run.find('migration.aborted').map((e) => [e.actor, e.at])).toEqual([['hostA.precopy', 1_400_100]]);
    // B is up at 5 s; A hears its heartbeat 100.1 ms later and starts attempt 2 then.
    expect(run.find('migrate.start', 'lab').map((e) => e.at)).toEqual([1_000_000, 5_100_100]);
    expect(run.first('vm.activated')?.actor).toBe('hostB.migration.2');
    expect(run.result.vm).toMatchObject({ host: 'B', state: 'running' });
    expect(run.result.metrics.retry).toEqual({ restarts: 1, attempts: 2 });
    expect(run.result.metrics.migration).toMatchObject({ outcome: 'completed', totalTimeUs: 4_362_638 });
    expect(run.result.invariants.filter((v) => !v.holds)).toEqual([]);
  });

  it('a host restarted after a migration that completed is only up again: no new attempt', () => {
    const run = runScenario('migration', { untilUs: us(14), faults: ['crash:A@9s', 'restart:A@9.5s'] });
    expect(run.find('migrate.start', 'lab')).toHaveLength(1);
    expect(run.result.metrics.retry).toEqual({ restarts: 1, attempts: 1 });
    expect(run.result.vm).toMatchObject({ host: 'B', state: 'running' });
  });
});
