/**
 * Turns an emitted machine event into flat trace data: primitives are kept, and the few nested values
 * the machines carry (an I/O request, a link message, a VNC frame) are reduced to their identifying
 * fields, so the trace stays small and its text form stable. Pure.
 */
import { NO_DATA, type TraceValue } from '../sim/trace';

function isPrimitive(v: unknown): v is TraceValue {
  return v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
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
  return out ?? (NO_DATA as Record<string, TraceValue>);
}
