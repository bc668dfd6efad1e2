import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import ClientStats from '../../src/view/ClientStats.svelte';
import XClock from '../../src/view/XClock.svelte';
import { handAngles } from '../../src/view/clock-hands';
import type { ClientFrame } from '../../src/world/frame';
import { createWorld } from '../../src/world/world';

// Host A crashes at 3 s; the viewer's last frame is the one drawn at 2 s; it gives up 2.5 s later.
const { spec } = resolveRun({ scenario: 'unprotected', faults: ['crash:A@3s'], until: '6s' });
const world = createWorld(spec);
world.runUntil(spec.untilUs);
const clientAt = (t: number): ClientFrame => world.frameAt(t).client;

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

  it('stops when host A dies and says the session is lost after the client timeout', async () => {
    const { rerender } = render(XClock, { client: clientAt(4_000_000) });
    expect(screen.getByRole('img', { name: 'xclock shows 00:00:02' })).toBeInTheDocument();
    expect(screen.getByText('Session: connected')).toBeInTheDocument();
    await rerender({ client: clientAt(5_900_000) });
    expect(screen.getByRole('img', { name: 'xclock shows 00:00:02' })).toBeInTheDocument();
    expect(screen.getByText('Session: lost')).toBeInTheDocument();
    expect(screen.queryByText('Session: connected')).not.toBeInTheDocument();
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

  it('shows the client’s figures as the runner prints them', () => {
    render(ClientStats, { client: clientAt(5_900_000) });
    expect(screen.getByLabelText('Client figures')).toBeInTheDocument();
    expect(figure('frames')).toBe('3');
    // Last frame at 2.0002 s, expected every 1 s: 2.8998 s of stall beyond the interval by 5.9 s.
    expect(figure('max stall')).toBe('2899.800ms');
    expect(figure('gaps')).toBe('0');
    expect(figure('duplicates')).toBe('0');
    expect(figure('rollbacks')).toBe('0');
  });
});
