import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import MigrationPanel from '../../src/view/MigrationPanel.svelte';
import Stage from '../../src/view/Stage.svelte';
import { incomingCopy } from '../../src/view/migration-copy-words';
import { formatRate, outcomeText, stopReasonText } from '../../src/view/migration-format';
import type { MigrationFrame, MigrationMetrics } from '../../src/world/frame';
import { createWorld } from '../../src/world/world';

function run(faults: string[] = []) {
  // The idle preset: migration from 1 s; round 1 until about 5.3 s (131,072 pages at 1 Gbit/s, 30,518
  // pages/s, counted as sent when each batch of 1,024 goes on the wire); rounds 2 and 3 live; the guest
  // suspended at 5.312305 s (a 30 ms handshake), the final round 4 at 5.342305 to 5.342338 s; activation on B at 5.362638 s.
  const { spec } = resolveRun({ scenario: 'migration', until: '8s', faults });
  const w = createWorld(spec);
  w.runUntil(spec.untilUs);
  return w;
}
const plain = run();
const mig = (w: ReturnType<typeof run>, t: number) => w.frameAt(t).protocol as MigrationFrame;

const panel = () => screen.getByRole('region', { name: 'Migration' });
/** The value a <dl> gives for `term`, or null when the panel does not show it. */
function valueOf(term: string): string | null {
  const dt = within(panel()).queryByText(term, { selector: 'dt' });
  return dt ? (dt.nextElementSibling?.textContent ?? '').trim() : null;
}

describe('MigrationPanel', () => {
  it('before the migration: stage 0 and when it starts', () => {
    render(MigrationPanel, { migration: mig(plain, 500_000) });
    expect(within(panel()).getByText('Stage 0 · pre-migration · starts at t = 1 s')).toBeInTheDocument();
    expect(valueOf('Downtime')).toBeNull();
    expect(valueOf('Send rate')).toBeNull();
  });

  it('during round 1: stage, round, rate and the progress of the round', () => {
    render(MigrationPanel, { migration: mig(plain, 3_000_000) });
    expect(within(panel()).getByText('Stage 2 · iterative pre-copy · round 1')).toBeInTheDocument();
    expect(valueOf('Send rate')).toBe('1 Gbit/s');
    // Two seconds into round 1: 60 batches of 1,024 pages.
    expect(valueOf('This round')).toBe('61,440 of 131,072 pages');
    expect(valueOf('Pages sent')).toBe('61,440');
    expect(valueOf('Stop reason')).toBeNull();
    expect(valueOf('Outcome')).toBeNull();
  });

  it('in the stop-and-copy: the final round and why pre-copy stopped', () => {
    render(MigrationPanel, { migration: mig(plain, 5_342_320) });
    expect(within(panel()).getByText('Stage 3 · stop-and-copy · round 4 (final)')).toBeInTheDocument();
    expect(valueOf('Stop reason')).toBe('the last live round sent fewer than 50 pages');
  });

  it('when done: downtime and total migration time, as the runner measures them', async () => {
    const metrics = (plain.protocolResult().metrics.migration as MigrationMetrics);
    render(MigrationPanel, { migration: mig(plain, 8_000_000) });
    expect(within(panel()).getByText('Stage 5 · activation')).toBeInTheDocument();
    // From the suspend (5.312305 s) to the activation on B (5.362638 s): the 30 ms handshake, the final round and the resume.
    expect(metrics.downtimeUs).toBe(50_333);
    expect(valueOf('Downtime')).toBe('50.3 ms');
    expect(valueOf('Total migration time')).toBe('4.36 s');
    // Every page once, then the 520 and 3 pages dirtied during rounds 1 and 2 (round 4 sends only the vCPU).
    expect(valueOf('Pages sent')).toBe('131,595');
    expect(valueOf('Outcome')).toBe('completed: the VM runs on host B');
  });

  it('says the migration was aborted when host B fails, and the VM runs on', () => {
    render(MigrationPanel, { migration: mig(run(['crash:B@3s']), 8_000_000) });
    // Host A sends on until it notices, 300 ms after B's last heartbeat (2.9001 s): 66 batches of 1,024.
    expect(valueOf('Pages sent')).toBe('67,584');
    expect(within(panel()).getByText('Aborted in round 1 · the VM keeps running on host A')).toBeInTheDocument();
    expect(valueOf('Outcome')).toBe('aborted before commitment: the VM keeps running on host A');
    expect(valueOf('Downtime')).toBeNull();
    expect(valueOf('Total migration time')).toBeNull();
  });

  it('shows the outcome when host B fails right after the commit: past the commitment point host A never runs the VM again, so it is lost', () => {
    const w = run(['crash:B@commit']);
    // Until host A notices (300 ms without heartbeats), the migration is still under way: no outcome yet.
    const before = render(MigrationPanel, { migration: mig(w, 5_400_000) });
    expect(mig(w, 5_400_000).outcome).toBe('in-progress');
    expect(valueOf('Outcome')).toBeNull();
    before.unmount();
    const m = mig(w, 8_000_000);
    expect(m.outcome).toBe('vm-lost');
    render(MigrationPanel, { migration: m });
    expect(within(panel()).getByText('VM lost · after commitment, before it ran on host B')).toBeInTheDocument();
    expect(valueOf('Outcome')).toBe('VM lost: host B did not run the VM after host A committed, and past the commitment point host A never runs it again');
    expect(valueOf('Downtime')).toBeNull();
    expect(valueOf('Total migration time')).toBeNull();
  });

  it('says the VM is lost when host A fails before commitment', () => {
    render(MigrationPanel, { migration: mig(run(['crash:A@3s']), 8_000_000) });
    expect(within(panel()).getByText('VM lost in round 1 · host A failed before commitment')).toBeInTheDocument();
    expect(valueOf('Outcome')).toBe('VM lost: host A failed before commitment (migration is not high availability)');
  });
});

