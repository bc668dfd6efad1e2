/**
 * The line XClock shows under a stalled session: whether it can recover (a copy of the VM runs, or one
 * may still start) or not (no copy runs anywhere and none will); nothing when the session is not
 * stalled. Literal sentences from seeded runs' frames.
 */
import { describe, expect, it } from 'vitest';
import { sessionProspect } from '../../src/view/session-prospect';
import type { ReplicationFrame } from '../../src/world/frame';
import { runRaw } from '../support/world-run';

const run = runRaw;

describe('sessionProspect', () => {
  it('stalled while the VM still runs: the session can recover (and it does)', () => {
    // Remus as shipped buffers output for its 200 ms epochs: the frame drawn at 1 s is released more than 0.1 s late.
    const shipped = run({ scenario: 'remus', preset: 'as-shipped', until: '2s' });
    const late = shipped.frameAt(1_150_000);
    expect(late.client.sessionState).toBe('stalled');
    expect(late.vm).toMatchObject({ host: 'A', state: 'running' });
    expect(sessionProspect(late)).toBe('The VM still runs on host A: the session can recover.');
    expect(shipped.frameAt(1_250_000).client.sessionState).toBe('connected');
    // A stop-and-copy migration: the VM is paused on host A for its whole downtime.
    const paused = run({ scenario: 'migration', preset: 'stop-and-copy', until: '6s' }).frameAt(3_000_000);
    expect(paused.client.sessionState).toBe('stalled');
    expect(sessionProspect(paused)).toBe('The VM is paused on host A, not lost: the session can recover.');
  });

  it('stalled with no copy of the VM anywhere (an unprotected crash): the session cannot recover', () => {
    const w = run({ scenario: 'unprotected', until: '8s', faults: ['crash:A@3s'] });
    for (const t of [3_200_000, 8_000_000]) {
      expect(w.frameAt(t).client.sessionState).toBe('stalled');
      expect(sessionProspect(w.frameAt(t))).toBe('No copy of the VM runs anywhere: this session cannot recover.');
    }
  });

  it('a Remus crash just before host B’s detector fires: no copy runs yet, but host B may still take over', () => {
    // Host A crashes at 3.95 s: frame 5, due at 4.0002 s, never leaves it; stalled from 4.1002 s until B resumes.
    const w = run({ scenario: 'remus', until: '6s', faults: ['crash:A@3.95s'] });
    const waiting = w.frameAt(4_150_000);
    expect(waiting.client.sessionState).toBe('stalled');
    expect(waiting.vm.host).toBeNull();
    expect((waiting.protocol as ReplicationFrame).takeoverAtUs).toBeNull();
    expect(sessionProspect(waiting)).toBe('No copy of the VM runs right now; host B may still take over.');
    // B took over and frames came again: the session recovered.
    expect(w.frameAt(4_300_000).client.sessionState).toBe('connected');
    expect(sessionProspect(w.frameAt(4_300_000))).toBeNull();
  });

  it('a migration committed with host A gone: host B holds the whole VM and will start it', () => {
    const w = run({ scenario: 'migration', preset: 'stop-and-copy', until: '6s', faults: ['crash:A@commit'] });
    const between = w.frameAt(5_340_000);
    expect(between.client.sessionState).toBe('stalled');
    expect(sessionProspect(between)).toBe('No copy of the VM runs right now; host B holds it whole and will start it.');
  });

  it('is null when the session is not stalled: connected, reset or lost', () => {
    expect(sessionProspect(run({ scenario: 'kemari', until: '6s' }).frameAt(6_000_000))).toBeNull();
    const reset = run({ scenario: 'remus', until: '6s', faults: ['cut:link@3.5s'] }).frameAt(6_000_000);
    expect(reset.client.sessionState).toBe('reset');
    expect(sessionProspect(reset)).toBeNull();
    const lost = run({ scenario: 'unprotected', until: '8s', faults: ['crash:A@3s'], params: [['clientTimeoutMs', '2500']] }).frameAt(8_000_000);
    expect(lost.client.sessionState).toBe('lost');
    expect(sessionProspect(lost)).toBeNull();
  });
});
