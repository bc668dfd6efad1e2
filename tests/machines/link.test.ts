import { describe, expect, it } from 'vitest';
import { linkMachine, type LinkEmitted } from '../../src/machines/link.machine';
import { startOnClock } from '../support/sim-harness';

function start() {
  const { actor, emitted } = startOnClock<LinkEmitted, typeof linkMachine>(linkMachine, { bandwidthBitsPerSec: 100e6, latencyUs: 100 });
  return { actor, emitted };
}

describe('link', () => {
  it('is cut by a partition, saying how much was lost, and healed again', () => {
    const l = start();
    expect(l.actor.getSnapshot().value).toBe('connected');
    l.actor.send({ type: 'link.cut', lost: 3 });
    expect(l.actor.getSnapshot().value).toBe('cut');
    expect(l.emitted.at(-1)).toMatchObject({ type: 'link.wasCut', lost: 3 });
    l.actor.send({ type: 'link.heal' });
    expect(l.actor.getSnapshot().value).toBe('connected');
    expect(l.emitted.map((e) => e.type)).toEqual(['link.wasCut', 'link.healed']);
  });

  it('a cut link is not cut again, and a connected one is not healed', () => {
    const l = start();
    l.actor.send({ type: 'link.heal' });
    l.actor.send({ type: 'link.cut', lost: 0 });
    l.actor.send({ type: 'link.cut', lost: 5 });
    expect(l.emitted.map((e) => e.type)).toEqual(['link.wasCut']);
  });
});
