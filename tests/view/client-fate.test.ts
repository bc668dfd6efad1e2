/**
 * The client's fate and its cause, the last line of "What happened": one sentence per outcome, read
 * from seeded runs' frames (literal sentences), and shown by Notes as the last item.
 */
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { clientFate } from '../../src/view/client-fate';
import Notes from '../../src/view/Notes.svelte';
import { runRaw } from '../support/world-run';

const run = runRaw;

describe('clientFate', () => {
  it('nothing felt: no failure', () => {
    expect(clientFate(run({ scenario: 'kemari', until: '6s' }).frameAt(6_000_000))).toBe("Nothing has gone wrong: the client's session is connected.");
  });

  it('through a repair: the window with no backup, protected again with the roles swapped, and the second takeover', () => {
    const w = run({ scenario: 'kemari', until: '18s', faults: ['crash:A@2s', 'restart:A@3s', 'crash:B@9s'] });
    expect(clientFate(w.frameAt(6_300_000), { crashAtUs: 2_000_000 })).toBe(
      "The VM runs on host B with no backup (host A is being resynchronized): a failure of host B now would lose it; the client's frames came at most 200 ms late, and its session goes on.",
    );
    expect(clientFate(w.frameAt(8_000_000), { crashAtUs: 2_000_000 })).toBe(
      "After a failover and a repair, host B protects the VM again with host A as its backup; the client's frames came at most 200 ms late, and its session goes on.",
    );
    expect(clientFate(w.frameAt(18_000_000), { crashAtUs: 2_000_000 })).toMatch(
      /^Host B crashed and host A took over from synchronization #\d+; the client's frames came at most 200 ms late, and its session goes on\.$/,
    );
  });

  it('session stalled for good with no copy of the VM running: names the crash and that nothing protected it', () => {
    const w = run({ scenario: 'unprotected', until: '8s', faults: ['crash:A@3s'] });
    // Before frame 4 is overdue (due at 3.0002 s, stalled from 3.1002 s): where the client stands.
    expect(w.frameAt(3_050_000).client.sessionState).toBe('connected');
    expect(clientFate(w.frameAt(3_050_000), { crashAtUs: 3_000_000 })).toBe(
      "No copy of the VM runs anywhere: host A crashed and nothing protected it; the client's last frame came at t = 2 s (its clock shows 00:00:02).",
    );
    // Stalled, and with no copy anywhere it stays so: the TCP sender died with host A, so nothing resets or loses it.
    expect(clientFate(w.frameAt(3_600_000), { crashAtUs: 3_000_000 })).toBe(
      "No copy of the VM runs anywhere: host A crashed and nothing protected it, so the client's session is stalled and cannot recover; the client's last frame came at t = 2 s (its clock shows 00:00:02).",
    );
    expect(w.frameAt(8_000_000).client.sessionState).toBe('stalled');
    expect(clientFate(w.frameAt(8_000_000), { crashAtUs: 3_000_000 })).toBe(
      "No copy of the VM runs anywhere: host A crashed and nothing protected it, so the client's session is stalled and cannot recover; the client's last frame came at t = 2 s (its clock shows 00:00:02).",
    );
  });

  it('session lost to the viewer watchdog with no copy of the VM running: names the crash and the watchdog', () => {
    const w = run({ scenario: 'unprotected', until: '8s', faults: ['crash:A@3s'], params: [['clientTimeoutMs', '2500']] });
    // Stalled until 2.5 s after the last new frame (2.0002 s + 2.5 s = 4.5002 s), then lost.
    expect(w.frameAt(4_500_000).client.sessionState).toBe('stalled');
    expect(w.frameAt(4_500_200).client).toMatchObject({ sessionState: 'lost', lostBecause: 'watchdog' });
    expect(clientFate(w.frameAt(8_000_000), { crashAtUs: 3_000_000 })).toBe(
      "No copy of the VM runs anywhere: host A crashed and nothing protected it; the viewer's watchdog (clientTimeoutMs) gave up waiting for a frame, so the client's session was lost.",
    );
  });

  it('session reset by a rollback: names the checkpoint B resumed from and what the client had seen', () => {
    const w = run({ scenario: 'naive', until: '6s', faults: ['crash:A@3.3s'] });
    expect(clientFate(w.frameAt(6_000_000), { crashAtUs: 3_300_000 })).toBe(
      'Host A crashed and host B resumed from checkpoint 6, which lacks what the client had already seen (frame 14, 00:00:03): the client got that frame again with other content, so its session was reset. Output had left host A before its checkpoint was acknowledged (no output buffer).',
    );
  });

  it("a long stall in a completed migration: the migration's downtime, survived (TCP) or lost to the viewer's watchdog", () => {
    // Its TCP connection moved with the VM: the session stalls through the downtime and goes on.
    expect(clientFate(run({ scenario: 'migration', preset: 'stop-and-copy' }).frameAt(12_000_000))).toBe(
      "The migration completed and the VM runs on host B: the VM's clock stopped for 4.35 s while its last pages were copied (the migration's downtime); the client's frames came at most 3.35 s late, and its session goes on.",
    );
    const watched = run({ scenario: 'migration', preset: 'stop-and-copy', params: [['clientTimeoutMs', '2500']] });
    expect(clientFate(watched.frameAt(12_000_000))).toBe(
      "The migration completed and the VM runs on host B: the VM's clock stopped for 4.35 s while its last pages were copied (the migration's downtime); the viewer's watchdog (clientTimeoutMs) gave up waiting for a frame, so the client's session was lost.",
    );
  });

  it('split brain: two copies ran and the client saw both', () => {
    expect(clientFate(run({ scenario: 'remus', until: '6s', faults: ['cut:link@3.5s'] }).frameAt(6_000_000))).toBe(
      'Two copies of the VM ran at once (split brain): with the replication link cut, host B declared host A dead and took over while host A still ran; the client got frames from both that disagree, so its session was reset.',
    );
  });

  it('a takeover the client barely felt: what B resumed from, the failover, the late frame', () => {
    const w = run({ scenario: 'kemari', until: '6s', faults: ['crash:A@3.5s'] });
    expect(clientFate(w.frameAt(3_600_000), { crashAtUs: 3_500_000 })).toBe(
      "No copy of the VM runs right now: host A crashed, and host B, which holds synchronization #28, has not taken over yet; the client's last frame came at t = 3.017 s (its clock shows 00:00:03).",
    );
    expect(clientFate(w.frameAt(6_000_000), { crashAtUs: 3_500_000 })).toBe(
      "Host A crashed and host B took over from synchronization #28 (failover took 200 ms); the client's frames came at most 25.9 ms late, and its session goes on.",
    );
    // Without the crash's instant no failover time is claimed.
    expect(clientFate(w.frameAt(6_000_000))).toBe(
      "Host A crashed and host B took over from synchronization #28; the client's frames came at most 25.9 ms late, and its session goes on.",
    );
  });

  it('a migration host B did not live to finish: past the commitment point host A never runs the VM again', () => {
    expect(clientFate(run({ scenario: 'migration', until: '8s', faults: ['crash:B@commit'] }).frameAt(8_000_000))).toBe(
      "No copy of the VM runs anywhere: host B crashed after host A committed and before the VM ran on host B, and past the commitment point A never runs the VM again, so the client's session is stalled and cannot recover; the client's last frame came at t = 5 s (its clock shows 00:00:05).",
    );
  });
});

