/**
 * Turns an emitted machine event into flat trace data: primitives are kept, and the few nested values
 * the machines carry (an I/O request, a link message, a VNC frame) are reduced to their identifying
 * fields, so the trace stays small and its text form stable. Pure.
 */
import { NO_DATA, type TraceValue } from '../sim/trace';

function isPrimitive(v: unknown): v is TraceValue {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/**
 * Records of one to four fields, made by constructors rather than as object literals: V8 gives a
 * literal room for four fields whatever it holds, and an instance of a class only the room its
 * instances use (every event's data is kept for the whole run: most hold one or two fields).
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

/** `out` as compactly as its number of fields allows (same fields, same order). */
function compact(out: Record<string, TraceValue>): Record<string, TraceValue> {
  const keys = Object.keys(out);
  if (keys.length === 1) return new Data1(keys[0], out[keys[0]]);
  if (keys.length === 2) return new Data2(keys[0], out[keys[0]], keys[1], out[keys[1]]);
  if (keys.length === 3) return new Data3(keys[0], out[keys[0]], keys[1], out[keys[1]], keys[2], out[keys[2]]);
  return out;
}

/** Flat data of an emitted event, without its `type` (the shared NO_DATA of ../sim/trace.ts when it has none). */
export function traceData(event: Readonly<Record<string, unknown>>): Record<string, TraceValue> {
  let out: Record<string, TraceValue> | null = null;
  for (const key in event) {
    if (key === 'type' || !Object.hasOwn(event, key)) continue;
    const value = event[key];
    out ??= {};
    if (isPrimitive(value)) out[key] = value;
    else if (value && typeof value === 'object') {
      const v = value as Record<string, unknown>;
      if (key === 'request') {
        out.output = v.id as number;
        out.kind = v.kind as string;
        const frame = v.frame as Record<string, unknown> | undefined;
        if (frame) {
          out.seq = frame.seq as number;
          out.shows = frame.shows as string;
        }
      } else if (key === 'message') {
        out.msg = v.id as number;
        out.kind = v.kind as string;
        out.from = v.from as string;
        out.to = v.to as string;
      } else if (key === 'frame') {
        out.seq = v.seq as number;
        out.shows = v.shows as string;
      }
    }
  }
  return out === null ? (NO_DATA as Record<string, TraceValue>) : compact(out);
}
