/**
 * The guest's workload on the world's clock: the xclock redraws at exact multiples of its period,
 * background packets and disk writes arrive as seeded Poisson streams. Each goes to every running
 * copy of the guest (two in split brain); the schedules run on while a takeover may still start a
 * copy, so that it redraws on the same beat.
 * @see ../../shared/DESIGN.md §5 (Guest time and the xclock)
 */
import type { Work } from '../machines/vm.machine';
import type { RandomSource } from '../sim/random';
import { orphanAlive, sendWork, vmAlive } from './guests';
import { at, type WorldState } from './state';

/** Gives `work` (made at the current instant) to every running copy of the guest. */
function toEveryCopy(w: WorldState, work: () => Work): void {
  if (vmAlive(w)) sendWork(w, w.guests.live, work());
  if (orphanAlive(w)) sendWork(w, w.guests.orphan!, work());
}

/** Whether the workload still has a guest to go to, now or after a takeover. */
function goesOn(w: WorldState): boolean {
  return vmAlive(w) || w.protocol.mayRestartVm;
}

/** The xclock's redraw number `k`, at k / clockHz seconds, and the ones after it. */
function scheduleTick(w: WorldState, k: number): void {
  at(w, Math.round((k * 1e6) / w.params.clockHz), () => {
    toEveryCopy(w, () => ({ type: 'xclock.tick', atUs: w.clock.now() }));
    if (goesOn(w)) scheduleTick(w, k + 1);
  });
}

/** A Poisson stream of `rate` per second from `source`, each arrival made by `work`. */
function schedulePoisson(w: WorldState, rate: number, source: RandomSource, work: () => Work): void {
  if (rate <= 0) return;
  const next = () =>
    at(w, w.clock.now() + Math.max(1, Math.round(source.exponential(rate / 1e6))), () => {
      toEveryCopy(w, work);
      if (goesOn(w)) next();
    });
  next();
}

/** Starts the workload: the first redraw at t = 0, the first packet and disk write when their streams say. */
export function startWorkload(w: WorldState): void {
  scheduleTick(w, 0);
  schedulePoisson(w, w.params.packetsPerSec, w.random.packets, () => ({ type: 'workload.packet', atUs: w.clock.now(), bytes: 1500 }));
  schedulePoisson(w, w.params.diskWritesPerSec, w.random.disk, () => ({ type: 'workload.disk', atUs: w.clock.now(), bytes: 4096 }));
}
