/**
 * The lab's session: a live run (no `until` asked for) grows as the playhead nears its end, so the
 * clock keeps ticking; a run with a length keeps it. The world is computed as far as the playhead.
 */
import { describe, expect, it } from 'vitest';
import { Session } from '../../src/app/session.svelte';
import { resolveRun } from '../../src/scenarios/run-spec';

const kemari = resolveRun({ scenario: 'kemari', until: '4s' }).spec;

describe('Session: live runs', () => {
  it('a run with a length stops at its end: seeking past it shows its last instant', () => {
    const s = new Session(kemari, 0, 1, false);
    s.seek(9_000_000);
    expect(s.untilUs).toBe(4_000_000);
    expect(s.t).toBe(4_000_000);
    s.destroy();
  });

  it('a live run grows when the playhead nears its end (by 10 s, or half its length), and shows the later instant', () => {
    const s = new Session(kemari, 0, 1, true);
    expect(s.untilUs).toBe(4_000_000);
    s.seek(3_000_000);
    // Within the 2 s look-ahead of the end: the run now reaches 4 s + 10 s.
    expect(s.untilUs).toBe(14_000_000);
    s.seek(13_000_000);
    expect(s.untilUs).toBe(24_000_000);
    expect(s.t).toBe(13_000_000);
    expect(s.frame.atUs).toBeLessThanOrEqual(13_000_000);
    expect(s.frame.client.shows).toBe('00:00:12');
    s.destroy();
  });

  it('a live run grows in whole steps, so the same instant reached by playing or opened from a link gives the same end', () => {
    const played = new Session(kemari, 0, 1, true);
    played.seek(3_000_000);
    played.seek(40_000_000);
    // 4 s, 14 s, 24 s, 36 s (by half), 54 s.
    expect(played.untilUs).toBe(54_000_000);
    const opened = new Session(kemari, 40_000_000, 1, true);
    expect(opened.untilUs).toBe(54_000_000);
    expect(opened.t).toBe(40_000_000);
    played.destroy();
    opened.destroy();
  });

  it('loading another run keeps liveness unless told; a lab file\'s run (live false) keeps its length', () => {
    const s = new Session(kemari, 0, 1, true);
    s.load(resolveRun({ scenario: 'remus', until: '2s' }).spec, 0);
    expect(s.live).toBe(true);
    s.load(resolveRun({ scenario: 'remus', until: '2s' }).spec, 0, false);
    s.seek(1_900_000);
    expect(s.untilUs).toBe(2_000_000);
    s.destroy();
  });
});
