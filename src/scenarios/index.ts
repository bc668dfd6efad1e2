/**
 * The scenario registry: every scenario is listed once here, appears in the picker, has a URL and a
 * golden trace under tests/.
 */
import type { ScenarioDef } from './scenario';
import { kemari } from './kemari';
import { migration } from './migration';
import { naive, remus } from './remus';
import { unprotected } from './unprotected';

export const SCENARIOS: readonly ScenarioDef[] = [unprotected, migration, remus, naive, kemari];

export function getScenario(id: string): ScenarioDef | undefined {
  return SCENARIOS.find((s) => s.id === id);
}

export type { ScenarioDef, Preset, Source } from './scenario';
