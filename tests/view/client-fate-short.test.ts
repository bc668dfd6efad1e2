/**
 * The client's fate in one short line (the minimal embedded widget's outcome line): literal lines of
 * seeded runs' frames, one per outcome, each short enough for one line of a 640 px-wide widget.
 */
import { describe, expect, it } from 'vitest';
import type { RawRun } from '../../src/scenarios/run-spec';
import { clientFateShort } from '../../src/view/client-fate';
import { runRaw } from '../support/world-run';

const frameOf = (raw: RawRun, atUs: number) => runRaw(raw).frameAt(atUs);

describe('clientFateShort', () => {
  it('a takeover: how long it took (when the crash time is known) and the longest extra wait', () => {
    const run: RawRun = { scenario: 'kemari', until: '6s', faults: ['crash:A@3.5s'] };
    expect(clientFateShort(frameOf(run, 3_600_000), { crashAtUs: 3_500_000 })).toBe('No copy of the VM runs yet: host B has not taken over.');
    expect(clientFateShort(frameOf(run, 5_000_000), { crashAtUs: 3_500_000 })).toBe('Host B took over in 200 ms; frames came at most 25.9 ms late.');
    expect(clientFateShort(frameOf(run, 5_000_000))).toBe('Host B took over; frames came at most 25.9 ms late.');
  });

  it('no copy of the VM: the clock stopped and stays stopped; the session lost only to the viewer watchdog', () => {
    const run: RawRun = { scenario: 'unprotected', until: '8s', faults: ['crash:A@3s'] };
    expect(clientFateShort(frameOf(run, 3_600_000), { crashAtUs: 3_000_000 })).toBe("No copy of the VM runs: the client's clock has stopped.");
    // The session stays stalled (no TCP is left to give up): the same line at the end.
    expect(frameOf(run, 8_000_000).client.sessionState).toBe('stalled');
    expect(clientFateShort(frameOf(run, 8_000_000), { crashAtUs: 3_000_000 })).toBe("No copy of the VM runs: the client's clock has stopped.");
    expect(clientFateShort(frameOf({ scenario: 'migration', until: '8s', faults: ['crash:A@2s'] }, 8_000_000))).toBe("No copy of the VM runs: the client's clock has stopped.");
    const watched: RawRun = { ...run, params: [['clientTimeoutMs', '2500']] };
    expect(clientFateShort(frameOf(watched, 8_000_000), { crashAtUs: 3_000_000 })).toBe("No copy of the VM runs: the client's session was lost.");
  });

  it('the backup crashed: the VM runs on alone', () => {
    expect(clientFateShort(frameOf({ scenario: 'kemari', until: '6s', faults: ['crash:B@3s'] }, 5_000_000))).toBe('Host B crashed; the VM runs on host A.');
  });

  it('a rollback and split brain reset the session', () => {
    expect(clientFateShort(frameOf({ scenario: 'naive', until: '6s', faults: ['crash:A@3.3s'] }, 6_000_000), { crashAtUs: 3_300_000 })).toBe(
      "Host B took over from an older state: the client's session was reset.",
    );
    expect(clientFateShort(frameOf({ scenario: 'remus', until: '6s', faults: ['cut:link@3.5s'] }, 6_000_000))).toBe("Split brain: two copies of the VM ran; the client's session was reset.");
  });

  it('migrations: the VM lost past the commitment point, or the downtime of a completed one', () => {
    expect(clientFateShort(frameOf({ scenario: 'migration', until: '8s', faults: ['crash:B@commit'] }, 8_000_000))).toBe("No copy of the VM runs: the client's clock has stopped.");
    // The client's TCP connection moved with the VM: a 4.35 s downtime is a stall it comes through.
    expect(clientFateShort(frameOf({ scenario: 'migration', preset: 'stop-and-copy' }, 12_000_000))).toBe("The VM moved to host B (paused 4.35 s); the client's session goes on.");
    expect(clientFateShort(frameOf({ scenario: 'migration', preset: 'stop-and-copy', params: [['clientTimeoutMs', '2500']] }, 12_000_000))).toBe(
      "The VM moved to host B (paused 4.35 s); the client's session was lost.",
    );
  });

  it('nothing went wrong', () => {
    expect(clientFateShort(frameOf({ scenario: 'kemari', until: '6s' }, 6_000_000))).toBe("Nothing has gone wrong: the client's session is connected.");
  });
});
