import { fireEvent, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import Timeline from '../../src/view/Timeline.svelte';
import { createWorld } from '../../src/world/world';

const { spec } = resolveRun({ scenario: 'unprotected', faults: ['crash:A@3s'], until: '6s' });
const world = createWorld(spec);
world.runUntil(spec.untilUs);
const END = spec.untilUs;

function setup(t: number, stopUs: number | null = null) {
  const onSeek = vi.fn();
  const onMoveFault = vi.fn();
  const onRemoveFault = vi.fn();
  const user = userEvent.setup();
  const view = render(Timeline, {
    trace: world.trace.events,
    traceLength: world.trace.length,
    t,
    endUs: END,
    faults: [{ index: 0, atUs: 3_000_000, label: 'Crash host A at 3000.000ms' }],
    onSeek,
    onMoveFault,
    onRemoveFault,
    stopUs,
  });
  const slider = screen.getByRole('slider', { name: 'Playhead' });
  return { user, onSeek, onMoveFault, onRemoveFault, slider, ...view };
}

describe('Timeline', () => {
  it('has a playhead slider over the whole run, at the current time', () => {
    const { slider } = setup(2_500_000);
    expect(slider).toHaveAttribute('min', '0');
    expect(slider).toHaveAttribute('max', String(END));
    expect(slider).toHaveValue('2500000');
    expect(slider).toHaveAttribute('aria-valuetext', '2500.000ms of 6000.000ms');
  });

  it('keeps the axis of the run as asked when the run stops short of it, and the playhead within what is computed', async () => {
    const { user, onSeek, slider, container } = setup(3_950_000, 4_000_000);
    expect(slider).toHaveAttribute('max', String(END));
    expect(slider).toHaveAttribute('aria-valuetext', '3950.000ms of 6000.000ms, computed up to 4000.000ms');
    expect(screen.getByText("not computed (the page's limit)")).toBeInTheDocument();
    expect(container.querySelectorAll('rect.uncomputed')).toHaveLength(1);
    slider.focus();
    await user.keyboard('{ArrowRight}');
    expect(onSeek).toHaveBeenLastCalledWith(4_000_000);
    await user.keyboard('{PageDown}');
    expect(onSeek).toHaveBeenLastCalledWith(2_950_000);
  });

  it('marks nothing as not computed when the run reaches its end', () => {
    const { container } = setup(2_500_000);
    expect(screen.queryByText(/not computed/)).toBeNull();
    expect(container.querySelectorAll('rect.uncomputed')).toHaveLength(0);
  });

  it('labels the lanes by actor', () => {
    setup(0);
    for (const label of ['Host A', 'VM', 'Link', 'Host B', 'Client']) expect(screen.getByText(label)).toBeInTheDocument();
  });

  it('moves 100 ms with the arrow keys', async () => {
    const { user, onSeek, slider } = setup(2_500_000);
    slider.focus();
    await user.keyboard('{ArrowRight}');
    expect(onSeek).toHaveBeenLastCalledWith(2_600_000);
    await user.keyboard('{ArrowLeft}');
    expect(onSeek).toHaveBeenLastCalledWith(2_400_000);
    expect(onSeek).toHaveBeenCalledTimes(2);
  });

  it('moves 1 s with Shift and an arrow key', async () => {
    const { user, onSeek, slider } = setup(2_500_000);
    slider.focus();
    await user.keyboard('{Shift>}{ArrowRight}{/Shift}');
    expect(onSeek).toHaveBeenLastCalledWith(3_500_000);
    await user.keyboard('{Shift>}{ArrowLeft}{/Shift}');
    expect(onSeek).toHaveBeenLastCalledWith(1_500_000);
    expect(onSeek).toHaveBeenCalledTimes(2);
  });

  it('moves 1 s with Page Up and Page Down', async () => {
    const { user, onSeek, slider } = setup(2_500_000);
    slider.focus();
    await user.keyboard('{PageUp}');
    expect(onSeek).toHaveBeenLastCalledWith(3_500_000);
    await user.keyboard('{PageDown}');
    expect(onSeek).toHaveBeenLastCalledWith(1_500_000);
    expect(onSeek).toHaveBeenCalledTimes(2);
  });

  it('stops at the start of the run', async () => {
    const { user, onSeek, slider } = setup(50_000);
    slider.focus();
    await user.keyboard('{ArrowLeft}');
    expect(onSeek).toHaveBeenLastCalledWith(0);
    await user.keyboard('{PageDown}');
    expect(onSeek).toHaveBeenLastCalledWith(0);
  });

  it('stops at the end of the run', async () => {
    const { user, onSeek, slider } = setup(END - 50_000);
    slider.focus();
    await user.keyboard('{ArrowRight}');
    expect(onSeek).toHaveBeenLastCalledWith(END);
    await user.keyboard('{Shift>}{ArrowRight}{/Shift}');
    expect(onSeek).toHaveBeenLastCalledWith(END);
    await user.keyboard('{PageUp}');
    expect(onSeek).toHaveBeenLastCalledWith(END);
  });

  it('moves from the playhead it is given, not from where it was last sent', async () => {
    const { user, onSeek, slider, rerender } = setup(1_000_000);
    slider.focus();
    await user.keyboard('{ArrowRight}');
    expect(onSeek).toHaveBeenLastCalledWith(1_100_000);
    await rerender({ t: 4_000_000 });
    await user.keyboard('{ArrowRight}');
    expect(onSeek).toHaveBeenLastCalledWith(4_100_000);
  });

  it('ignores other keys', async () => {
    const { user, onSeek, slider } = setup(2_500_000);
    slider.focus();
    await user.keyboard('a');
    expect(onSeek).not.toHaveBeenCalled();
  });

  it('seeks to where the slider is dragged', async () => {
    const { onSeek, slider } = setup(0);
    await fireEvent.input(slider, { target: { value: '4200000' } });
    expect(onSeek).toHaveBeenLastCalledWith(4_200_000);
  });

  it('seeks to the time under the pointer when the lanes are pressed and dragged, within the run', async () => {
    const { user, onSeek, container } = setup(0);
    const lanes = container.querySelector('svg')!;
    // The lanes span x = 90..990 of a 1000-unit view box; lay the drawing out 1000 px wide.
    vi.spyOn(lanes, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ x: 0, y: 0, width: 1000, height: 200 }));
    await user.pointer({ keys: '[MouseLeft>]', target: lanes, coords: { clientX: 540, clientY: 50 } });
    expect(onSeek).toHaveBeenLastCalledWith(END / 2);
    await user.pointer({ target: lanes, coords: { clientX: 990, clientY: 50 } });
    expect(onSeek).toHaveBeenLastCalledWith(END);
    await user.pointer({ target: lanes, coords: { clientX: 5, clientY: 50 } });
    expect(onSeek).toHaveBeenLastCalledWith(0);
    await user.pointer({ keys: '[/MouseLeft]', target: lanes, coords: { clientX: 5, clientY: 50 } });
    const calls = onSeek.mock.calls.length;
    await user.pointer({ target: lanes, coords: { clientX: 540, clientY: 50 } });
    expect(onSeek).toHaveBeenCalledTimes(calls);
  });

  it('shows each fault as a marker a keyboard user can move, jump to and remove', async () => {
    const { user, onSeek, onMoveFault, onRemoveFault } = setup(0);
    const marker = screen.getByRole('slider', { name: 'Fault 1: Crash host A at 3000.000ms' });
    expect(marker).toHaveAttribute('aria-valuenow', '3000000');
    marker.focus();
    await user.keyboard('{ArrowRight}');
    expect(onMoveFault).toHaveBeenLastCalledWith(0, 3_100_000);
    await user.keyboard('{Shift>}{ArrowLeft}{/Shift}');
    expect(onMoveFault).toHaveBeenLastCalledWith(0, 2_000_000);
    await user.keyboard('{Enter}');
    expect(onSeek).toHaveBeenLastCalledWith(3_000_000);
    await user.keyboard('{Delete}');
    expect(onRemoveFault).toHaveBeenCalledWith(0);
  });

  it('moves a fault to where its marker is dragged, without scrubbing the playhead on the way', async () => {
    const { user, onSeek, onMoveFault, container } = setup(0);
    const lanes = container.querySelector('svg')!;
    vi.spyOn(lanes, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ x: 0, y: 0, width: 1000, height: 200 }));
    const marker = screen.getByRole('slider', { name: /^Fault 1/ });
    // 3 s of 6 s sits at x = 90 + 900/2 = 540; drag it to x = 765 (4.5 s).
    await user.pointer({ keys: '[MouseLeft>]', target: marker, coords: { clientX: 540, clientY: 50 } });
    await user.pointer({ target: marker, coords: { clientX: 765, clientY: 50 } });
    expect(marker).toHaveAttribute('aria-valuenow', '4500000');
    await user.pointer({ keys: '[/MouseLeft]', target: marker, coords: { clientX: 765, clientY: 50 } });
    expect(onMoveFault).toHaveBeenCalledExactlyOnceWith(0, 4_500_000);
    expect(onSeek).not.toHaveBeenCalled();
  });

  it('jumps to a fault when its marker is clicked without moving it', async () => {
    const { user, onSeek, onMoveFault } = setup(0);
    await user.click(screen.getByRole('slider', { name: /^Fault 1/ }));
    expect(onSeek).toHaveBeenLastCalledWith(3_000_000);
    expect(onMoveFault).not.toHaveBeenCalled();
  });

  it('draws no marker for a fault the computed run has not reached', () => {
    render(Timeline, { trace: world.trace.events, traceLength: world.trace.length, t: 0, endUs: END, faults: [{ index: 0, atUs: null, label: 'Crash host A while checkpoint 9 is in flight' }], onSeek: vi.fn() });
    expect(screen.queryByRole('slider', { name: /^Fault/ })).toBeNull();
  });
});

