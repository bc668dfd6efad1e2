/**
 * Every protocol the world can run, by the id a scenario names (`ScenarioDef.protocol`). The registry
 * is exhaustive: a protocol id without an installer is a compile error. A test (or a later technique)
 * can also hand `createWorld` an installer of its own.
 * @see ./README.md (adding a technique)
 */
import type { ProtocolId } from '../scenarios/scenario';
import { installKemari } from './kemari-protocol';
import { installNone } from './none-protocol';
import type { Installer } from './port';
import { installPrecopy } from './precopy-protocol';
import { installRemus } from './remus-protocol';

export const PROTOCOLS = {
  none: installNone,
  precopy: installPrecopy,
  remus: installRemus,
  kemari: installKemari,
} as const satisfies Record<ProtocolId, Installer>;