describe('Notes', () => {
  const crash = run({ scenario: 'unprotected', until: '8s', faults: ['crash:A@3s'] });

  it('ends the story with the client’s fate, after the notes in the order they happened', async () => {
    const frame = crash.frameAt(8_000_000);
    render(Notes, { notes: frame.notes, frame, crashAtUs: 3_000_000 });
    // The fate's words load on demand.
    await screen.findByText('Client:');
    const items = within(screen.getByRole('region', { name: 'What happened' })).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      't = 3 s: host A crashed: the VM and its xclock died with it. Nothing protects it, so no copy of the VM runs anywhere.',
      't = 3.2 s: host B hears no heartbeat from host A for 300 ms and declares it dead, but it has no copy of the VM to resume.',
      "Client: No copy of the VM runs anywhere: host A crashed and nothing protected it, so the client's session is stalled and cannot recover; the client's last frame came at t = 2 s (its clock shows 00:00:02).",
    ]);
    expect(within(items[2]).getByText('Client:')).toHaveClass('lead');
  });

  it('says the client is fine while nothing has happened, and invites a crash', async () => {
    const frame = crash.frameAt(2_500_000);
    render(Notes, { notes: frame.notes, frame });
    await screen.findByText('Client:');
    const region = screen.getByRole('region', { name: 'What happened' });
    expect(region).toHaveTextContent('Press Play, then crash host A.');
    expect(within(region).getAllByRole('listitem').map((li) => li.textContent)).toEqual(["Client: Nothing has gone wrong: the client's session is connected."]);
  });
});
