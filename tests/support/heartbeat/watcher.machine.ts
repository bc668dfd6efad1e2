/**
 * A test technique's machine (tests only): a watcher on host B that does nothing but listen to the
 * heartbeats the world already exchanges, and raises an alarm when host A is declared dead. It shows
 * that a technique plugs into the house with a machine, a protocol, a scenario and a descriptor.
 */
import { assign, emit, setup } from 'xstate';

export interface WatcherContext {
  readonly alarms: number;
}

export type WatcherEvent = { type: 'peer.dead'; atUs: number } | { type: 'peer.back' };
export type WatcherEmitted = { type: 'watch.alarm'; alarm: number };

export const watcherMachine = setup({
  types: { context: {} as WatcherContext, events: {} as WatcherEvent, emitted: {} as WatcherEmitted },
  actions: {
    raiseAlarm: assign({ alarms: ({ context }) => context.alarms + 1 }),
    announce: emit(({ context }) => ({ type: 'watch.alarm' as const, alarm: context.alarms })),
  },
}).createMachine({
  id: 'watcher',
  description: 'Watches host A through the heartbeats and raises an alarm when it is declared dead.',
  context: { alarms: 0 },
  initial: 'watching',
  states: {
    watching: {
      description: 'Host A is heard.',
      on: { 'peer.dead': { target: 'alarmed', actions: ['raiseAlarm', 'announce'], description: 'Host A is declared dead: raise the alarm.' } },
    },
    alarmed: {
      description: 'The alarm is raised; the watcher has no copy of the VM to resume.',
      on: { 'peer.back': { target: 'watching', description: 'Host A is heard again.' } },
    },
  },
});
