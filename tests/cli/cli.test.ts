import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const CLI = resolve(ROOT, 'src/cli/main.ts');

function sim(...args: string[]) {
  return spawnSync(TSX, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('headless runner', () => {
  it('names every scenario, preset, phase, parameter and JSON group in --help, post-copy\'s among them', () => {
    const out = execFileSync(TSX, [CLI, '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain('  postcopy: idle, write-heavy, touch-all, push-only; phases suspend, handover, resume, fault:<n>, complete');
    expect(out).toContain('prepaging (bubbling|none)');
    expect(out).toContain('metrics.postcopy {networkFaults, pagesPushed, pagesPulled, degradedTimeUs, stalledUs, pagesOnB} (postcopy)');
    expect(out).toMatch(/writer \(round-robin\|random\)/);
    expect(out).toContain('requestsPerSec (requests/s)');
    expect(out).toContain('metrics.requests {sent, answered, lost, unanswered, latencyUs {mean, p95, max}} (runs with requestsPerSec > 0)');
    expect(out).toContain('  colo: default, qemu, steady, chatty, requests; phases divergence:<n>, checkpoint:<n>, acked:<n>');
    expect(out).toContain('divergencePerSec (/s)');
    expect(out).toContain('checkpointIntervalMs (ms)');
    expect(out).toContain('COLO adds checkpointsByCause\n    {divergence, periodic}, releasedAtOnce, heldForCheckpoint');
    expect(out).toContain('  lockstep: default, requests, busy; phases entry:<n>, acked:<n>');
    expect(out).toContain('metrics.lockstep {logEntries, logBytes, logBitsPerSec, replayLagUs {mean, max}, outputsHeld, testAndSet} (lockstep)');
  });

  it('runs lock-stepping with a crash of A just after an input was logged: metrics.lockstep, the output rule, B live', () => {
    const r = JSON.parse(execFileSync(TSX, [CLI, '--scenario', 'lockstep', '--fault', 'crash:A@entry:10+50us', '--until', '3s', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' }));
    // Entry 10 (the clock's tick at 1 s) never reached B: B replays entries 1 to 9 and goes live; host B won the test-and-set.
    expect(r.metrics.lockstep).toEqual({ logEntries: 10, logBytes: 384, logBitsPerSec: 1024, replayLagUs: { mean: 101, max: 101 }, outputsHeld: 4, testAndSet: 'B' });
    expect(r.invariants.filter((i: { holds: boolean }) => !i.holds)).toEqual([]);
    expect([r.vm.host, r.client.sessionState, r.client.rollbacks, r.metrics.replication.outputsLost]).toEqual(['B', 'connected', 0, 0]);
  });

  it('runs COLO with a crash of A as its second (periodic) checkpoint begins: checkpoints by cause, outputs released at once or after one, its rules', () => {
    const r = JSON.parse(execFileSync(TSX, [CLI, '--scenario', 'colo', '--fault', 'crash:A@checkpoint:2', '--until', '7s', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' }));
    // A difference at 1 s, then 4 s without one: the timer's checkpoint at 5.034 s, never acknowledged.
    expect(r.metrics.replication).toMatchObject({ checkpoints: 2, checkpointsAcked: 1, checkpointsByCause: { divergence: 1, periodic: 1 }, outputsLost: 0, outputsRolledBack: 0, failoverUs: 265_938 });
    expect([r.metrics.replication.releasedAtOnce, r.metrics.replication.heldForCheckpoint]).toEqual([31, 1]);
    expect(r.invariants.filter((i: { holds: boolean }) => !i.holds)).toEqual([]);
    expect(r.invariants.map((i: { name: string }) => i.name)).toEqual(expect.arrayContaining(['compare-before-release', 'no-output-lost-on-failover', 'no-rollback-on-failover']));
    expect([r.vm.host, r.client.sessionState, r.client.rollbacks]).toEqual(['B', 'connected', 0]);
  });

  it('runs post-copy with its figures: metrics.migration without rounds, metrics.postcopy (64 MiB arrive before the next redraw: no fault), its rules', () => {
    const r = JSON.parse(execFileSync(TSX, [CLI, '--scenario', 'postcopy', '--set', 'memoryMiB=64', '--until', '3s', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' }));
    expect(r.metrics.migration).toEqual({ rounds: [], stopReason: null, totalPagesSent: 16_384, totalTimeUs: 567_204, downtimeUs: 50_133, outcome: 'completed' });
    expect(r.metrics.postcopy).toEqual({ networkFaults: 0, pagesPushed: 16_384, pagesPulled: 0, degradedTimeUs: 516_871, stalledUs: 0, pagesOnB: 16_384 });
    expect(r.invariants.map((i: { name: string }) => i.name)).toEqual(expect.arrayContaining(['no-page-twice', 'every-page-on-b', 'resume-only-before-handover']));
  });

  it('shows the last frame at or before the crash and a session stalled for good', () => {
    const out = execFileSync(TSX, [CLI, '--scenario', 'unprotected', '--fault', 'crash:A@3s', '--until', '6s', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    const r = JSON.parse(out);
    expect(r.scenario).toBe('unprotected');
    expect(r.untilUs).toBe(6_000_000);
    expect(r.client.sessionState).toBe('stalled');
    expect(r.client.lastFrameAtUs).toBeLessThanOrEqual(3_000_000);
    expect(r.client.shows).toBe('00:00:02');
    expect(r.client.framesReceived).toBe(3);
    // Frame 4 was due at 3.0002 s and never came: late by the rest of the run.
    expect(r.client.maxStallUs).toBe(6_000_000 - 3_000_200);
    expect(r.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(r.params.bandwidthMbps).toBe(1000);
    expect(r.params.memoryPages).toBe(r.params.memoryMiB * 256);
    const survives = r.invariants.find((i: { name: string }) => i.name === 'vm-survives-host-failure');
    expect(survives.holds).toBe(false);
    for (const i of r.invariants) expect(Object.keys(i).sort()).toEqual(['detail', 'holds', 'name']);
    for (const key of ['framesReceived', 'lastFrameAtUs', 'maxStallUs', 'gaps', 'duplicates', 'rollbacks', 'sessionState']) expect(r.client).toHaveProperty(key);
  });

  it('refuses a detector whose heartbeat is not shorter than its timeout: exit 2, one line naming both fields and the relation', () => {
    const r = sim('--scenario', 'kemari', '--set', 'heartbeatMs=400');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('sim: heartbeatMs must be less than failureTimeoutMs (300 ms); got 400; failureTimeoutMs must be greater than heartbeatMs (400 ms); got 300\n');
  });

  it('gives the same trace hash for the same run and a different one for another seed', () => {
    const run = (seed: string) => JSON.parse(sim('--scenario', 'unprotected', '--seed', seed, '--until', '3s', '--set', 'writer=random').stdout).traceHash;
    expect(run('7')).toBe(run('7'));
    expect(run('7')).not.toBe(run('8'));
  });

  it('prints the text trace and a summary', () => {
    const trace = sim('--scenario', 'unprotected', '--until', '1.5s', '--format', 'trace').stdout;
    expect(trace.split('\n')[0]).toMatch(/^\s+0\.000ms {2}lab {2}run\.start {2}scenario=unprotected preset=default seed=1$/);
    expect(trace).toMatch(/client {2}frame\.shown {2}seq=2 shows=00:00:01/);
    const summary = sim('--scenario', 'unprotected', '--until', '2s', '--format', 'summary').stdout;
    expect(summary).toMatch(/session connected/);
  });

  it('refuses hundreds of bad values in one whole line: each distinct one up to 20, then how many more (a pipe cut it at 64 KiB before)', () => {
    const params = Array.from({ length: 250 }, (_, i) => ['--set', `p${i}=1`]).flat();
    const faults = Array.from({ length: 100 }, (_, i) => ['--fault', `crash:C@${(i % 50) + 1}s`]).flat();
    const r = sim('--scenario', 'remus', ...params, ...faults);
    expect(r.status).toBe(2);
    expect(r.stderr.endsWith('; and 280 more refused values\n')).toBe(true);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stderr.match(/parameter "p\d+" is not a parameter of remus/g)).toHaveLength(20);
  });

  it.each([
    [['--scenario', 'nope'], /scenario "nope" is unknown; allowed: unprotected, migration/],
    [['--scenario', 'unprotected', '--preset', 'huge'], /preset "huge" is not a preset of unprotected; allowed: default/],
    [['--scenario', 'remus', '--preset', 'toString'], /^sim: preset "toString" is not a preset of remus; allowed: default, as-shipped, busy, fenced$/],
    [['--scenario', 'unprotected', '--set', 'bandwidthMbps=0'], /bandwidthMbps must be a number from 1 to 100000 \(Mbit\/s\); got "0"/],
    [['--scenario', 'unprotected', '--set', 'nonsense=1'], /parameter "nonsense" is not a parameter of unprotected/],
    [['--scenario', 'unprotected', '--fault', 'crash:C@1s'], /fault "crash:C@1s": a crash targets host A or B/],
    [['--scenario', 'unprotected', '--until', 'soon'], /until must be a duration/],
    [['--scenario', 'unprotected', '--seed', '-3'], /seed must be a whole number from 0 to/],
    [['--scenario', 'unprotected', '--bogus'], /unknown argument "--bogus"/],
    [['--scenario', 'unprotected', '--format', 'xml'], /--format must be one of json, trace, summary/],
    [['--scenario', 'kemari', '--set', 'failureTimeoutMs=50'], /^sim: heartbeatMs must be less than failureTimeoutMs \(50 ms\); got 100; failureTimeoutMs must be greater than heartbeatMs \(100 ms\); got 50$/],
  ])('refuses %j with exit 2 and one line naming the bad part', (args, message) => {
    const r = sim(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
