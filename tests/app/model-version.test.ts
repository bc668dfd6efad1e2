/**
 * Links and lab files name the model they were made with (`v`): an older one opens with a notice of
 * what changed, never silently with a different meaning; an unknown one is reported.
 */
import { describe, expect, it } from 'vitest';
import { readCompareUrl } from '../../src/app/compare-url';
import { readLabFile } from '../../src/app/lab-file';
import { readUrl, writeUrl } from '../../src/app/url-state';
import { FORMAT_VERSION } from '../../src/scenarios/run-spec';

describe('the model version of a link or a lab file', () => {
  it('is 2 now, written into every link', () => {
    expect(FORMAT_VERSION).toBe(2);
    const state = readUrl('?scenario=kemari');
    expect(writeUrl(state.spec, 0)).toContain('v=2');
    expect(state.notice).toBeNull();
  });

  it('a version 1 link opens with its settings and a notice of what changed (TCP, the watchdog, the commitment rule, the presets)', () => {
    const state = readUrl('?v=1&scenario=unprotected&fault=crash:A@3s&clockHz=2');
    expect(state.errors).toEqual([]);
    expect(state.spec.params.clockHz).toBe(2);
    expect(state.notice).toMatch(/^This was made with model version 1; the lab now runs version 2, and opens it with the same settings under the new model\. What changed: in version 2, the client's connection is TCP/);
    for (const words of ['Session: stalled', 'clientTimeoutMs fires (off by default; it was 2500 ms)', 'host A never runs the VM again', "Clark's Xen"]) expect(state.notice).toContain(words);
    expect(readCompareUrl('?compare=1&v=1').notice).toContain('model version 1');
  });

  it('an unknown version is reported by name with the allowed range, and the rest read as this one', () => {
    for (const v of ['3', '0', 'abc']) {
      const state = readUrl(`?v=${v}&scenario=remus`);
      expect(state.notice).toBeNull();
      expect(state.errors).toEqual([{ field: 'v', message: `v (model version) must be from 1 to 2; got "${v}" — reading the rest as version 2` }]);
      expect(state.spec.scenario).toBe('remus');
    }
  });

  it('a version 1 lab file opens with the notice; an unknown version is refused', () => {
    const file = (v: unknown) => JSON.stringify({ format: 'kemari-lab', v, scenario: 'remus', preset: 'default', seed: 1, until: '6s', params: {}, faults: [], t: '0us', speed: 1, panels: [] });
    const old = readLabFile(file(1));
    expect(old.errors).toEqual([]);
    expect(old.state?.notice).toContain('model version 1');
    expect(readLabFile(file(2)).state?.notice).toBeNull();
    expect(readLabFile(file(7)).errors).toEqual([{ field: 'v', message: 'v (model version) must be from 1 to 2; got 7' }]);
  });
});
