import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import MachinesPanel from '../../src/view/MachinesPanel.svelte';
import { createWorld } from '../../src/world/world';

const { spec } = resolveRun({ scenario: 'remus', faults: ['crash:A@1.5s'], until: '3s' });
const world = createWorld(spec);
world.runUntil(spec.untilUs);

const diagram = (machine: string) => screen.getByRole('group', { name: `Statechart of the ${machine} machine` });
/** The states drawn as current, by their accessible names. */
const current = (machine: string) =>
  within(diagram(machine))
    .getAllByRole('button', { current: true })
    .map((el) => el.getAttribute('aria-label'));

describe('MachinesPanel', () => {
  it("draws host A's machine with the frame's active states as current (every region of the parallel up state)", () => {
    render(MachinesPanel, { frame: world.frameAt(1_000_000) });
    expect(screen.getByRole('combobox', { name: 'Machine' })).toHaveDisplayValue('hostA (host)');
    expect(current('host')).toEqual(['State up', 'State up.beating', 'State up.beating.sending', 'State up.watching', 'State up.watching.peerAlive']);
    expect(within(diagram('host')).getByRole('button', { name: 'State crashed' })).not.toHaveAttribute('aria-current');
  });

  it('shows host A crashed as current at the crash, and the crash edge as just fired', () => {
    render(MachinesPanel, { frame: world.frameAt(1_500_000) });
    expect(current('host')).toEqual(['State crashed']);
    expect(within(diagram('host')).getByRole('button', { name: 'Transition host.crash (just fired)' })).toBeInTheDocument();
    const status = screen.getByText((_, el) => el?.tagName === 'P' && /^\s*hostA is in/.test(el.textContent ?? ''));
    expect(status).toHaveTextContent(/^hostA is in crashed\. Just fired: host\.crash \(up → crashed\)\.$/);
  });

  it('lists the actors of the run in the picker and draws the one picked', async () => {
    const user = userEvent.setup();
    render(MachinesPanel, { frame: world.frameAt(1_000_000) });
    const picker = screen.getByRole('combobox', { name: 'Machine' });
    const options = within(picker).getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(expect.arrayContaining(['hostA (host)', 'hostB (host)', 'hostA.hypervisor (hypervisor)', 'vm (vm)', 'link (link)', 'client (client)', 'hostA.remus (remus)', 'hostB.remus (backup)']));
    await user.selectOptions(picker, 'hostB.remus (backup)');
    expect(current('backup')).toEqual(['State standby']);
  });

  it('shows the description of a state or transition picked by click or keyboard', async () => {
    const user = userEvent.setup();
    render(MachinesPanel, { frame: world.frameAt(1_000_000) });
    await user.click(within(diagram('host')).getByRole('button', { name: 'State crashed' }));
    expect(screen.getByRole('heading', { name: 'State crashed' })).toBeInTheDocument();
    expect(screen.getByText(/Fail-stop: no heartbeats/)).toBeInTheDocument();
    within(diagram('host')).getByRole('button', { name: 'Transition peer.silent' }).focus();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('heading', { name: 'Transition peer.silent' })).toBeInTheDocument();
    expect(screen.getByText('up.watching.peerAlive → up.watching.peerSuspected')).toBeInTheDocument();
    expect(screen.getByText(/Does: declarePeerDead/)).toBeInTheDocument();
  });
});
