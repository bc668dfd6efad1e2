import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import Notes from '../../src/view/Notes.svelte';
import Stage from '../../src/view/Stage.svelte';
import type { Frame } from '../../src/world/frame';
import { createWorld } from '../../src/world/world';

function run(faults: string[], until = '6s') {
  const { spec } = resolveRun({ scenario: 'unprotected', faults, until });
  const w = createWorld(spec);
  w.runUntil(spec.untilUs);
  return w;
}
const crash = run(['crash:A@3s']);

function stageAt(w: ReturnType<typeof run>, t: number, frame: Frame = w.frameAt(t), speed = 1) {
  return render(Stage, { frame, t, speed, linkLog: w.linkLog, publicLog: w.publicLog });
}
const stage = () => screen.getByRole('img', { name: /^Stage\./ });
/** The drawing of one host (its box on the stage). */
const host = (id: 'A' | 'B') => within(stage()).getByText(new RegExp(`^Host ${id} · `)).closest('g')! as unknown as HTMLElement;

describe('Stage', () => {
  it('sums up the hosts, the link and the VM before the crash', () => {
    stageAt(crash, 2_500_000);
    const name = stage().getAttribute('aria-label');
    expect(name).toContain('Host A up, primary');
    expect(name).toContain('Host B up, standby');
    expect(name).toContain('Replication link connected');
    expect(name).toContain('VM running on host A');
    expect(name).not.toContain('crashed');
  });

  it('shows host A crashed after the crash, and the VM lost with it', () => {
    stageAt(crash, 3_500_000);
    expect(stage()).toHaveAccessibleName(expect.stringContaining('Host A crashed'));
    expect(stage()).toHaveAccessibleName(expect.stringContaining('Host B up, standby'));
    expect(stage()).toHaveAccessibleName(expect.stringContaining('VM lost'));
    expect(within(host('A')).getByText('CRASHED')).toBeInTheDocument();
    expect(within(host('A')).getByText('Host A · crashed')).toBeInTheDocument();
    expect(within(host('A')).getByText('no VM: the host is down')).toBeInTheDocument();
    expect(within(host('B')).queryByText('CRASHED')).not.toBeInTheDocument();
  });

  it('shows host B declaring A dead once the failure timeout passes, with nothing to resume', () => {
    const before = stageAt(crash, 3_100_000);
    expect(within(host('B')).getByText(/peer heard/)).toBeInTheDocument();
    before.unmount();
    stageAt(crash, 3_500_000);
    expect(within(host('B')).getByText(/power: up · peer declared dead/)).toBeInTheDocument();
    expect(within(host('B')).getByText('no VM here (standby, empty)')).toBeInTheDocument();
  });

  it('updates when the playhead moves across the crash', async () => {
    const { rerender } = stageAt(crash, 2_900_000);
    expect(within(host('A')).getByText('Host A · primary')).toBeInTheDocument();
    expect(within(host('A')).queryByText('CRASHED')).not.toBeInTheDocument();
    await rerender({ frame: crash.frameAt(3_000_000), t: 3_000_000 });
    expect(within(host('A')).getByText('Host A · crashed')).toBeInTheDocument();
    expect(within(host('A')).getByText('CRASHED')).toBeInTheDocument();
  });

  it('shows the VM with its frontends on host A, and each host’s event-channel ports', () => {
    stageAt(crash, 2_500_000);
    expect(within(host('A')).getByText('VM (domU) · vCPU running')).toBeInTheDocument();
    expect(within(host('A')).getByText('netfront')).toBeInTheDocument();
    expect(within(host('A')).getByText('blkfront')).toBeInTheDocument();
    expect(within(host('B')).queryByText('netfront')).not.toBeInTheDocument();
    for (const id of ['A', 'B'] as const) {
      expect(within(host(id)).getByText('port 3')).toBeInTheDocument();
      expect(within(host(id)).getByText('port 4')).toBeInTheDocument();
    }
  });

  it('marks a port held while its notify is held back', () => {
    const frame = crash.frameAt(2_500_000);
    const held: Frame = {
      ...frame,
      hosts: { ...frame.hosts, A: { ...frame.hosts.A, ports: frame.hosts.A.ports.map((p) => (p.port === 3 ? { ...p, held: true } : p)) } },
    };
    stageAt(crash, 2_500_000, held);
    expect(within(host('A')).getByText('port 3 · held')).toBeInTheDocument();
    expect(within(host('A')).getByText('port 4')).toBeInTheDocument();
  });

  it('says FENCED, not CRASHED, for a fenced host', () => {
    const frame = crash.frameAt(2_500_000);
    const fenced: Frame = { ...frame, hosts: { ...frame.hosts, B: { ...frame.hosts.B, power: 'fenced', role: 'fenced' } } };
    stageAt(crash, 2_500_000, fenced);
    expect(stage()).toHaveAccessibleName(expect.stringContaining('Host B fenced'));
    expect(within(host('B')).getByText('FENCED')).toBeInTheDocument();
    expect(within(host('B')).queryByText('CRASHED')).not.toBeInTheDocument();
  });

  it('shows a cut link as cut', () => {
    const cut = run(['cut:link@1s'], '3s');
    stageAt(cut, 2_000_000);
    expect(stage()).toHaveAccessibleName(expect.stringContaining('Replication link cut'));
    expect(screen.getByText('✂ CUT')).toBeInTheDocument();
  });

  it('shows the link’s bandwidth and latency', () => {
    stageAt(crash, 2_500_000);
    expect(screen.getByText('1 Gbit/s · 100 µs')).toBeInTheDocument();
  });

  it('draws heartbeats in flight on the link, and none before the first is sent', () => {
    const first = crash.linkLog[0];
    const before = stageAt(crash, first.sentAtUs - 1);
    expect(screen.queryByText(/^heartbeat/)).not.toBeInTheDocument();
    before.unmount();
    stageAt(crash, first.sentAtUs + 50);
    // The marks in flight are titled with their kind and direction (one title per path of a look).
    expect(screen.getByText(/heartbeat A→B/)).toHaveTextContent('heartbeat A→B, heartbeat B→A');
  });

  it('shows the client’s frames and session state', () => {
    const before = stageAt(crash, 3_050_000);
    expect(screen.getByText('frames 3 · connected')).toBeInTheDocument();
    before.unmount();
    // Frame 4 was due at 3.0002 s: 0.1 s overdue the session is stalled, and with no copy of the VM it stays so.
    stageAt(crash, 5_900_000);
    expect(screen.getByText('frames 3 · stalled')).toBeInTheDocument();
  });
});

describe('Notes', () => {
  it('invites the user to crash host A while nothing has happened', () => {
    render(Notes, { notes: crash.frameAt(2_500_000).notes });
    expect(screen.getByRole('region', { name: 'What happened' })).toHaveTextContent('Nothing has gone wrong yet');
    expect(screen.queryByRole('listitem')).not.toBeInTheDocument();
  });

  it('tells the story of the crash in order, newest last', () => {
    render(Notes, { notes: crash.frameAt(3_500_000).notes });
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(/host A crashed/);
    expect(items[1]).toHaveTextContent(/host B .* declares it dead/);
    expect(screen.queryByText(/Nothing has gone wrong yet/)).not.toBeInTheDocument();
  });
});
