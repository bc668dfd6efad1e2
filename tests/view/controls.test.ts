import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { speedLabel, SPEEDS } from '../../src/app/playback';
import Controls from '../../src/view/Controls.svelte';

function setup(overrides: Record<string, unknown> = {}) {
  const calls = {
    onToggle: vi.fn(),
    onStep: vi.fn(),
    onReset: vi.fn(),
    onSpeed: vi.fn(),
    onCrash: vi.fn(),
    onLink: vi.fn(),
  };
  const props = {
    playing: false,
    speed: 1,
    speeds: SPEEDS,
    speedLabel,
    t: 2_500_000,
    endUs: 20_000_000,
    hostAUp: true,
    hostBUp: true,
    linkCut: false,
    ...calls,
    ...overrides,
  };
  const user = userEvent.setup();
  const view = render(Controls, props);
  return { user, calls, props, ...view };
}

describe('Controls', () => {
  it('offers Play while paused and calls onToggle when pressed', async () => {
    const { user, calls } = setup();
    expect(screen.queryByRole('button', { name: 'Pause' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Play' }));
    expect(calls.onToggle).toHaveBeenCalledTimes(1);
  });

  it('offers Pause while playing, in the same place', async () => {
    const { user, calls, rerender, props } = setup();
    const button = screen.getByRole('button', { name: 'Play' });
    await rerender({ ...props, playing: true });
    expect(button).toHaveAccessibleName('Pause');
    expect(screen.queryByRole('button', { name: 'Play' })).not.toBeInTheDocument();
    await user.click(button);
    expect(calls.onToggle).toHaveBeenCalledTimes(1);
  });

  it('steps and resets', async () => {
    const { user, calls } = setup();
    await user.click(screen.getByRole('button', { name: 'Step' }));
    expect(calls.onStep).toHaveBeenCalledTimes(1);
    expect(calls.onReset).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(calls.onReset).toHaveBeenCalledTimes(1);
    expect(calls.onToggle).not.toHaveBeenCalled();
  });

  it('crashes the host that was named', async () => {
    const { user, calls } = setup();
    await user.click(screen.getByRole('button', { name: 'Crash host A' }));
    expect(calls.onCrash).toHaveBeenLastCalledWith('A');
    await user.click(screen.getByRole('button', { name: 'Crash host B' }));
    expect(calls.onCrash).toHaveBeenLastCalledWith('B');
    expect(calls.onCrash).toHaveBeenCalledTimes(2);
  });

  it('cannot crash a host that is already down', async () => {
    const { user, calls } = setup({ hostAUp: false });
    const crashA = screen.getByRole('button', { name: 'Crash host A' });
    expect(crashA).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Crash host B' })).toBeEnabled();
    await user.click(crashA);
    expect(calls.onCrash).not.toHaveBeenCalled();
  });

  it('disables only host B’s crash button when host B is down', () => {
    setup({ hostBUp: false });
    expect(screen.getByRole('button', { name: 'Crash host A' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Crash host B' })).toBeDisabled();
  });

  it('cuts the link, and offers to heal it once cut', async () => {
    const { user, calls, rerender, props } = setup();
    expect(screen.queryByRole('button', { name: 'Heal link' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cut link' }));
    expect(calls.onLink).toHaveBeenLastCalledWith('cut');
    await rerender({ ...props, linkCut: true });
    expect(screen.queryByRole('button', { name: 'Cut link' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Heal link' }));
    expect(calls.onLink).toHaveBeenLastCalledWith('heal');
    expect(calls.onLink).toHaveBeenCalledTimes(2);
  });

  it('shows the current speed and offers every speed by its label', () => {
    setup({ speed: 0.25 });
    const select = screen.getByLabelText('Speed');
    expect(select).toHaveDisplayValue('1/4×');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(SPEEDS.map(speedLabel));
    expect(screen.getByRole('status')).toHaveTextContent('1/4×');
  });

  it('opens at 1x', () => {
    setup();
    expect(screen.getByLabelText('Speed')).toHaveDisplayValue('1×');
  });

  it('reports the chosen speed as a number', async () => {
    const { user, calls } = setup();
    await user.selectOptions(screen.getByLabelText('Speed'), '1/10,000×');
    expect(calls.onSpeed).toHaveBeenLastCalledWith(0.0001);
    await user.selectOptions(screen.getByLabelText('Speed'), '100×');
    expect(calls.onSpeed).toHaveBeenLastCalledWith(100);
  });

  it('shows the simulated time against the end of the run', async () => {
    const { rerender, props } = setup();
    expect(screen.getByLabelText('Simulated time')).toHaveTextContent('t = 2500.000ms / 20000.000ms');
    await rerender({ ...props, t: 3_000_250 });
    expect(screen.getByLabelText('Simulated time')).toHaveTextContent('t = 3000.250ms / 20000.000ms');
  });
});