describe('Host B while a copy arrives', () => {
  const stageAt = (w: ReturnType<typeof run>, t: number) =>
    render(Stage, { frame: w.frameAt(t), t, speed: 1, linkLog: w.linkLog, publicLog: w.publicLog });
  const stage = () => screen.getByRole('img', { name: /^Stage\./ });
  const host = (id: 'A' | 'B') => within(stage()).getByText(new RegExp(`^Host ${id} · `)).closest('g')! as unknown as HTMLElement;

  it('says how much of the VM has arrived in round 1, not "no VM here"', () => {
    stageAt(plain, 3_000_000);
    // 61,440 of 131,072 pages sent (46.9%, rounded down).
    expect(within(host('B')).getByText('receiving a copy of the VM: 46%')).toBeInTheDocument();
    expect(within(host('B')).getByText('the VM runs on host A (live)')).toBeInTheDocument();
    expect(within(host('B')).queryByText(/no VM here/)).not.toBeInTheDocument();
    expect(stage()).toHaveAccessibleName(expect.stringContaining('VM running on host A'));
  });

  it('then the stop-and-copy, then the VM itself once it runs on B', () => {
    const suspended = stageAt(plain, 5_342_320);
    expect(within(host('B')).getByText('receiving the last pages and vCPU')).toBeInTheDocument();
    expect(within(host('B')).getByText('the VM is paused on host A')).toBeInTheDocument();
    suspended.unmount();
    stageAt(plain, 6_000_000);
    expect(within(host('B')).getByText('VM (domU) · vCPU running')).toBeInTheDocument();
    expect(stage()).toHaveAccessibleName(expect.stringContaining('VM running on host B'));
  });

  it('after an abort (link cut), host B is empty again and says why', () => {
    stageAt(run(['cut:link@3s']), 8_000_000);
    expect(within(host('B')).getByText('no VM here (migration aborted)')).toBeInTheDocument();
  });

  it('after host A failed before commitment, host B has discarded its copy', () => {
    stageAt(run(['crash:A@3s']), 8_000_000);
    expect(within(host('B')).getByText('no VM here (copy discarded)')).toBeInTheDocument();
    expect(stage()).toHaveAccessibleName(expect.stringContaining('VM lost'));
  });

  it('is silent outside a migration', () => {
    expect(incomingCopy(null)).toBeNull();
    expect(incomingCopy(mig(plain, 500_000))).toBeNull();
    expect(incomingCopy(mig(plain, 8_000_000))).toBeNull();
    expect(incomingCopy(mig(plain, 1_000_100))).toMatchObject({ title: 'reserving room for the VM', progress: 0 });
  });
});

describe('migration-format', () => {
  it('during the suspend handshake before the final round shows no round running, not the last one', () => {
    const w = run();
    // The idle preset suspends at 5.312305 s; the final round starts 30 ms later (migrationSuspendMs).
    const m = mig(w, 5_320_000);
    expect([m.stage, m.finalRound, m.suspendedAtUs]).toEqual([3, false, 5_312_305]);
    render(MigrationPanel, { migration: m });
    expect(within(panel()).getByText('Stage 3 · stop-and-copy · suspending the VM')).toBeInTheDocument();
    expect(valueOf('This round')).toBe('none: the VM is being suspended before the final round');
  });

  it('words a VM lost before and after the commit differently (after it, host A never runs the VM again)', () => {
    expect(outcomeText('aborted')).toBe('aborted before commitment: the VM keeps running on host A');
    expect(outcomeText('vm-lost')).toBe('VM lost: host A failed before commitment (migration is not high availability)');
    expect(outcomeText('vm-lost', true)).toBe('VM lost: host B did not run the VM after host A committed, and past the commitment point host A never runs it again');
  });

  it('formats rates and stop reasons', () => {
    expect(formatRate(100e6)).toBe('100 Mbit/s');
    expect(formatRate(106_001_281)).toBe('106.0 Mbit/s');
    expect(formatRate(1e9)).toBe('1 Gbit/s');
    expect(stopReasonText('max-factor')).toBe('more than 3 × the memory was sent');
    expect(stopReasonText('something-new')).toBe('something-new');
  });
});