describe('Timeline: picking an event', () => {
  it('a click near an event tick picks the nearest event of that lane; a drag does not pick', async () => {
    const onPickEvent = vi.fn();
    const onSeek = vi.fn();
    const { container } = render(Timeline, { trace: world.trace.events, traceLength: world.trace.length, t: 0, endUs: END, faults: [], onSeek, onPickEvent });
    const lanes = container.querySelector('svg')!;
    // 5 lanes of 26 units plus 24 for the axis: 154 units tall; draw it 1000 x 154 px (1 px per unit).
    vi.spyOn(lanes, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ x: 0, y: 0, width: 1000, height: 154 }));
    const crash = world.trace.events.find((e) => e.type === 'host.crashed')!;
    const xOf = (us: number) => 90 + (900 * us) / END;
    const user = userEvent.setup();
    // Host A's lane is the first (y 0..26); click 3 px right of the crash's tick.
    await user.pointer([{ keys: '[MouseLeft>]', target: lanes, coords: { clientX: xOf(crash.at) + 3, clientY: 13 } }, { keys: '[/MouseLeft]', target: lanes, coords: { clientX: xOf(crash.at) + 3, clientY: 13 } }]);
    expect(onPickEvent).toHaveBeenCalledTimes(1);
    expect(onPickEvent.mock.calls[0][0]).toMatchObject({ actor: 'hostA', type: 'host.crashed' });
    // The client's lane (y 104..130) has nothing near the crash: no pick.
    await user.pointer([{ keys: '[MouseLeft>]', target: lanes, coords: { clientX: xOf(crash.at) + 3, clientY: 117 } }, { keys: '[/MouseLeft]', target: lanes, coords: { clientX: xOf(crash.at) + 3, clientY: 117 } }]);
    expect(onPickEvent).toHaveBeenCalledTimes(1);
    // A drag across the crash scrubs and picks nothing.
    await user.pointer([
      { keys: '[MouseLeft>]', target: lanes, coords: { clientX: xOf(crash.at) - 40, clientY: 13 } },
      { target: lanes, coords: { clientX: xOf(crash.at) + 3, clientY: 13 } },
      { keys: '[/MouseLeft]', target: lanes, coords: { clientX: xOf(crash.at) + 3, clientY: 13 } },
    ]);
    expect(onPickEvent).toHaveBeenCalledTimes(1);
  });
});
