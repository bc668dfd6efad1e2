/**
 * XState's own actor as the world's engine (`createWorld(spec, { engine: XSTATE_ENGINE })`): the
 * reference the lean runner (src/machines/runner.ts) is checked against, byte for byte, by
 * tests/world/engine-equivalence.test.ts. Kept out of the world's imports so that the page's bundles,
 * which run every machine on the lean runner, do not carry XState's actor, system and mailbox.
 */
import { createActor } from 'xstate';

/** How the world makes an actor with XState (the `createActor` of the package). */
export interface XStateEngine {
  readonly createActor: typeof createActor;
}

export const XSTATE_ENGINE: XStateEngine = { createActor };
