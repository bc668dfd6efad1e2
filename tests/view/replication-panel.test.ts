import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { speedLabel, SPEEDS } from '../../src/app/playback';
import { resolveRun } from '../../src/scenarios/run-spec';
import Controls from '../../src/view/Controls.svelte';
import ReplicationPanel from '../../src/view/ReplicationPanel.svelte';
import Stage from '../../src/view/Stage.svelte';
import { backupText, failoverUs, formatBytes, formatPercent, holdsText, primaryText, standbyCopyText } from '../../src/view/replication-format';
import type { CheckpointFrame, Frame, KemariFrame, ReplicationFrame } from '../../src/world/frame';
import { createWorld } from '../../src/world/world';

function run(scenario: string, faults: string[] = [], until = '8s', preset?: string) {
  const { spec } = resolveRun({ scenario, faults, until, preset });
  const w = createWorld(spec);
  w.runUntil(spec.untilUs);
  return w;
}
const kemari = run('kemari');
const kemariCrash = run('kemari', ['crash:A@3.5s']);
const kemariCut = run('kemari', ['cut:link@3.5s']);
const remus = run('remus');
const remusCrash = run('remus', ['crash:A@3.3s']);
const naiveCrash = run('naive', ['crash:A@3.3s']);

const panel = (frame: Frame, crashAtUs: number | null = null) => render(ReplicationPanel, { frame, replication: rep(frame), crashAtUs });
const region = () => screen.getByRole('region', { name: 'Replication' });
const rep = (f: Frame) => f.protocol as ReplicationFrame;

// Kemari syncs on the guest's outputs and disk writes, about 8 a second here: at 1.2 s host A runs
// protected, ten syncs made and acknowledged; at 1 s the eighth (26 ms) has just begun.
const KEMARI_PROTECTED_US = 1_200_000;

describe('ReplicationPanel', () => {
  it('Kemari: names the protocol and says what each host does, with B holding the last synchronization', () => {
    panel(kemari.frameAt(KEMARI_PROTECTED_US));
    expect(within(region()).getByRole('heading', { name: 'Kemari · event-driven synchronization' })).toBeInTheDocument();
    expect(screen.getByText('Host A: protected — every notify is held until B acknowledges')).toBeInTheDocument();
    expect(screen.getByText('Host B: standby, holds synchronization #10')).toBeInTheDocument();
  });

  it('Kemari: while synchronizing, the notify waits; figures: syncs and their rate, pause, bytes', () => {
    panel(kemari.frameAt(1_000_000));
    expect(screen.getByText(/^Host A: synchronizing — guest paused/)).toBeInTheDocument();
    const figure = (name: string) => screen.getByText(name, { selector: 'dt' }).nextElementSibling as HTMLElement;
    expect(figure('Synchronizations')).toHaveTextContent('8 (8.0 /s)');
    expect(figure('acknowledged')).toHaveTextContent('7');
    // The guest pauses while each sync sends B the pages dirtied since the last (1 MB take about 9 ms):
    // 39.5 ms in the first second. The bytes count the eighth sync (3.2 MB) from its start at 1 s.
    expect(figure('guest paused')).toHaveTextContent('3.9 %');
    expect(figure('replicated')).toHaveTextContent('7.6 MiB');
    expect(screen.queryByText('failover', { selector: 'dt' })).not.toBeInTheDocument();
  });

  it('Kemari after host A is powered off: B is active, and the failover time is from the crash', () => {
    panel(kemariCrash.frameAt(4_500_000), 3_500_000);
    expect(screen.getByText(/^Host A: down/)).toBeInTheDocument();
    // The 28th sync, the last before the crash at 3.5 s.
    expect(screen.getByText('Host B: active — runs the VM, resumed from synchronization #28')).toBeInTheDocument();
    // B's detector waits 300 ms after the last heartbeat it heard (3.4001 s): takeover at 3.7001 s.
    expect(screen.getByText('failover', { selector: 'dt' }).nextElementSibling).toHaveTextContent('200 ms');
    expect(screen.getByText(/^Host B took over at t = 3\.7 s/)).toHaveTextContent('failover took 200 ms (crash to VM running on B)');
  });

  it('warns of split brain with a sign and words, in a live region', () => {
    const f = kemariCut.frameAt(4_500_000);
    expect(rep(f).splitBrain).toBe(true);
    panel(f, null);
    const warning = screen.getByText(/^Split brain:/).closest('p')!;
    expect(warning).toHaveTextContent('⚠ Split brain: host B took over while host A still runs');
    expect(warning).toHaveTextContent('Fencing would have powered A off first.');
    expect(warning.closest('[aria-live]')).toHaveAttribute('aria-live', 'polite');
    expect(screen.getByText('Host A: unprotected — still running while host B runs the VM too (split brain)')).toBeInTheDocument();
    // No crash: no failover time is claimed.
    expect(screen.queryByText('failover', { selector: 'dt' })).not.toBeInTheDocument();
  });

  it('Remus: B holds the last acknowledged checkpoint; checkpoints per second', () => {
    const f = remus.frameAt(1_000_000);
    panel(f);
    expect(screen.getByRole('heading', { name: 'Remus · checkpoints with output buffering' })).toBeInTheDocument();
    expect(screen.getByText('Host A: taking checkpoint 40 — pause, copy, send, wait for B\'s acknowledgement')).toBeInTheDocument();
    expect(screen.getByText('Host B: standby, holds checkpoint 39')).toBeInTheDocument();
    expect(screen.getByText('Checkpoints', { selector: 'dt' }).nextElementSibling).toHaveTextContent('40 (40.0 /s)');
  });

  it('Remus after a crash: B resumed from the last complete checkpoint', () => {
    // 25 ms epochs: checkpoint 132 starts at 3.3 s, as host A crashes; 131 (3.275 s) is complete.
    panel(remusCrash.frameAt(4_000_000), 3_300_000);
    expect(screen.getByText('Host B: active — runs the VM, resumed from checkpoint 131')).toBeInTheDocument();
    expect(screen.getByText('failover', { selector: 'dt' }).nextElementSibling).toHaveTextContent('200 ms');
  });

  it('naive: marks the harm window while output has left that B lacks, and not after the takeover', async () => {
    // 500 ms epochs: checkpoint 6 at 3 s; outputs have left since, and B lacks them.
    const { rerender } = panel(naiveCrash.frameAt(3_290_000));
    const harm = screen.getByText(/^Harm window:/).closest('p')!;
    expect(harm).toHaveTextContent('⚠ Harm window: a crash now would roll the client back');
    await rerender({ frame: naiveCrash.frameAt(4_000_000), replication: rep(naiveCrash.frameAt(4_000_000)), crashAtUs: 3_300_000 });
    expect(screen.queryByText(/Harm window/)).not.toBeInTheDocument();
    expect(screen.queryByText(/No harm window/)).not.toBeInTheDocument();
  });

  it('naive: says so when B\'s state covers every output that has left', () => {
    // Just after checkpoint 2 (1 s) was acknowledged, before the guest's next output.
    panel(naiveCrash.frameAt(1_035_000));
    expect(screen.getByText(/^No harm window now/)).toHaveTextContent("✓ No harm window now: B's state covers every output that has left.");
    expect(screen.queryByText(/^Harm window/)).not.toBeInTheDocument();
  });
});

