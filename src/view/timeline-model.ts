/**
 * The timeline's lanes: which actor's trace events go in which lane, and each lane as one SVG path
 * of ticks (one DOM node per lane however many events), extended with the new events as the trace
 * grows (./trace-scan.ts). Pure.
 */
import { linearScale } from './linear-scale';
import { scanSlot, scanTrace } from './trace-scan';
import { countBefore, forEachHead, type TraceEvent, type TraceList } from '../sim/trace';
import type { Micros } from '../sim/time';
import type { Fault } from '../scenarios/faults';

/** A fault of the run as the page lists it (the app's fault-schedule.ts makes them). */
export interface ScheduledFault {
  /** Position in the run's fault list. */
  readonly index: number;
  readonly fault: Fault;
  /** The runner's text form (`crash:A@checkpoint:12`). */
  readonly text: string;
  /** "Crash host A", "Cut link". */
  readonly action: string;
  /** "at 3.000ms" or "while checkpoint 12 is in flight (sent, not yet acknowledged)". */
  readonly when: string;
  /** When it takes effect: a timed fault's time; a phase fault's once the computed run reaches it (else null). */
  readonly atUs: Micros | null;
}

/** A fault on the timeline: where it took effect (null: not reached in the computed run). */
export interface FaultMarker {
  readonly index: number;
  readonly atUs: Micros | null;
  /** "Crash host A at 3.000ms", "Crash host A while checkpoint 12 is in flight". */
  readonly label: string;
}

export interface Lane {
  readonly id: string;
  readonly label: string;
  /** Which trace actors belong to the lane. */
  readonly match: (actor: string) => boolean;
}

export const LANES: readonly Lane[] = [
  { id: 'hostA', label: 'Host A', match: (a) => a.startsWith('hostA') },
  { id: 'vm', label: 'VM', match: (a) => a === 'vm' },
  { id: 'link', label: 'Link', match: (a) => a === 'link' },
  { id: 'hostB', label: 'Host B', match: (a) => a.startsWith('hostB') },
  { id: 'client', label: 'Client', match: (a) => a === 'client' },
];

/** The routine traffic among trace event types (drawn short). */
const ROUTINE = new Set(['heartbeat.sent', 'link.delivered', 'backend.done', 'evtchn.upcall', 'evtchn.pending']);

const isMajorType = (type: string): boolean => !ROUTINE.has(type);

/** Events that matter more than routine traffic: drawn taller. */
export function isMajor(e: TraceEvent): boolean {
  return isMajorType(e.type);
}

/** Each actor's lane (-1: none), found once per actor name: a long run redraws hundreds of thousands of events when its axis changes. */
const laneByActor = new Map<string, number>();

function laneOf(actor: string): number {
  let i = laneByActor.get(actor);
  if (i === undefined) laneByActor.set(actor, (i = LANES.findIndex((lane) => lane.match(actor))));
  return i;
}

/** A lane's ticks of one kind as path data: the full parts, then the part still filling. */
export interface TickPath {
  /** The full parts (TICKS_PER_PART ticks each), one path each: a part once full never changes. */
  readonly done: readonly string[];
  /** The ticks since (fewer than TICKS_PER_PART): the only text that changes as the run grows. */
  readonly open: string;
}

export interface LanePaths {
  readonly id: string;
  readonly label: string;
  /**
   * The lane's routine and major ticks. Drawn as a path per full part and one for the open part, a
   * page rewrites only the short open part while the run grows, and adds a path once per
   * TICKS_PER_PART new ticks: never thousands of ticks a frame.
   */
  readonly minor: TickPath;
  readonly major: TickPath;
  readonly count: number;
}

/** Ticks in one part of a lane's path. */
export const TICKS_PER_PART = 64;

interface Ticks {
  readonly done: string[];
  open: string;
  /** Ticks in the open part. */
  n: number;
  /** The pixel column of the last tick (-1: none yet). */
  last: number;
}

interface LaneScan {
  readonly minor: Ticks;
  readonly major: Ticks;
  n: number;
}

const noTicks = (): Ticks => ({ done: [], open: '', n: 0, last: -1 });

