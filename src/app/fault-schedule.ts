/**
 * The lab's fault schedule as the page shows it: each fault of the run with a plain description and
 * the instant it took effect, read from the run's trace (a phase fault's time is only known once the
 * run reaches its phase). Also edits of the schedule (move, remove, add) that return a new list.
 * Pure.
 */
import { formatFault, formatPhase, sortFaults, type Fault, type TimedFault } from '../scenarios/faults';
import { phasesOf } from '../scenarios/phases';
import { forEachHead, type TraceEvent, type TraceList } from '../sim/trace';
import { formatMillis, type Micros } from '../sim/time';
import type { FaultMarker, ScheduledFault } from '../view/timeline-model';
import { scanSlot, scanTrace } from '../view/trace-scan';

export type { ScheduledFault };


export function actionOf(f: Pick<Fault, 'kind' | 'target'>): string {
  if (f.kind === 'crash') return `Crash host ${f.target}`;
  if (f.kind === 'restart') return `Restart host ${f.target}`;
  return f.kind === 'cut' ? 'Cut link' : 'Heal link';
}

/** How a fault's moment reads for people. */
export function whenOf(f: Fault, scenario: string): string {
  if (!f.phase) return `at ${formatMillis(f.atUs)}`;
  const def = phasesOf(scenario).find((p) => p.name === f.phase.name);
  const title = def ? def.title.replace(/\bN\b/g, String(f.phase.index ?? '')) : formatPhase(f.phase);
  return f.phase.afterUs > 0 ? `${formatMillis(f.phase.afterUs)} after: ${title}` : title;
}

/** The faults that fired so far, per trace (the trace only grows: each event is read once). */
const FIRED_SCANS = scanSlot<TraceEvent[]>();

/**
 * The faults of a run with the instant each took effect, from the trace computed so far (`count`
 * events). Faults that fire at one instant are matched in the order the world applies them.
 */
export function scheduleOf(faults: readonly Fault[], scenario: string, trace: TraceList, count: number): ScheduledFault[] {
  const fired = scanTrace(FIRED_SCANS, trace, count, '', () => [] as TraceEvent[], (found, events, from, to) => {
    forEachHead(events, from, to, (_at, actor, type, k) => {
      if (actor === 'lab' && type.startsWith('fault.')) found.push(events.at(k)!);
    });
  });
  const used = new Set<number>();
  return faults.map((fault, index) => {
    const phase = fault.phase ? formatPhase(fault.phase) : undefined;
    const k = fired.findIndex(
      (e, j) =>
        !used.has(j) &&
        e.type === `fault.${fault.kind}` &&
        e.data.target === fault.target &&
        (phase === undefined ? e.data.phase === undefined && e.at === fault.atUs : e.data.phase === phase),
    );
    if (k >= 0) used.add(k);
    // A timed fault takes effect at its time whether or not the run is computed that far.
    const atUs = k >= 0 ? fired[k].at : fault.phase ? null : fault.atUs;
    return { index, fault, text: formatFault(fault), action: actionOf(fault), when: whenOf(fault, scenario), atUs };
  });
}

/** The timeline's markers for a schedule: where each fault took effect, and what it is. */
export function faultMarkers(schedule: readonly ScheduledFault[]): FaultMarker[] {
  return schedule.map((f) => ({ index: f.index, atUs: f.atUs, label: `${f.action} ${f.when}` }));
}

/** The list with fault `index` moved to `atUs` (a phase fault becomes a timed one there). */
export function moveFault(faults: readonly Fault[], index: number, atUs: Micros): Fault[] {
  return sortFaults(faults.map((f, i) => (i === index ? ({ kind: f.kind, target: f.target, atUs: Math.max(0, Math.round(atUs)) } as TimedFault) : f)));
}

/** The list without fault `index`. */
export function removeFault(faults: readonly Fault[], index: number): Fault[] {
  return faults.filter((_, i) => i !== index);
}

/** The list with `fault` added (or with fault `index` replaced by it). */
export function putFault(faults: readonly Fault[], fault: Fault, index?: number): Fault[] {
  return sortFaults(index === undefined ? [...faults, fault] : faults.map((f, i) => (i === index ? fault : f)));
}
