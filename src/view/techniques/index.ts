/**
 * Every technique's descriptor, by its id, registered when loaded: the lab imports ./all, which
 * registers them all (exhaustively: a technique without a descriptor is a compile error there); a page
 * that shows one technique (the embed) loads and registers only its own before it draws
 * (src/app/technique-loaders.ts). The view and the app look a technique up here, or are handed a
 * descriptor of their own.
 */
import type { TechniqueDescriptor } from '../technique';

const loaded = new Map<string, TechniqueDescriptor>();

/** Makes `d` the loaded descriptor of its technique (./all does it for all). */
export function registerTechnique(d: TechniqueDescriptor): void {
  loaded.set(d.id, d);
}

/** Whether technique `id`'s descriptor is loaded. */
export function isTechniqueLoaded(id: string): boolean {
  return loaded.has(id);
}

/** The descriptor of technique `id` (a frame's `protocol.technique`, a scenario's id), which must be loaded. */
export function techniqueOf(id: string): TechniqueDescriptor {
  const d = loaded.get(id);
  if (d) return d;
  throw new RangeError(`no descriptor for technique "${id}" is loaded: load it first (src/app/technique-loaders.ts), import src/view/techniques/all, or add one to src/view/techniques/`);
}

export type { TechniqueDescriptor };
