/**
 * Every machine of the lab, in the order the statechart panel lists them. The build lays their
 * diagrams out from this list (build/machines-plugin.ts); tests check each one's edges.
 */
import type { AnyStateMachine } from 'xstate';
import { backupMachine } from './backup.machine';
import { clientMachine } from './client.machine';
import { coloMachine } from './colo.machine';
import { eventChannelMachine } from './event-channel.machine';
import { hostMachine } from './host.machine';
import { hypervisorMachine } from './hypervisor.machine';
import { kemariMachine } from './kemari.machine';
import { linkMachine } from './link.machine';
import { lockstepMachine } from './lockstep.machine';
import { migrationTargetMachine } from './migration-target.machine';
import { postcopyTargetMachine } from './postcopy-target.machine';
import { postcopyMachine } from './postcopy.machine';
import { precopyMachine } from './precopy.machine';
import { remusMachine } from './remus.machine';
import { vmMachine } from './vm.machine';

export const MACHINES: readonly AnyStateMachine[] = [
  hostMachine,
  hypervisorMachine,
  eventChannelMachine,
  vmMachine,
  linkMachine,
  clientMachine,
  precopyMachine,
  migrationTargetMachine,
  postcopyMachine,
  postcopyTargetMachine,
  remusMachine,
  kemariMachine,
  coloMachine,
  lockstepMachine,
  backupMachine,
];
