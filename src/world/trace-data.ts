/**
 * Turns an emitted machine event into flat trace data: primitives are kept, and the few nested values
 * the machines carry (an I/O request, a link message, a VNC frame) are reduced to their identifying
 * fields, so the trace stays small and its text form stable. Pure.
 */
import { compactNumber, NO_DATA, type TraceValue } from '../sim/trace';

function isPrimitive(v: unknown): v is TraceValue {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/**
 * Records of one to four fields, made by constructors rather than as object literals: V8 gives a
 * literal room for four fields whatever it holds, and an instance of a class only the room its
 * instances use (most hold one or two fields; a kept trace copies their values into its columns).
 */
class Data1 {
  [key: string]: TraceValue;
  constructor(k1: string, v1: TraceValue) {
    this[k1] = v1;
  }
}
class Data2 {
  [key: string]: TraceValue;
  constructor(k1: string, v1: TraceValue, k2: string, v2: TraceValue) {
    this[k1] = v1;
    this[k2] = v2;
  }
}
class Data3 {
  [key: string]: TraceValue;
  constructor(k1: string, v1: TraceValue, k2: string, v2: TraceValue, k3: string, v3: TraceValue) {
    this[k1] = v1;
    this[k2] = v2;
    this[k3] = v3;
  }
}

/**
 * The fields of the event being flattened, in order: the first `n` cells (reused, one event is
 * flattened at a time; counting them is cheaper than emptying the arrays for each event).
 */
const keys: string[] = [];
const values: TraceValue[] = [];
let n = 0;

/** Sets field `k` (a field set twice keeps its first place and its last value, as on an object). */
function put(k: string, value: TraceValue): void {
  const v = typeof value === 'number' ? compactNumber(value) : value;
  for (let i = 0; i < n; i++) {
    if (keys[i] === k) {
      values[i] = v;
      return;
    }
  }
  keys[n] = k;
  values[n++] = v;
}

/** The fields gathered, as compactly as their number allows. */
function record(): Record<string, TraceValue> {
  if (n === 0) return NO_DATA as Record<string, TraceValue>;
  if (n === 1) return new Data1(keys[0], values[0]);
  if (n === 2) return new Data2(keys[0], values[0], keys[1], values[1]);
  if (n === 3) return new Data3(keys[0], values[0], keys[1], values[1], keys[2], values[2]);
  const out: Record<string, TraceValue> = {};
  for (let i = 0; i < n; i++) out[keys[i]] = values[i];
  return out;
}

/** Flat data of an emitted event, without its `type` (the shared NO_DATA of ../sim/trace.ts when it has none). */
export function traceData(event: Readonly<Record<string, unknown>>): Record<string, TraceValue> {
  n = 0;
  for (const key in event) {
    if (key === 'type' || !Object.hasOwn(event, key)) continue;
    const value = event[key];
    if (isPrimitive(value)) put(key, value);
    else if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if (key === 'request') {
        put('output', v.id as number);
        put('kind', v.kind as string);
        const frame = v.frame as Record<string, unknown> | undefined;
        if (frame) {
          put('seq', frame.seq as number);
          put('shows', frame.shows as string);
        }
      } else if (key === 'message') {
        put('msg', v.id as number);
        put('kind', v.kind as string);
        put('from', v.from as string);
        put('to', v.to as string);
      } else if (key === 'frame') {
        put('seq', v.seq as number);
        put('shows', v.shows as string);
      }
    }
  }
  return record();
}
