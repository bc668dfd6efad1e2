/**
 * The compare view's components by role and label: the table shows runResult's figures for each
 * technique, one row each; the panes show each run's xclock with its session and a status line; the one
 * set of controls calls back.
 */
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { compareRow, compareRuns, defaultCompare, techniqueLine } from '../../src/app/compare';
import { speedLabel, SPEEDS } from '../../src/app/playback';
import { getScenario } from '../../src/scenarios/index';
import CompareTable from '../../src/view/CompareTable.svelte';
import CompareView from '../../src/view/CompareView.svelte';
import { paneStatus, type PaneData } from '../../src/view/compare-status';
import { formatFraction, formatStall, formatTraffic } from '../../src/view/compare-table';
import { runResult, type RunResult } from '../../src/world/result';
import { createWorld, type World } from '../../src/world/world';

// Host A crashes at 3.5 s in every run; each runs 6 s (the unprotected client's session stalls for good from 4.1002 s).
const compare = { ...defaultCompare(), crashAtUs: 3_500_000, untilUs: 6_000_000 };
const specs = compareRuns(compare);
const runs: { world: World; result: RunResult }[] = specs.map((spec) => {
  const world = createWorld(spec);
  world.runUntil(spec.untilUs);
  return { world, result: runResult(world, spec.untilUs) };
});
const titleOf = (id: string) => getScenario(id)!.title;
const rows = specs.map((spec, i) => compareRow(spec.scenario, titleOf(spec.scenario), runs[i].result));

