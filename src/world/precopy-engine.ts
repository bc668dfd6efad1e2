/**
 * The pre-copy engine on host A: the save loop (plain data, src/sim/save-loop.ts) and the machine that
 * keeps the stages (src/machines/precopy.machine.ts), driven together. When a batch has left, the
 * reservation is granted or the guest is suspended, the loop's next steps run (CLEAN, PEEK, batches,
 * round ends) only if the machine takes the event in its stage, and the machine is told what they did.
 * Testable without a world: give it an actor of `precopyMachine` and a memory.
 */
import type { Actor } from 'xstate';
import { NOTHING_DONE, type precopyMachine } from '../machines/precopy.machine';
import type { GuestMemory } from '../sim/memory';
import { afterBatchSent, afterGrant, afterSuspend, createSaveLoop, type SaveLoop, type SaveLoopSettings, type SaveProgress } from '../sim/save-loop';
import type { Micros } from '../sim/time';

export interface PrecopyEngine {
  readonly actor: Actor<typeof precopyMachine>;
  readonly loop: SaveLoop;
  /** Stage 1 begins: ask B for a reservation. */
  start(atUs: Micros): void;
  /** B reserved a container: log-dirty on and round 1 (or, for stop-and-copy, suspend). */
  granted(atUs: Micros): void;
  /** The last batch left host A: the next one, or the round's end. */
  batchSent(atUs: Micros): void;
  /** The guest is suspended: the final round. */
  suspended(atUs: Micros): void;
  /** B reports a complete image: commit. */
  imageComplete(atUs: Micros): void;
  abort(atUs: Micros, reason: string): void;
}

export function createPrecopyEngine(actor: Actor<typeof precopyMachine>, memory: GuestMemory, settings: SaveLoopSettings): PrecopyEngine {
  const loop = createSaveLoop(settings, memory.pageCount);
  /** Runs a loop step for an event only if the machine, in its stage, takes that event. */
  const drive = (type: 'reserve.granted' | 'batch.sent' | 'guest.suspended', atUs: Micros, step: () => SaveProgress) => {
    if (!actor.getSnapshot().can({ type, atUs, progress: NOTHING_DONE })) return;
    actor.send({ type, atUs, progress: step() });
  };
  return {
    actor,
    loop,
    start: (atUs) => actor.send({ type: 'migrate.start', atUs }),
    granted: (atUs) => drive('reserve.granted', atUs, () => afterGrant(loop, memory, atUs)),
    batchSent: (atUs) => drive('batch.sent', atUs, () => afterBatchSent(loop, memory, atUs)),
    suspended: (atUs) => drive('guest.suspended', atUs, () => afterSuspend(loop, memory, atUs)),
    imageComplete: (atUs) => actor.send({ type: 'image.complete', atUs }),
    abort: (atUs, reason) => actor.send({ type: 'migrate.abort', atUs, reason }),
  };
}
