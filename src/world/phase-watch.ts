/**
 * Phase faults: each waits for the trace event that marks its phase, then fires right after the step
 * that recorded it (first among what remains at that instant), or its delay later.
 * @see ../scenarios/phases.ts
 */
import { INPUT_LANE } from '../sim/event-queue';
import type { PhaseFault } from '../scenarios/faults';
import type { PhaseDef } from '../scenarios/scenario';
import { applyFault } from './failures';
import type { WorldState } from './state';

export function watchPhases(w: WorldState, phases: readonly PhaseDef[], pending: readonly PhaseFault[]): void {
  const waiting = pending.map((f) => {
    const def = phases.find((d) => d.name === f.phase.name);
    // resolveRun refuses such a fault: reaching here is a caller's bug, not a quiet no-op.
    if (!def) throw new RangeError(`fault at phase "${f.phase.name}": ${w.spec.scenario} has no such phase`);
    return { f, def };
  });
  if (waiting.length === 0) return;
  w.trace.onRecord = (e) => {
    for (let i = 0; i < waiting.length; i++) {
      const { f, def } = waiting[i];
      if (e.actor !== def.actor || e.type !== def.type) continue;
      if (def.numbered && e.data[def.numbered] !== f.phase.index) continue;
      waiting.splice(i--, 1);
      w.queue.push(e.at + f.phase.afterUs, { run: () => applyFault(w, f) }, INPUT_LANE);
    }
    if (waiting.length === 0) w.trace.onRecord = null;
  };
}
