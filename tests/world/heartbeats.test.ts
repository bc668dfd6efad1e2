import { describe, expect, it } from 'vitest';
import { runRaw } from '../support/world-run';

/** When host `h` sent heartbeats, and when it declared its peer dead or back (µs). */
function beats(raw: Parameters<typeof runRaw>[0]) {
  const world = runRaw(raw);
  const times = (actor: string, type: string) => world.trace.events.filter((e) => e.actor === actor && e.type === type).map((e) => e.at);
  return { world, times };
}

describe('heartbeats and the failure detector (plain data on the world clock)', () => {
  it('each host sends a heartbeat every heartbeatMs, in its own name', () => {
    const { times } = beats({ scenario: 'unprotected', until: '1s', params: [['heartbeatMs', '70']] });
    const every70 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((k) => k * 70_000);
    expect(times('hostA', 'heartbeat.sent')).toEqual(every70);
    expect(times('hostB', 'heartbeat.sent')).toEqual(every70);
  });

  it("declares the peer dead failureTimeoutMs after the last heartbeat heard, and not before; a crashed host stops beating", () => {
    // A's heartbeats are sent every 100 ms and take the link's 100 µs of latency to cross (64 bytes at 1 Gbit/s add under a µs).
    const { times, world } = beats({ scenario: 'unprotected', until: '2s', faults: ['crash:A@450ms'] });
    expect(times('hostA', 'heartbeat.sent')).toEqual([100_000, 200_000, 300_000, 400_000]);
    const lastHeard = world.trace.events.filter((e) => e.type === 'link.delivered' && e.data.to === 'B' && e.data.kind === 'heartbeat').map((e) => e.at).at(-1);
    expect(lastHeard).toBe(400_100);
    expect(times('hostB', 'peer.dead')).toEqual([700_100]);
    expect(times('hostA', 'peer.dead')).toEqual([]);
  });

  it('counts the silence from the start when the peer is never heard, and notes the peer back when the link heals', () => {
    const { times } = beats({ scenario: 'unprotected', until: '2s', faults: ['cut:link@0us', 'heal:link@1s'] });
    expect(times('hostB', 'peer.dead')).toEqual([300_000]);
    expect(times('hostA', 'peer.dead')).toEqual([300_000]);
    // The heal is an input: it comes first at 1 s, so the heartbeats sent at 1 s cross and are heard 100 µs later.
    expect(times('hostB', 'peer.back')).toEqual([1_000_100]);
    expect(times('hostA', 'peer.back')).toEqual([1_000_100]);
    // Heard again, the peer is watched again: no second declaration.
    expect(times('hostB', 'peer.dead')).toEqual([300_000]);
  });
});
