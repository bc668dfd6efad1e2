/**
 * The technique descriptors: one per scenario, under the scenario's id, each naming glossary terms
 * that exist and rules the runner actually judges (so a misspelt rule cannot show as "holds" forever).
 */
import { describe, expect, it } from 'vitest';
import { GLOSSARY } from '../../src/scenarios/glossary';
import { SCENARIOS } from '../../src/scenarios/all';
import { resolveRun } from '../../src/scenarios/run-spec';
import { techniqueOf } from '../../src/view/techniques/index';
import { TECHNIQUES } from '../../src/view/techniques/all';
import { runToEnd } from '../../src/world/sweep-result';

describe('technique descriptors', () => {
  it('one per scenario, under its id, in the picker\'s order', () => {
    expect(Object.keys(TECHNIQUES)).toEqual(SCENARIOS.map((s) => s.id));
    for (const [id, t] of Object.entries(TECHNIQUES)) expect(t.id).toBe(id);
  });

  it('an unknown technique is refused by name, inherited names included', () => {
    expect(() => techniqueOf('paxos')).toThrow('no descriptor for technique "paxos"');
    expect(() => techniqueOf('toString')).toThrow(/toString/);
  });

  it('names glossary terms that exist', () => {
    const ids = new Set(GLOSSARY.map((g) => g.id));
    for (const t of Object.values(TECHNIQUES)) expect(t.glossary.filter((g) => !ids.has(g)), t.id).toEqual([]);
  });

  it('lists only rules the runner judges for that technique', () => {
    for (const t of Object.values(TECHNIQUES)) {
      const { spec } = resolveRun({ scenario: t.id, until: '1s', faults: ['crash:A@500ms'] });
      const judged = runToEnd(spec).invariants.map((i) => i.name);
      expect(t.rules.map((r) => r.name).filter((name) => !judged.includes(name)), t.id).toEqual([]);
    }
  });

  it('labels, glyphs and lines as the lab and the compare view show them', () => {
    expect(Object.values(TECHNIQUES).map((t) => [t.id, t.crashALabel, t.glyph.shape])).toEqual([
      ['unprotected', 'Crash host A', 'diamond'],
      ['migration', 'Crash host A', 'cross'],
      ['postcopy', 'Crash host A', 'wye'],
      ['remus', 'Crash host A', 'square'],
      ['naive', 'Crash host A', 'triangle'],
      ['kemari', 'Power off host A', 'circle'],
      ['colo', 'Crash host A', 'star'],
      ['lockstep', 'Crash host A', 'times'],
    ]);
    expect(TECHNIQUES.remus.compareLine({ epochMs: 25, bufferOutput: true })).toBe('checkpoints every 25 ms, output buffered until acknowledged');
    expect(TECHNIQUES.naive.compareLine({ epochMs: 500, bufferOutput: false })).toBe('checkpoints every 500 ms, output not buffered');
    expect(TECHNIQUES.kemari.compareLine({ trapEvents: false })).toBe('synchronized after the output left (trap off)');
    expect(TECHNIQUES.postcopy.compareLine({ migrateAtMs: 1000, prepaging: 'bubbling' })).toBe('hands the VM to host B at 1 s, then its pages (pre-paging by bubbling)');
    expect(TECHNIQUES.colo.compareLine({ divergencePerSec: 0.25, checkpointIntervalMs: 4000 })).toBe('compares outputs, checkpoints on a difference (0.25/s) or every 4 s');
    expect(TECHNIQUES.kemari.holdsLabel(27)).toBe('synchronization #27');
    expect(TECHNIQUES.remus.holdsLabel(120)).toBe('checkpoint 120');
  });
});
