import { describe, expect, it } from 'vitest';
import { NO_DATA } from '../../src/sim/trace';
import { traceData } from '../../src/world/trace-data';

describe('traceData', () => {
  it('flattens an emitted event without its type, reducing a request to its id and kind', () => {
    expect(traceData({ type: 'vcpu.resumed', redoing: 0 })).toEqual({ redoing: 0 });
    expect(traceData({ type: 'netback.tx', request: { id: 8, kind: 'vnc' } })).toEqual({ output: 8, kind: 'vnc' });
    expect(traceData({ type: 'guest.paused' })).toBe(NO_DATA);
  });
});
