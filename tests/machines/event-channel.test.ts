import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { eventChannelMachine, type EventChannelEmitted } from '../../src/machines/event-channel.machine';

const PORTS = [
  { port: 3, name: 'net', frontend: 'netfront', backend: 'netback' },
  { port: 4, name: 'blk', frontend: 'blkfront', backend: 'blkback' },
];

function start(trap?: boolean) {
  const actor = createActor(eventChannelMachine, { input: trap === undefined ? { ports: PORTS } : { ports: PORTS, trap } });
  const emitted: EventChannelEmitted[] = [];
  actor.on('*', (e) => emitted.push(e));
  actor.start();
  const port = (n: number) => actor.getSnapshot().context.ports.find((p) => p.port === n)!;
  const upcalls = () => emitted.filter((e) => e.type === 'evtchn.upcall');
  return { actor, emitted, port, upcalls };
}

describe('event channel (direct mode)', () => {
  it('starts direct with every port clear', () => {
    const { actor, port } = start();
    expect(actor.getSnapshot().value).toBe('direct');
    expect(port(3)).toMatchObject({ pending: false, masked: false, held: false, notifies: 0 });
  });

  it('a notify makes the port pending and raises an upcall to its backend', () => {
    const { actor, emitted, port } = start();
    actor.send({ type: 'evtchn.notify', port: 3 });
    expect(port(3)).toMatchObject({ pending: true, held: false, notifies: 1 });
    expect(port(4).pending).toBe(false);
    expect(emitted).toEqual([{ type: 'evtchn.upcall', port: 3, backend: 'netback' }]);
  });

  it('a second notify while pending raises no second upcall', () => {
    const { actor, port, upcalls } = start();
    actor.send({ type: 'evtchn.notify', port: 3 });
    actor.send({ type: 'evtchn.notify', port: 3 });
    expect(upcalls()).toHaveLength(1);
    expect(port(3)).toMatchObject({ pending: true, notifies: 2 });
  });

  it('clear makes the port idle again, so the next notify raises a new upcall', () => {
    const { actor, port, upcalls } = start();
    actor.send({ type: 'evtchn.notify', port: 3 });
    actor.send({ type: 'evtchn.clear', port: 3 });
    expect(port(3).pending).toBe(false);
    actor.send({ type: 'evtchn.notify', port: 3 });
    expect(upcalls()).toHaveLength(2);
  });

  it('a masked port becomes pending with no upcall; unmasking delivers it', () => {
    const { actor, port, upcalls } = start();
    actor.send({ type: 'evtchn.mask', port: 4 });
    actor.send({ type: 'evtchn.notify', port: 4 });
    expect(port(4)).toMatchObject({ pending: true, masked: true });
    expect(upcalls()).toHaveLength(0);
    actor.send({ type: 'evtchn.unmask', port: 4 });
    expect(port(4).masked).toBe(false);
    expect(upcalls()).toEqual([{ type: 'evtchn.upcall', port: 4, backend: 'blkback' }]);
  });

  it('unmasking a port with nothing pending raises no upcall', () => {
    const { actor, upcalls } = start();
    actor.send({ type: 'evtchn.mask', port: 3 });
    actor.send({ type: 'evtchn.unmask', port: 3 });
    expect(upcalls()).toHaveLength(0);
  });

  it('ignores notifies for unknown ports', () => {
    const { actor, emitted } = start();
    actor.send({ type: 'evtchn.notify', port: 99 });
    expect(emitted).toEqual([]);
  });
});

describe('event channel (trapping mode)', () => {
  for (const [how, setUp] of [
    ['input trap: true', () => start(true)],
    ['evtchn.trap.enable', () => {
      const s = start();
      s.actor.send({ type: 'evtchn.trap.enable' });
      return s;
    }],
  ] as const) {
    it(`holds a notify until released (${how})`, () => {
      const { actor, emitted, port, upcalls } = setUp();
      expect(actor.getSnapshot().value).toBe('trapping');
      actor.send({ type: 'evtchn.notify', port: 3 });
      expect(port(3)).toMatchObject({ held: true, pending: false, notifies: 1 });
      expect(emitted).toEqual([{ type: 'evtchn.trapped', port: 3, frontend: 'netfront' }]);
      expect(upcalls()).toHaveLength(0);
      actor.send({ type: 'evtchn.release', port: 3 });
      expect(port(3)).toMatchObject({ held: false, pending: true, notifies: 1 });
      expect(upcalls()).toEqual([{ type: 'evtchn.upcall', port: 3, backend: 'netback' }]);
    });
  }

  it('goes back to direct delivery when the trap is disabled', () => {
    const { actor, port, upcalls } = start(true);
    actor.send({ type: 'evtchn.trap.disable' });
    expect(actor.getSnapshot().value).toBe('direct');
    actor.send({ type: 'evtchn.notify', port: 3 });
    expect(port(3).held).toBe(false);
    expect(upcalls()).toHaveLength(1);
  });

  it('a release with nothing held delivers nothing', () => {
    const { actor, port, upcalls } = start(true);
    actor.send({ type: 'evtchn.release', port: 3 });
    expect(upcalls()).toHaveLength(0);
    expect(port(3).pending).toBe(false);
  });
});