describe('replication-format', () => {
  const base = remus.frameAt(1_000_000).protocol as CheckpointFrame;
  const kemariBase = kemari.frameAt(1_000_000).protocol as KemariFrame;
  it('names what B holds, including the initial copy', () => {
    expect(holdsText({ ...base, backupHoldsSync: 0 })).toBe('the initial copy (made before t = 0)');
    expect(holdsText({ ...kemariBase, backupHoldsSync: 27 })).toBe('synchronization #27');
    expect(standbyCopyText({ ...base, backupHoldsSync: 120 })).toEqual({ title: 'standby copy · paused', holds: 'checkpoint 120', state: '(committed)' });
    expect(standbyCopyText({ ...kemariBase, backupHoldsSync: 27 })).toEqual({ title: 'standby copy · paused', holds: 'synchronization #27', state: '(acknowledged)' });
    expect(standbyCopyText({ ...kemariBase, backupHoldsSync: 0, backup: 'fencing' })).toEqual({ title: 'standby copy · fencing host A', holds: 'the initial copy', state: '(made before t = 0)' });
  });

  it('covers every state of both hosts', () => {
    expect(primaryText({ ...base, primary: 'down' }, 'fenced')).toBe('Host A: down — host B powered it off (fenced)');
    expect(primaryText({ ...kemariBase, primary: 'protected', trapEvents: false }, 'up')).toMatch(/^Host A: trap off/);
    expect(primaryText({ ...base, technique: 'naive', bufferOutput: false, primary: 'protected' }, 'up')).toBe('Host A: checkpointing every epoch, but its output leaves at once (no buffer)');
    expect(backupText({ ...base, backup: 'fencing' })).toBe('Host B: fencing — powering host A off through its management board');
    expect(backupText({ ...base, backup: 'down' })).toBe('Host B: down — nothing protects the VM now');
  });

  it("says COLO's and lock-stepping's own words through their descriptors, the common words otherwise", () => {
    const colo = run('colo', [], '3s').frameAt(2_000_000).protocol as ReplicationFrame;
    expect(standbyCopyText(colo)).toEqual({ title: 'secondary VM · running', holds: 'same inputs · 10 outputs matched', state: 'last checkpoint 1: an output differed' });
    expect(primaryText(colo, 'up')).toBe("Host A: protected — its proxy lets each output out as soon as the secondary's matches it");
    expect(backupText(colo)).toBe('Host B: runs the secondary VM on the same inputs; last checkpoint 1');
    const lockstep = run('lockstep', [], '3s').frameAt(1_000_000).protocol as ReplicationFrame;
    expect(standbyCopyText(lockstep)).toEqual({ title: 'backup VM · replaying the log', holds: 'replayed entry 9 of 10', state: 'entry 10 on its way' });
    expect(primaryText(lockstep, 'up')).toBe("Host A: protected — 1 output waits for B's acknowledgement of the log entries before it");
    expect(backupText(lockstep)).toBe("Host B: replays host A's log (entry 9 of 10), a step behind");
    // A standby that is not standing by (fencing) has the common words, whatever the technique.
    expect(standbyCopyText({ ...lockstep, backup: 'fencing' }).title).toBe('standby copy · fencing host A');
    // Remus brings no words of its own.
    expect(backupText({ ...base, backup: 'standby', backupHoldsSync: 12 })).toBe('Host B: standby, holds checkpoint 12');
  });

  it('formats bytes and shares, and times a failover from the crash', () => {
    expect(formatBytes(1500)).toBe('1.5 KiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(26_705_920)).toBe('25.5 MiB');
    expect(formatPercent(0.0395)).toBe('4.0 %');
    expect(formatPercent(0.0021)).toBe('0.21 %');
    expect(failoverUs({ ...base, takeoverAtUs: 3_700_100 }, 3_500_000)).toBe(200_100);
    expect(failoverUs({ ...base, takeoverAtUs: 3_700_100 }, null)).toBeNull();
    expect(failoverUs({ ...base, takeoverAtUs: null }, 3_500_000)).toBeNull();
  });
});

describe('Hosts on a replicated run', () => {
  const stageAt = (w: ReturnType<typeof run>, t: number) =>
    render(Stage, { frame: w.frameAt(t), t, speed: 1, linkLog: w.linkLog, publicLog: w.publicLog });
  const host = (id: 'A' | 'B') => within(screen.getByRole('img', { name: /^Stage\./ })).getByText(new RegExp(`^Host ${id} · `)).closest('g')! as unknown as HTMLElement;

  it('host B says which state it holds instead of "no VM here"', () => {
    const { unmount } = stageAt(kemari, KEMARI_PROTECTED_US);
    expect(within(host('B')).getByText('standby copy · paused')).toBeInTheDocument();
    expect(within(host('B')).getByText('synchronization #10')).toBeInTheDocument();
    expect(within(host('B')).queryByText(/no VM here/)).not.toBeInTheDocument();
    unmount();
    stageAt(remus, 1_000_000);
    expect(within(host('B')).getByText('checkpoint 39')).toBeInTheDocument();
    expect(within(host('B')).getByText('(committed)')).toBeInTheDocument();
  });

  it('between the crash and the takeover the VM is stopped, not lost; after it host B runs the VM', async () => {
    const { rerender } = stageAt(kemariCrash, 3_600_000);
    expect(screen.getByRole('img', { name: /^Stage\./ })).toHaveAccessibleName(expect.stringContaining('VM stopped; host B holds a standby copy'));
    await rerender({ frame: kemariCrash.frameAt(4_500_000), t: 4_500_000 });
    expect(screen.getByRole('img', { name: /^Stage\./ })).toHaveAccessibleName(expect.stringContaining('VM running on host B'));
    expect(within(host('B')).getByText(/^VM \(domU\) · vCPU running/)).toBeInTheDocument();
    expect(within(host('B')).queryByText(/standby copy/)).not.toBeInTheDocument();
  });

  it('after split brain host A says its old copy runs on', () => {
    stageAt(kemariCut, 4_500_000);
    expect(within(host('A')).getByText('⚠ its old copy runs on (split brain)')).toBeInTheDocument();
  });
});

describe('Controls on a Kemari run', () => {
  it('host A’s button may say "Power off host A"; it still crashes host A', async () => {
    const onCrash = vi.fn();
    const user = userEvent.setup();
    render(Controls, {
      playing: false,
      speed: 1,
      speeds: SPEEDS,
      speedLabel,
      t: 0,
      endUs: 20_000_000,
      hostAUp: true,
      hostBUp: true,
      linkCut: false,
      crashALabel: 'Power off host A',
      onToggle: vi.fn(),
      onStep: vi.fn(),
      onReset: vi.fn(),
      onSpeed: vi.fn(),
      onCrash,
      onLink: vi.fn(),
    });
    expect(screen.queryByRole('button', { name: 'Crash host A' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Power off host A' }));
    expect(onCrash).toHaveBeenCalledWith('A');
    expect(screen.getByRole('button', { name: 'Crash host B' })).toBeEnabled();
  });
});