describe('CompareTable', () => {
  it('has one row per technique, with the figures of the seeded run as a user reads them', () => {
    render(CompareTable, { rows, untilUs: compare.untilUs, crashAtUs: compare.crashAtUs });
    const table = screen.getByRole('table', { name: /Each technique run to the end \(6 s\), host A crashed at 3\.5 s/ });
    const headers = within(table).getAllByRole('columnheader').map((h) => h.textContent?.trim());
    // No requests in these runs: no reply-time column.
    expect(headers).toEqual(['Technique', 'Session at the end', 'Client stall', 'Outputs lost', 'Duplicated', 'Rolled back', 'Replication traffic', 'Guest paused']);
    const bodyRows = within(table).getAllByRole('row').slice(1);
    const text = (row: HTMLElement) => [within(row).getByRole('rowheader'), ...within(row).getAllByRole('cell')].map((c) => c.textContent?.trim());
    expect(bodyRows.map(text)).toEqual([
      // 28 syncs before the crash, each pausing the guest a few ms (219 ms of 6 s); B, resumed from the
      // last sync, sends again one output A had already let out (a duplicate, not a loss).
      ['Kemari takeover', 'connected', '25.9 ms', '0', '1', '0', '26.7 MB', '3.65%'],
      // 139 checkpoints at 25 ms epochs until 3.5 s; an output waits up to one epoch plus its copy in the buffer.
      ['Remus checkpointing', 'connected', '27.3 ms', '0', '0', '0', '29.0 MB', '0.35%'],
      // Output not buffered: no added stall, but B resumes from the 3 s checkpoint, behind two outputs the client got.
      ['Naive snapshots (broken)', 'connected', '0.0 ms', '0', '1', '2', '24.7 MB', '0.11%'],
      // Frame 5 was due at 4.0002 s; at the end (6 s) it is 1999.8 ms late.
      ['Unprotected VM', 'stalled', '1999.8 ms', '0', '0', '0', '0 B', '0.00%'],
      // Both migrations moved the 64 MiB VM to B long before the crash: pre-copy sent 17,479 pages in 5
      // rounds (50.3 ms down); post-copy every page once (16,384: 50.1 ms down, then 9.8 ms stalled on 8 faults).
      ['Pre-copy live migration', 'connected', '0.0 ms', '0', '0', '0', '71.6 MB', '0.84%'],
      ['Post-copy live migration', 'connected', '0.0 ms', '0', '0', '0', '67.1 MB', '1.00%'],
      // COLO: one checkpoint (a difference at 1 s, 34 ms with both VMs stopped: the client's longest wait) and
      // the secondary's outputs; its TCP sends again one output after the takeover (a duplicate, not a loss).
      ['COLO: compare outputs, checkpoint on difference', 'connected', '34.2 ms', '0', '1', '0', '4.2 MB', '0.57%'],
      // Lock-stepping: every output waits a round trip (0.2 ms) for the acknowledgement of the entries before it;
      // the log of inputs is all that crosses (1.4 kB by 3.5 s); B went live between two frames.
      ['Lock-stepping: deterministic replay', 'connected', '0.2 ms', '0', '0', '0', '1.4 kB', '0.00%'],
    ]);
    expect(within(table).getByRole('row', { name: /^Remus checkpointing/ })).toBe(bodyRows[1]);
    // The exact byte count behind the rounded traffic figure.
    expect(within(bodyRows[1]).getByText('29.0 MB')).toHaveAttribute('title', '28,995,584 bytes');
  });

  it('gives the reply time when the client sends requests: what each technique makes an answer wait', () => {
    const withRequests = { ...compare, params: { ...compare.params, requestsPerSec: 20 } };
    const requestRows = compareRuns(withRequests).map((spec) => {
      const world = createWorld(spec);
      world.runUntil(spec.untilUs);
      return compareRow(spec.scenario, titleOf(spec.scenario), runResult(world, spec.untilUs));
    });
    render(CompareTable, { rows: requestRows, untilUs: compare.untilUs, crashAtUs: compare.crashAtUs });
    const table = screen.getByRole('table');
    expect(within(table).getAllByRole('columnheader').at(-1)?.textContent?.trim()).toBe('Reply time (p95)');
    const replyOf = (title: string) => within(within(table).getByRole('row', { name: new RegExp(`^${title.replace(/[()]/g, '\\$&')}`) })).getAllByRole('cell').at(-1)?.textContent?.trim();
    // Remus holds an answer for its checkpoint (25 ms epochs), Kemari for its sync; the others send it at once (the two trips, 0.4 ms).
    expect(['Kemari takeover', 'Remus checkpointing', 'Naive snapshots (broken)', 'Unprotected VM', 'Post-copy live migration'].map(replyOf)).toEqual(['7.0 ms', '26.1 ms', '0.4 ms', '0.4 ms', '0.4 ms']);
  });

  it('says the runs are still being computed before the rows exist', () => {
    render(CompareTable, { rows: null, untilUs: compare.untilUs, crashAtUs: compare.crashAtUs });
    expect(screen.getByRole('status')).toHaveTextContent('Running each technique to the end');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('writes stalls, traffic and pause fractions in readable units', () => {
    expect(formatStall(173_000)).toBe('173.0 ms');
    expect(formatStall(16_500_000)).toBe('16.50 s');
    expect(formatTraffic(28_995_584)).toBe('29.0 MB');
    expect(formatTraffic(4_096)).toBe('4.1 kB');
    expect(formatTraffic(0)).toBe('0 B');
    expect(formatFraction(0.010963)).toBe('1.10%');
  });
});

describe('CompareView', () => {
  const panesAt = (t: number): PaneData[] =>
    specs.map((spec, i) => ({ id: spec.scenario, title: titleOf(spec.scenario), technique: techniqueLine(spec), frame: runs[i].world.frameAt(t), linkLog: runs[i].world.linkLog, publicLog: runs[i].world.publicLog }));

  function setup(t: number) {
    const calls = { onToggle: vi.fn(), onStep: vi.fn(), onReset: vi.fn(), onSpeed: vi.fn(), onSeek: vi.fn(), onCrashAt: vi.fn() };
    const user = userEvent.setup();
    render(CompareView, { panes: panesAt(t), rows, crashAtUs: compare.crashAtUs, t, endUs: compare.untilUs, playing: false, speed: 1, speeds: SPEEDS, speedLabel, ...calls });
    return { user, calls };
  }

  it('shows a pane per technique, each with its stage, xclock, session and status, and one set of controls', () => {
    setup(5_900_000);
    const panes = within(screen.getByRole('region', { name: 'Techniques side by side' })).getAllByRole('region');
    expect(panes.map((p) => p.getAttribute('aria-label'))).toEqual(['Kemari takeover', 'Remus checkpointing', 'Naive snapshots (broken)', 'Unprotected VM', 'Pre-copy live migration', 'Post-copy live migration', 'COLO: compare outputs, checkpoint on difference', 'Lock-stepping: deterministic replay']);
    const [kemari, remus, naive, unprotected, precopy, postcopy, colo, lockstep] = panes;
    for (const pane of [precopy, postcopy]) expect(within(pane).getByText('Host A crashed at t = 3.5 s; the VM had moved to host B and runs on there.')).toBeInTheDocument();
    expect(within(remus).getByText('checkpoints every 25 ms, output buffered until acknowledged')).toBeInTheDocument();
    expect(within(naive).getByText('checkpoints every 500 ms, output not buffered')).toBeInTheDocument();
    // The three protected runs: B took over 300 ms after the last heartbeat it heard (3.4001 s), 200 ms after the crash.
    for (const pane of [kemari, remus, naive, colo, lockstep]) {
      expect(within(pane).getByRole('img', { name: /^Stage\./ })).toHaveAccessibleName(
        'Stage. Host A crashed. Host B up, primary. Replication link connected. VM running on host B.',
      );
      expect(within(pane).getByText('Host A crashed at t = 3.5 s; host B took over 200 ms later and runs the VM.')).toBeInTheDocument();
      expect(within(pane).getByText('Session: connected')).toBeInTheDocument();
      // The client's clock runs on, one frame a second (naive's guest resumed 0.5 s behind: 00:00:05 still).
      expect(within(pane).getByRole('img', { name: 'xclock shows 00:00:05' })).toBeInTheDocument();
    }
    expect(within(kemari).queryByText(/this session cannot recover|can recover/)).not.toBeInTheDocument();
    expect(within(unprotected).getByRole('img', { name: /^Stage\./ })).toHaveAccessibleName(
      'Stage. Host A crashed. Host B up, standby. Replication link connected. VM lost.',
    );
    expect(within(unprotected).getByText('Session: stalled')).toBeInTheDocument();
    expect(within(unprotected).queryByText('No copy of the VM runs anywhere: this session cannot recover.')).toBeNull();
    // The last frame it got was the one at 3 s (3.0002 s), 2.9 s before the playhead.
    expect(within(unprotected).getByRole('img', { name: 'xclock shows 00:00:03' })).toBeInTheDocument();
    expect(within(unprotected).getByText('no update for 2.9 s')).toBeInTheDocument();
    expect(within(unprotected).getByText('Host A crashed at t = 3.5 s: no copy of the VM is left.')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /^(Play|Pause)$/ })).toHaveLength(1);
    expect(screen.getByLabelText('Simulated time')).toHaveTextContent('t = 5900.000ms / 6000.000ms');
    expect(screen.getByRole('slider', { name: 'Playhead' })).toHaveValue('5900000');
    expect(screen.getByRole('button', { name: 'Crash host A' })).toBeDisabled();
  });

  it('calls back for play, step, reset, speed and the crash time', async () => {
    const { user, calls } = setup(1_000_000);
    await user.click(screen.getByRole('button', { name: 'Play' }));
    await user.click(screen.getByRole('button', { name: 'Step' }));
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    await user.selectOptions(screen.getByRole('combobox', { name: 'Speed' }), '10');
    await user.click(screen.getByRole('button', { name: 'Crash host A' }));
    expect([calls.onToggle, calls.onStep, calls.onReset].map((f) => f.mock.calls.length)).toEqual([1, 1, 1]);
    expect(calls.onSpeed).toHaveBeenCalledWith(10);
    expect(calls.onCrashAt).toHaveBeenCalledWith(1_000_000);
    const field = screen.getByRole('spinbutton', { name: 'Crash host A at (s)' });
    await user.clear(field);
    await user.type(field, '2.25');
    field.blur();
    expect(calls.onCrashAt).toHaveBeenLastCalledWith(2_250_000);
    await user.clear(field);
    await user.type(field, '99');
    field.blur();
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(/Crash time must be a number of seconds from 0 to 6/)).toBeInTheDocument();
    expect(calls.onCrashAt).toHaveBeenCalledTimes(2);
  });
});

