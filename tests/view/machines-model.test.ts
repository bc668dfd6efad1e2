import { describe, expect, it } from 'vitest';
import layouts from 'virtual:machine-layouts';
import { resolveRun } from '../../src/scenarios/run-spec';
import { activeStates, actorChoices, edgeRoute, takenEdges } from '../../src/view/machines-model';
import { createWorld } from '../../src/world/world';

const host = layouts.machines.find((m) => m.id === 'host')!;
const keys = (edges: number[]) => edges.map((i) => host.edges[i].key);

describe('machines model', () => {
  const { spec } = resolveRun({ scenario: 'unprotected', faults: ['crash:A@1050ms'], until: '2s' });
  const world = createWorld(spec);
  world.runUntil(spec.untilUs);

  it('follows the initial edges into every region of a parallel state when a machine starts', () => {
    expect(keys(takenEdges(world.frames[0], 'hostA', host))).toEqual(['host|initial|0', 'host.up.beating|initial|0', 'host.up.watching|initial|0']);
  });

  it("reads only the asked actor's edges", () => {
    const crash = world.frameAt(1_050_000);
    expect(keys(takenEdges(crash, 'hostA', host))).toEqual(['host.up|host.crash|0']);
    expect(takenEdges(crash, 'hostB', host)).toEqual([]);
  });

  it('marks every state on each active path, and not the machine itself', () => {
    const active = activeStates(host, 'up.beating.sending/up.watching.peerSuspected');
    expect([...active].map((i) => host.states[i].id).sort()).toEqual(['host.up', 'host.up.beating', 'host.up.beating.sending', 'host.up.watching', 'host.up.watching.peerSuspected']);
    expect(activeStates(host, undefined).size).toBe(0);
  });

  it('offers the actors of the run that run a drawn machine, and names routes in words', () => {
    expect(actorChoices(world.frames[0], layouts).map((c) => c.label)).toEqual([
      'hostA (host)',
      'hostB (host)',
      'hostA.hypervisor (hypervisor)',
      'hostB.hypervisor (hypervisor)',
      'hostA.evtchn (event-channel)',
      'hostB.evtchn (event-channel)',
      'vm (vm)',
      'link (link)',
      'client (client)',
    ]);
    const timeout = host.edges.findIndex((e) => e.key === 'host.up.watching.peerAlive|peer.silent|0');
    expect(edgeRoute(host, timeout)).toBe('up.watching.peerAlive → up.watching.peerSuspected');
    expect(edgeRoute(host, 0)).toBe('start of host → up');
  });
});
