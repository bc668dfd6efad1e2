/**
 * The heartbeat-only technique's protocol (tests only): the watcher on host B, told when host A is
 * declared dead; it keeps no copy of the VM. Its part of the frame shows nothing beyond the world's;
 * its metrics group is `heartbeat` and its rule `alarm-raised`.
 */
import type { Installer } from '../../../src/world/port';
import { watcherMachine, type WatcherContext, type WatcherEmitted } from './watcher.machine';

export const installHeartbeat: Installer = (port) => {
  const watcher = port.make('hostB.watcher', watcherMachine, undefined);
  let crashAtUs: number | null = null;
  let alarmAtUs: number | null = null;
  return {
    mayRestartVm: false,
    keepsNoCopy: true,
    route(_source, emitted) {
      const e = emitted as WatcherEmitted;
      if (e.type !== 'watch.alarm') return false;
      alarmAtUs = port.now();
      port.note(`host B raises alarm ${e.alarm}: host A is silent, and B has no copy to resume.`);
      return true;
    },
    delivered: () => false,
    peerDead(h) {
      if (h === 'B' && port.isUp('B')) watcher.send({ type: 'peer.dead', atUs: port.now() });
    },
    hostDown(h) {
      if (h === 'A') crashAtUs ??= port.now();
    },
    frame: () => ({ kind: 'none', technique: 'heartbeat' }),
    result() {
      const alarms = (watcher.getSnapshot().context as WatcherContext).alarms;
      const raised = crashAtUs === null || alarmAtUs !== null;
      return {
        metrics: { heartbeat: { alarms, alarmAfterUs: crashAtUs !== null && alarmAtUs !== null ? alarmAtUs - crashAtUs : null } },
        invariants: [{ name: 'alarm-raised', holds: raised, detail: raised ? 'every silence of host A raised the alarm' : 'host A went silent and no alarm was raised' }],
      };
    },
  };
};