describe('paneStatus', () => {
  it('says what each technique does before the crash', () => {
    expect(runs.map((r) => paneStatus(r.world.frameAt(2_000_000), compare.crashAtUs))).toEqual([
      // About 8 syncs a second (every output and disk write of the guest).
      'Protected: 17 syncs acknowledged; host B holds sync 17.',
      // Checkpoint 80 (25 ms epochs) starts at 2 s exactly; 79 is B's.
      'Protected: checkpoint 79 acknowledged; 1 output held in the buffer.',
      // 500 ms epochs: checkpoint 4 starts at 2 s; 3 (at 1.5 s) is B's, and output has left since.
      'Checkpoint 3 acknowledged; output left before its checkpoint: a crash now does harm.',
      'Running on host A; host B holds no copy.',
      'Moved: the VM runs on host B; host A holds no copy.',
      'Moved: the VM runs on host B; host A holds no copy.',
      // Every output before 2 s but one matched at once; that one differed (at 1 s) and brought checkpoint 1.
      "Protected: 10 outputs matched the secondary's; 1 checkpoint (1 on a difference · 0 periodic).",
      // The xclock's tick at 2 s is logged at that instant; B has not acknowledged it yet.
      'Protected: 21 of 22 log entries acknowledged; host B replayed 21.',
    ]);
  });

  it('says when host B is still waiting for the failure timeout', () => {
    expect(paneStatus(runs[1].world.frameAt(3_600_000), compare.crashAtUs)).toBe('Host A crashed at t = 3.5 s; host B waits for the failure timeout.');
  });
});
