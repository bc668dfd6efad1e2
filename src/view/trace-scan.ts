/**
 * Reading a growing trace without reading it all again. The trace's events array only grows (its
 * first `count` events never change), so what a view folds over the first `count` events can be
 * kept, per events array, and fed only the new ones: drawing cost per frame then follows what
 * happened since the last frame, not the length of the run. Pure as seen from outside: the same
 * events, count and parameters give the same result.
 */
import type { TraceList } from '../sim/trace';

interface Scan<S> {
  readonly params: string;
  count: number;
  readonly state: S;
}

/**
 * The fold of the first `count` events of `events` into a state made by `init` and fed by `feed`
 * (events `from` to `to`, excluding `to`), kept between calls under `slot` for each events array and
 * set of `params` (a change of parameters, or a shorter count, starts again). The state is shared
 * between calls: read it, do not hand it on.
 */
export function scanTrace<S>(
  slot: WeakMap<TraceList, Scan<S>>,
  events: TraceList,
  count: number,
  params: string,
  init: () => S,
  feed: (state: S, events: TraceList, from: number, to: number) => void,
): S {
  let scan = slot.get(events);
  if (!scan || scan.params !== params || scan.count > count) {
    scan = { params, count: 0, state: init() };
    slot.set(events, scan);
  }
  if (scan.count < count) {
    feed(scan.state, events, scan.count, count);
    scan.count = count;
  }
  return scan.state;
}

/** A slot for `scanTrace` (one per kind of fold). */
export function scanSlot<S>(): WeakMap<TraceList, Scan<S>> {
  return new WeakMap();
}
