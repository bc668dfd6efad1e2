/**
 * Shapes as well as colours (colour-blind reach): on the link, heartbeats are dots and bulk data
 * (a Kemari synchronization here) squares.
 */
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import Stage from '../../src/view/Stage.svelte';
import { createWorld } from '../../src/world/world';

const { spec } = resolveRun({ scenario: 'kemari', until: '2s' });
const w = createWorld(spec);
w.runUntil(spec.untilUs);

describe('Stage marks', () => {
  it('draws heartbeats as circles and a synchronization as a square', () => {
    // At 1.0 s the xclock's notify is trapped: a sync of its dirty pages travels to B (about 26 ms),
    // while the hosts' 1.0 s heartbeats are in flight too.
    const t = 1_000_050;
    render(Stage, { frame: w.frameAt(t), t, speed: 0.001, linkLog: w.linkLog, publicLog: w.publicLog });
    // Each look is one path, titled with what it carries: the dots' data is arcs, the squares' straight sides.
    const pathOf = (title: RegExp) => screen.getByText(title).parentElement!;
    const dots = pathOf(/^heartbeat /);
    expect(dots.getAttribute('class')).not.toMatch(/bulk/);
    expect(dots.textContent).toMatch(/heartbeat A→B/);
    expect(dots.getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+a6 6 0 1 0 12 0a6 6 0 1 0 -12 0z/);
    expect(dots.getAttribute('d')).not.toMatch(/h12/);
    const squares = pathOf(/^sync A→B$/);
    expect(squares.getAttribute('class')).toMatch(/bulk/);
    expect(squares.getAttribute('d')).toMatch(/^(M[\d.]+ [\d.]+h12v12h-12z)+$/);
  });
});
