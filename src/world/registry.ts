/**
 * Every protocol the world can run, by the id a scenario names (`ScenarioDef.protocol`), each loaded
 * on demand: a page that shows one technique carries only its code (the embed awaits `loadProtocol`
 * before it draws). `createWorld` takes an installer already loaded; Node entry points (the runner,
 * scripts, benches, tests) and the lab, which switches techniques, import ./all-protocols, which
 * loads them all. The table is exhaustive: a protocol id without a loader is a compile error. A test
 * (or a later technique) can also hand `createWorld` an installer of its own.
 * @see ./README.md (adding a technique)
 */
import type { RunSpec } from '../scenarios/run-spec';
import type { ProtocolId } from '../scenarios/scenario';
import type { Installer, ProtocolPart, WorldPort } from './port';
import type { WorldState } from './state';

/** How to fetch each protocol's installer (a separate chunk in the browser). */
export const PROTOCOL_LOADERS = {
  none: () => import('./none-protocol').then((m) => m.installNone),
  precopy: () => import('./precopy-protocol').then((m) => m.installPrecopy),
  postcopy: () => import('./postcopy-protocol').then((m) => m.installPostcopy),
  remus: () => import('./remus-protocol').then((m) => m.installRemus),
  kemari: () => import('./kemari-protocol').then((m) => m.installKemari),
  colo: () => import('./colo-protocol').then((m) => m.installColo),
  lockstep: () => import('./lockstep-protocol').then((m) => m.installLockstep),
} as const satisfies Record<ProtocolId, () => Promise<Installer>>;

const loaded = new Map<ProtocolId, Installer>();

/** Makes `installer` the loaded one of protocol `id` (./all-protocols does it for all). */
export function registerProtocol(id: ProtocolId, installer: Installer): void {
  loaded.set(id, installer);
}

/** Whether protocol `id`'s code is here (createWorld can run it now). */
export function isProtocolLoaded(id: ProtocolId): boolean {
  return loaded.has(id);
}

/** Loads protocol `id` (once) and gives its installer. */
export async function loadProtocol(id: ProtocolId): Promise<Installer> {
  const have = loaded.get(id);
  if (have) return have;
  const installer = await PROTOCOL_LOADERS[id]();
  loaded.set(id, installer);
  return installer;
}

/** The installer of protocol `id`, which must be loaded already. */
export function installerOf(id: ProtocolId): Installer {
  const installer = loaded.get(id);
  if (!installer) throw new RangeError(`protocol "${id}" is not loaded: await loadProtocol("${id}") first, or import src/world/all-protocols`);
  return installer;
}

/** The repair cycle's installer (./repair.ts): a technique inside the cycle of fail, repair, resynchronize. */
export type RepairInstaller = (w: WorldState, base: WorldPort, install: Installer) => ProtocolPart;

let repair: RepairInstaller | null = null;

/**
 * Whether a run needs the repair cycle: it restarts a host. Only such a run has it (its resync brings
 * the pre-copy engine, which a page showing Kemari or Remus otherwise never loads), so the same spec
 * always runs the same way.
 */
export function needsRepair(spec: RunSpec): boolean {
  return spec.faults.some((f) => f.kind === 'restart');
}

/** Makes `installer` the loaded repair cycle (./all-protocols does it). */
export function registerRepair(installer: RepairInstaller): void {
  repair = installer;
}

export function isRepairLoaded(): boolean {
  return repair !== null;
}

/** Loads the repair cycle (once). */
export async function loadRepair(): Promise<RepairInstaller> {
  if (repair) return repair;
  const { installWithRepair } = await import('./repair');
  repair = installWithRepair;
  return installWithRepair;
}

/** The repair cycle, which must be loaded already. */
export function repairOf(): RepairInstaller {
  if (!repair) throw new RangeError('a run that restarts a host needs the repair cycle: await loadRepair() first, or import src/world/all-protocols');
  return repair;
}