/** Appends the tick at column `px` to the open part, closing it first when it is full. */
function addTick(t: Ticks, px: number, tick: string): void {
  t.last = px;
  if (t.n === TICKS_PER_PART) {
    t.done.push(t.open);
    t.open = '';
    t.n = 0;
  }
  t.open += tick;
  t.n++;
}

/**
 * Builds the tick paths of each lane for events in [0, endUs] mapped onto [x0, x1]. Ticks that land
 * on the same pixel column are drawn once.
 */
export function lanePaths(events: TraceList, count: number, endUs: Micros, x0: number, x1: number, laneHeight: number): LanePaths[] {
  const lanes = scanTrace(LANE_SCANS, events, count, `${endUs} ${x0} ${x1} ${laneHeight}`, () => LANES.map((): LaneScan => ({ minor: noTicks(), major: noTicks(), n: 0 })), (state, evs, from, to) => {
    const x = linearScale([0, endUs], [x0, x1]);
    forEachHead(evs, from, to, (at, actor, type) => {
      const i = laneOf(actor);
      if (i < 0) return;
      const s = state[i];
      const top = i * laneHeight;
      s.n++;
      const px = Math.round(x(at) * 2) / 2;
      // Events arrive in time order: a tick in the column of the kind's last one is already drawn.
      if (isMajorType(type)) {
        if (px !== s.major.last) addTick(s.major, px, `M${px} ${top + 4}v${laneHeight - 8}`);
      } else if (px !== s.minor.last) addTick(s.minor, px, `M${px} ${top + laneHeight / 2 - 5}v10`);
    });
  });
  // A copy of the parts: the scan's own list grows in place.
  const path = (t: Ticks): TickPath => ({ done: t.done.slice(), open: t.open });
  return LANES.map((lane, i) => ({ id: lane.id, label: lane.label, minor: path(lanes[i].minor), major: path(lanes[i].major), count: lanes[i].n }));
}

/** Each lane's path so far, per trace (see ./trace-scan.ts). */
const LANE_SCANS = scanSlot<LaneScan[]>();

/**
 * The trace event of lane `lane` nearest to `atUs` within `toleranceUs` (a click on the lanes picks
 * it), preferring major events at equal distance; undefined when none is that close.
 */
export function eventNear(events: TraceList, count: number, lane: number, atUs: Micros, toleranceUs: Micros): TraceEvent | undefined {
  const match = LANES[lane]?.match;
  if (!match) return undefined;
  let best: TraceEvent | undefined;
  let bestScore = Infinity;
  // Events are in time order: start at the first one within reach (each event read is an object made).
  for (let k = countBefore(events, (at) => at < atUs - toleranceUs, count); k < count; k++) {
    const e = events.at(k)!;
    if (e.at > atUs + toleranceUs) break;
    if (!match(e.actor)) continue;
    // Distance first; a major event wins a tie with a routine one.
    const score = Math.abs(e.at - atUs) * 2 + (isMajor(e) ? 0 : 1);
    if (score < bestScore) {
      best = e;
      bestScore = score;
    }
  }
  return best;
}

/** A stretch during which the client waited for its next frame longer than usual: from, to, and how much longer (µs). */
export interface StallSpan {
  readonly fromUs: Micros;
  readonly toUs: Micros;
  readonly stallUs: Micros;
}

/**
 * The client's stalls among the first `count` events: each new frame (`frame.shown` by the client)
 * that came more than `thresholdUs` later than one frame interval after the one before. Pure.
 */
export function stallSpans(events: TraceList, count: number, intervalUs: Micros, thresholdUs = 50_000): StallSpan[] {
  const scan = scanTrace(STALL_SCANS, events, count, `${intervalUs} ${thresholdUs}`, () => ({ spans: [] as StallSpan[], last: null as Micros | null }), (s, evs, from, to) => {
    forEachHead(evs, from, to, (at, actor, type) => {
      if (actor !== 'client' || type !== 'frame.shown') return;
      if (s.last !== null) {
        const stall = at - s.last - intervalUs;
        if (stall > thresholdUs) s.spans.push({ fromUs: s.last, toUs: at, stallUs: stall });
      }
      s.last = at;
    });
  });
  return scan.spans.slice();
}

/** The stalls found so far, per trace. */
const STALL_SCANS = scanSlot<{ spans: StallSpan[]; last: Micros | null }>();
