import { describe, expect, it } from 'vitest';
import { NO_DATA } from '../../src/sim/trace';
import { traceData } from '../../src/world/trace-data';

describe('traceData', () => {
  it('flattens an emitted event without its type, reducing a request to its id and kind', () => {
    expect(traceData({ type: 'vcpu.resumed', redoing: 0 })).toEqual({ redoing: 0 });
    expect(traceData({ type: 'netback.tx', request: { id: 8, kind: 'vnc' } })).toEqual({ output: 8, kind: 'vnc' });
    expect(traceData({ type: 'guest.paused' })).toBe(NO_DATA);
  });

  it('shares one record between events with the same one-field data, and keeps values apart', () => {
    const a = traceData({ type: 'checkpoint.pause', checkpoint: 40 });
    const b = traceData({ type: 'checkpoint.commit', checkpoint: 40 });
    expect(b).toBe(a);
    const c = traceData({ type: 'checkpoint.pause', checkpoint: 41 });
    expect(c).not.toBe(a);
    expect(c).toEqual({ checkpoint: 41 });
    expect(traceData({ type: 'state.ack', sync: 40 })).toEqual({ sync: 40 });
    // After many other values the record is made again: the same content.
    for (let n = 0; n < 20; n++) traceData({ type: 'x', checkpoint: 100 + n });
    expect(traceData({ type: 'checkpoint.commit', checkpoint: 40 })).toEqual({ checkpoint: 40 });
  });
});
