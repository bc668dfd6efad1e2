/**
 * Narration: notable events in words (from real runs), routine traffic left out, bursts cut to the
 * most important sentences, and the live region saying what the playhead passes, not what it goes
 * back over.
 */
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import type { TraceEvent } from '../../src/sim/trace';
import Narrator from '../../src/view/Narrator.svelte';
import { announcement, eventsUpTo, narrate, type Sentence } from '../../src/view/narration';
import { createWorld } from '../../src/world/world';

function traceOf(raw: Parameters<typeof resolveRun>[0]): readonly TraceEvent[] {
  const { spec } = resolveRun(raw);
  const world = createWorld(spec);
  world.runUntil(spec.untilUs);
  return world.trace.events;
}

const texts = (s: Sentence[]) => s.map((x) => x.text);

describe('narration', () => {
  it('tells a Remus takeover with the checkpoint host B resumes from', () => {
    const events = traceOf({ scenario: 'remus', faults: ['crash:A@3.5s'], until: '4s' });
    const said = texts(narrate(events, 0, events.length));
    // The last checkpoint B acknowledged before the crash is number 139 (3.477 s).
    expect(said).toEqual(['Host A crashed.', 'Host B declares host A dead.', 'Host B resumes the VM from checkpoint 139.']);
  });

  it('tells a migration round by round, and the stop-and-copy', () => {
    const events = traceOf({ scenario: 'migration', preset: 'idle', until: '6s' });
    expect(texts(narrate(events, 0, events.length))).toEqual([
      'Live migration from host A to host B starts.',
      'Migration round 1: 131,072 pages.',
      'Migration round 2: 520 pages.',
      'Migration round 3: 3 pages.',
      'Stop-and-copy: the VM pauses; 0 pages left to send.',
      'Migration committed: host B is now the primary.',
      'The VM resumes on host B.',
    ]);
  });

  it('tells a naive snapshot breaking the session, and a split brain', () => {
    const naive = traceOf({ scenario: 'naive', faults: ['crash:A@3.3s'], until: '4s' });
    expect(texts(narrate(naive, 0, naive.length))).toContain('Client session reset: it saw the clock roll back.');
    const cut = traceOf({ scenario: 'kemari', faults: ['cut:link@3.5s'], until: '4.5s' });
    const said = texts(narrate(cut, 0, cut.length));
    expect(said).toContain('The replication link was cut.');
    expect(said).toContain('Host A gets no acknowledgements: the VM runs on unprotected.');
    expect(said).toContain('Rule broken: no split brain.');
  });

  it('says nothing of routine traffic', () => {
    const events = traceOf({ scenario: 'kemari', until: '3s' });
    expect(events.length).toBeGreaterThan(100);
    expect(narrate(events, 0, events.length)).toEqual([]);
  });

  it('cuts a burst to its most important sentences, in time order, counting the rest', () => {
    const s = (text: string, priority: 1 | 2 | 3): Sentence => ({ at: 0, text, priority });
    expect(announcement([])).toBe('');
    expect(announcement([s('a.', 3), s('b.', 1)])).toBe('a. b.');
    expect(announcement([s('r1.', 3), s('r2.', 3), s('crash.', 1), s('r3.', 3), s('dead.', 2)])).toBe('r1. crash. dead. (2 more events.)');
    expect(announcement([s('r1.', 3), s('r2.', 3)], 1)).toBe('r1. (1 more event.)');
  });

  it('finds the events up to an instant', () => {
    const ev = (at: number) => ({ seq: at, at, actor: 'x', type: 'y', data: {} });
    const list = [ev(1), ev(2), ev(2), ev(5)];
    expect([0, 1, 2, 4, 5].map((t) => eventsUpTo(list, t))).toEqual([0, 1, 3, 3, 4]);
  });
});

describe('Narrator', () => {
  // With the viewer watchdog at 2.5 s the session is lost at 4.5002 s (off, as by default, it stays stalled and that goes unsaid).
  const events = traceOf({ scenario: 'unprotected', faults: ['crash:A@3s'], until: '6s', params: [['clientTimeoutMs', '2500']] });

  it('says a session lost only when the watchdog gives up: with it off, an unprotected crash ends stalled', () => {
    const quiet = traceOf({ scenario: 'unprotected', faults: ['crash:A@3s'], until: '6s' });
    expect(texts(narrate(quiet, 0, quiet.length))).toEqual(['Host A crashed.', 'Client stalled: its next frame is overdue.', 'Host B declares host A dead.']);
    expect(texts(narrate(events, 0, events.length))).toEqual(['Host A crashed.', 'Client stalled: its next frame is overdue.', 'Host B declares host A dead.', "Client session lost: the viewer's watchdog gave up waiting."]);
  });

  it('says what the playhead passes, in a polite live region, and nothing when it goes back', async () => {
    const { rerender } = render(Narrator, { trace: events, t: 0, run: 1, gapMs: 0 });
    await vi.dynamicImportSettled();
    const region = screen.getByRole('status');
    expect(region).toHaveAttribute('aria-live', 'polite');
    expect(region).toHaveTextContent('');
    await rerender({ trace: events, t: 3_100_000, run: 1, gapMs: 0 });
    expect(region).toHaveTextContent('Host A crashed.');
    await rerender({ trace: events, t: 5_600_000, run: 1, gapMs: 0 });
    expect(region).toHaveTextContent("Client stalled: its next frame is overdue. Host B declares host A dead. Client session lost: the viewer's watchdog gave up waiting.");
    await rerender({ trace: events, t: 1_000_000, run: 1, gapMs: 0 });
    expect(region).toHaveTextContent("Client stalled: its next frame is overdue. Host B declares host A dead. Client session lost: the viewer's watchdog gave up waiting.");
  });

  it('says what an input recorded at the playhead did (the run is recomputed)', async () => {
    const quiet = traceOf({ scenario: 'unprotected', until: '6s' });
    const { rerender } = render(Narrator, { trace: quiet, t: 3_000_000, run: 'before', gapMs: 0 });
    await vi.dynamicImportSettled();
    await rerender({ trace: events, t: 3_000_000, run: 'after', gapMs: 0 });
    expect(screen.getByRole('status')).toHaveTextContent('Host A crashed.');
  });
});

describe('narration of a stall', () => {
  it('says how long the client waited when its clock moves again, and nothing for routine frames', () => {
    const { spec } = resolveRun({ scenario: 'kemari', preset: 'stage', faults: ['crash:A@3.5s'], until: '5s' });
    const w = createWorld(spec);
    w.runUntil(spec.untilUs);
    const said = narrate(w.trace.events, 0, w.trace.length, 'synchronization', 250_000).filter((s) => s.text.startsWith("The client's clock"));
    expect(said).toEqual([{ at: 3_700_300, text: "The client's clock moves again: it waited 187 ms longer than usual for this frame.", priority: 1 }]);
  });
});
