/**
 * The runner's `sweep` command (DESIGN §10): CSV with a header and one row per run, each row the
 * figures a single run of the same spec reports; bad `--vary` parts exit 2 with one line naming them.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');
const CLI = resolve(ROOT, 'src/cli/main.ts');

function sim(...args: string[]) {
  return spawnSync(TSX, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('sim sweep', () => {
  it('crashBAt: when is the second failure fatal? After crash A and restart A, a crash of B is fatal until the resync of A ends (7.57 s)', () => {
    const r = sim('sweep', '--scenario', 'remus', '--until', '14s', '--fault', 'crash:A@2s', '--fault', 'restart:A@4s', '--vary', 'crashBAt=5s:12s:8');
    expect(r.status).toBe(0);
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows[0].split(',')[0]).toBe('crashBAtUs');
    const cells = rows.slice(1).map((l) => l.split(','));
    expect(cells.map((c) => c[0])).toEqual(['5000000', '6000000', '7000000', '8000000', '9000000', '10000000', '11000000', '12000000']);
    expect(cells.map((c) => c[9])).toEqual(['stalled', 'stalled', 'stalled', 'connected', 'connected', 'connected', 'connected', 'connected']);
    expect(cells.map((c) => c[16])).toEqual(['vm-survives-host-failure', 'vm-survives-host-failure', 'vm-survives-host-failure', '', '', '', '', '']);
  }, 60_000);

  it('prints a CSV header and one row per crash time, matching single runs', () => {
    const r = sim('sweep', '--scenario', 'remus', '--until', '4s', '--vary', 'crashAt=1s:3s:3');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'crashAtUs,scenario,seed,traceHash,maxStallUs,framesReceived,gaps,duplicates,rollbacks,sessionState,outputsLost,outputsDuplicated,outputsRolledBack,downtimeUs,failoverUs,invariantsHeld,firstBroken',
    );
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['1000000', '2000000', '3000000']);
    // The middle row is the single run with --fault crash:A@2s.
    const single = JSON.parse(sim('--scenario', 'remus', '--until', '4s', '--fault', 'crash:A@2s', '--format', 'json').stdout);
    const cells = lines[2].split(',');
    expect(cells.slice(1, 10)).toEqual([
      'remus',
      '1',
      single.traceHash,
      String(single.client.maxStallUs),
      String(single.client.framesReceived),
      String(single.client.gaps),
      String(single.client.duplicates),
      String(single.client.rollbacks),
      single.client.sessionState,
    ]);
    expect(cells[14]).toBe(String(single.metrics.replication.failoverUs));
  });

  it('prints the same rows as JSON with --format json (it was accepted and ignored)', () => {
    const args = ['sweep', '--scenario', 'remus', '--until', '2s', '--vary', 'crashAt=500ms:1s:2'];
    const csv = sim(...args).stdout.trimEnd().split('\n');
    const json = JSON.parse(sim(...args, '--format', 'json').stdout);
    expect(json).toMatchObject({ v: 1, variable: 'crashAt', valueColumn: 'crashAtUs', from: 500_000, to: 1_000_000, runs: 2 });
    expect(json.bases).toEqual([expect.objectContaining({ scenario: 'remus', seed: 1, untilUs: 2_000_000, faults: [] })]);
    expect(json.rows.map((r: { value: number; traceHash: string }) => `${r.value},remus,1,${r.traceHash}`)).toEqual(csv.slice(1).map((l) => l.split(',').slice(0, 4).join(',')));
  });

  it('sweeps a parameter with --set, --seed and --fault applied to every run', () => {
    const r = sim('sweep', '--scenario', 'naive', '--seed', '3', '--until', '5s', '--fault', 'crash:A@3.3s', '--set', 'clockHz=4', '--vary', 'epochMs=25:500:2');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0].startsWith('epochMs,scenario,seed,')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['25,naive,3', '500,naive,3']);
    // Long epochs let the client see a frame the backup never gets: a rollback, and the session resets.
    expect(lines[2]).toMatch(/,reset,.*,false,client-never-rolls-back$/);
  });

  it.each([
    [['--vary', 'crashAt=1s:9s:0'], /--vary runs must be a whole number from 1 to 1000; got "0"/],
    [['--vary', 'crashAt=1s:30s:5'], /--vary to must be a duration from 0us to 20s \(the run's length\)/],
    [['--vary', 'bogus=1:2:3'], /--vary sweep variable "bogus" is not crashAt, crashBAt or a numeric parameter of remus; allowed: crashAt, crashBAt,/],
    [['--vary', 'crashAt=1s-9s-5'], /--vary must be <param\|crashAt\|crashBAt>=<from>:<to>:<runs>/],
    [['--vary', 'epochMs=50:5:4'], /--vary to must be greater than from \(50\) unless runs is 1/],
    [[], /sweep needs --vary/],
    [['--vary', 'crashAt=1s:2s:2', '--format', 'trace'], /^sim: --format of a sweep must be one of csv, json; got "trace"$/],
  ])('refuses %j with exit 2 and one line naming the bad part', (args, message) => {
    const r = sim('sweep', '--scenario', 'remus', ...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
