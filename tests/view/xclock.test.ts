import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import ClientStats from '../../src/view/ClientStats.svelte';
import XClock from '../../src/view/XClock.svelte';
import { handAngles, handAnglesAt, waitingUs } from '../../src/view/clock-hands';
import { sessionProspect } from '../../src/view/session-prospect';
import type { ClientFrame } from '../../src/world/frame';
import { createWorld } from '../../src/world/world';

// Host A crashes at 3 s; the viewer's last frame is the one drawn at 2 s; frame 4, due at 3.0002 s, never
// comes: from 3.1002 s the session is stalled, for good (no copy of the VM runs, and the viewer's watchdog is off).
const { spec } = resolveRun({ scenario: 'unprotected', faults: ['crash:A@3s'], until: '6s' });
const world = createWorld(spec);
world.runUntil(spec.untilUs);
const clientAt = (t: number): ClientFrame => world.frameAt(t).client;
// The same run with the viewer's watchdog at 2.5 s: it gives up at 4.5002 s and the session is lost.
const { spec: watchedSpec } = resolveRun({ scenario: 'unprotected', faults: ['crash:A@3s'], until: '6s', params: [['clientTimeoutMs', '2500']] });
const watched = createWorld(watchedSpec);
watched.runUntil(watchedSpec.untilUs);

describe('XClock', () => {
  it('states "--:--:--" before the first frame arrives', () => {
    render(XClock, { client: clientAt(0) });
    expect(screen.getByRole('img', { name: 'xclock shows --:--:--' })).toBeInTheDocument();
    expect(screen.getByText('Session: connected')).toBeInTheDocument();
  });

  it('states the time of the last frame received as hh:mm:ss', () => {
    render(XClock, { client: clientAt(2_500_000) });
    expect(screen.getByRole('img', { name: 'xclock shows 00:00:02' })).toBeInTheDocument();
    expect(screen.getByText('Session: connected')).toBeInTheDocument();
  });

  it('stops when host A dies: the session stalls, and says it cannot recover with no copy of the VM running', async () => {
    const { rerender } = render(XClock, { client: clientAt(3_050_000), prospect: sessionProspect(world.frameAt(3_050_000)) });
    expect(screen.getByRole('img', { name: 'xclock shows 00:00:02' })).toBeInTheDocument();
    expect(screen.getByText('Session: connected')).toBeInTheDocument();
    expect(screen.queryByText(/recover/)).not.toBeInTheDocument();
    await rerender({ client: clientAt(4_000_000), prospect: sessionProspect(world.frameAt(4_000_000)) });
    expect(screen.getByRole('img', { name: 'xclock shows 00:00:02' })).toBeInTheDocument();
    expect(screen.getByText('Session: stalled')).toHaveAttribute('data-state', 'stalled');
    expect(screen.getByText('No copy of the VM runs anywhere: this session cannot recover.')).toBeInTheDocument();
    await rerender({ client: clientAt(5_900_000), prospect: sessionProspect(world.frameAt(5_900_000)) });
    expect(screen.getByText('Session: stalled')).toBeInTheDocument();
    expect(screen.queryByText('Session: connected')).not.toBeInTheDocument();
    expect(screen.queryByText('Session: lost')).not.toBeInTheDocument();
  });

  it('says the session is lost once the viewer watchdog (clientTimeoutMs) gives up, and no prospect then', async () => {
    const { rerender } = render(XClock, { client: watched.frameAt(4_500_000).client, prospect: sessionProspect(watched.frameAt(4_500_000)) });
    expect(screen.getByText('Session: stalled')).toBeInTheDocument();
    // A prospect given for a session that is not stalled is not shown.
    await rerender({ client: watched.frameAt(5_900_000).client, prospect: 'No copy of the VM runs anywhere: this session cannot recover.' });
    expect(screen.getByRole('img', { name: 'xclock shows 00:00:02' })).toBeInTheDocument();
    expect(screen.getByText('Session: lost')).toBeInTheDocument();
    expect(screen.queryByText(/cannot recover/)).not.toBeInTheDocument();
  });

  it('follows the frame as the playhead moves', async () => {
    const { rerender } = render(XClock, { client: clientAt(1_500_000) });
    expect(screen.getByRole('img', { name: 'xclock shows 00:00:01' })).toBeInTheDocument();
    await rerender({ client: clientAt(2_500_000) });
    expect(screen.getByRole('img', { name: 'xclock shows 00:00:02' })).toBeInTheDocument();
  });

  it('says when the session was reset', () => {
    render(XClock, { client: { ...clientAt(2_500_000), sessionState: 'reset', rollbacks: 1 } });
    expect(screen.getByText('Session: reset')).toBeInTheDocument();
  });
});

