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
    const shapeOf = (title: RegExp) => screen.getAllByText(title).map((el) => el.parentElement?.tagName.toLowerCase());
    expect(new Set(shapeOf(/^heartbeat /))).toEqual(new Set(['circle']));
    expect(new Set(shapeOf(/^sync A→B$/))).toEqual(new Set(['rect']));
  });
});