describe('handAngles', () => {
  it('points the hands from 12 o’clock, clockwise, in degrees', () => {
    expect(handAngles('00:00:00')).toEqual({ hour: 0, minute: 0, second: 0 });
    expect(handAngles('03:00:00')).toEqual({ hour: 90, minute: 0, second: 0 });
    expect(handAngles('00:00:15')).toEqual({ hour: 0, minute: 1.5, second: 90 });
    expect(handAngles('15:30:00')).toEqual({ hour: 105, minute: 180, second: 0 });
  });
  it('draws no hands for something that is not a time', () => {
    expect(handAngles(null)).toBeNull();
    expect(handAngles('--:--:--')).toBeNull();
    expect(handAngles('1:02:03')).toBeNull();
  });
});

describe('ClientStats', () => {
  /** The value shown next to a figure's name. */
  const figure = (name: string) => {
    const list = screen.getByLabelText('Client figures');
    const term = within(list).getAllByRole('term').find((t) => t.textContent === name);
    expect(term, name).toBeDefined();
    return term!.nextElementSibling?.textContent;
  };

  it('shows the client’s figures as the runner counts them, the stall as people read it', () => {
    render(ClientStats, { client: clientAt(5_900_000) });
    expect(screen.getByLabelText('Client figures')).toBeInTheDocument();
    expect(figure('frames')).toBe('3');
    // Frame 4 was due at 3.0002 s (its tick plus the 200 µs latency) and never came: 2.8998 s late by 5.9 s.
    expect(figure('max stall')).toBe('2.9 s');
    expect(figure('gaps')).toBe('0');
    expect(figure('duplicates')).toBe('0');
    expect(figure('rollbacks')).toBe('0');
  });
});

describe('XClock on a clock that redraws four times a second, and the client\'s wait', () => {
  // Kemari on stage: the clock redraws every 250 ms; host A is powered off at 3.5 s and B takes over.
  const { spec: stage } = resolveRun({ scenario: 'kemari', preset: 'stage', faults: ['crash:A@3.5s'], until: '6s' });
  const w = createWorld(stage);
  w.runUntil(stage.untilUs);

  it('moves the second hand between the marks: a frame drawn at 2.25 s puts it at 13.5°', () => {
    const client = w.frameAt(2_400_000).client;
    expect(client.showsUs).toBe(2_250_000);
    render(XClock, { client, t: 2_400_000 });
    expect(screen.getByRole('img', { name: 'xclock shows 00:00:02' }).querySelector('.second')).toHaveAttribute('data-angle', '13.50');
  });

  it('while the client waits a frame interval and more, shows how long it has had no update; nothing while frames come', async () => {
    const { rerender } = render(XClock, { client: w.frameAt(3_400_000).client, t: 3_400_000 });
    expect(screen.queryByText(/^no update for/)).toBeNull();
    // The last frame before the crash came at 3.262852 s; at 3.65 s that is 387 ms ago (137 ms beyond its 250 ms).
    await rerender({ client: w.frameAt(3_650_000).client, t: 3_650_000 });
    expect(screen.getByText('no update for 387 ms')).toBeInTheDocument();
    // B took over: its first frame came at 3.7003 s, and the wait is over.
    await rerender({ client: w.frameAt(3_800_000).client, t: 3_800_000 });
    expect(screen.queryByText(/^no update for/)).toBeNull();
  });
});

describe('clock-hands', () => {
  it('handAnglesAt draws the hands at an exact instant (the second hand between the marks)', () => {
    expect(handAnglesAt(null)).toBeNull();
    expect(handAnglesAt(90_500_000)).toEqual({ hour: 0.7541666666666667, minute: 9.05, second: 183 });
  });

  it('waitingUs counts the wait beyond one frame interval, never below 0', () => {
    expect(waitingUs(null, 250_000, 1_000_000)).toBe(0);
    expect(waitingUs(3_250_200, 250_000, 3_800_000)).toBe(299_800);
    expect(waitingUs(3_250_200, 250_000, 3_300_000)).toBe(0);
  });
});
