import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import OutputBuffer from '../../src/view/OutputBuffer.svelte';
import { bufferView, MAX_SQUARES } from '../../src/view/output-buffer';
import type { CheckpointFrame } from '../../src/world/frame';
import { createWorld } from '../../src/world/world';

function run(scenario: string, faults: string[] = [], until = '6s', preset?: string) {
  const { spec } = resolveRun({ scenario, faults, until, preset });
  const w = createWorld(spec);
  w.runUntil(spec.untilUs);
  return w;
}
const remus = run('remus', ['crash:A@3.3s']);
const remusBDown = run('remus', ['crash:B@2s']);
const shipped = run('remus', [], '3s', 'as-shipped');
const naive = run('naive', ['crash:A@3.3s']);
const rep = (w: ReturnType<typeof run>, t: number) => w.frameAt(t).protocol as CheckpointFrame;

const region = () => screen.getByRole('region', { name: 'Output buffer' });
const queue = () => within(region()).queryByRole('list', { name: 'Held output, oldest epoch first' });

describe('OutputBuffer', () => {
  it('holds the epoch under way, with its count and bytes, until its checkpoint is acknowledged', () => {
    const r = rep(remus, 1_000_000);
    expect(r.buffer).toEqual([{ checkpoint: 41, outputs: 1, bytes: 1500 }]);
    render(OutputBuffer, { replication: r });
    expect(within(region()).getByText('1 packet held · 1.5 KiB of 10.0 MiB')).toBeInTheDocument();
    const items = within(queue()!).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveAttribute('data-status', 'filling');
    expect(items[0]).toHaveTextContent('1 packet · 1.5 KiB');
    expect(items[0]).toHaveTextContent('epoch 41: under way, released once checkpoint 41 is acknowledged');
    expect(items[0].querySelectorAll('.pkt')).toHaveLength(1);
  });

  it('releases the epoch once B acknowledges its checkpoint', async () => {
    const { rerender } = render(OutputBuffer, { replication: rep(remus, 1_000_000) });
    const r = rep(remus, 1_040_000);
    expect(r.committed).toBeGreaterThanOrEqual(41);
    expect(r.buffer!.some((e) => e.checkpoint === 41)).toBe(false);
    await rerender({ replication: r });
    expect(within(region()).queryByText(/epoch 41/)).not.toBeInTheDocument();
  });

  it('groups by epoch, oldest first: a taken checkpoint waits for its ack while the next epoch fills', () => {
    // 200 ms epochs: find an instant with two epochs held.
    let t = 0;
    for (let at = 200_000; at < 3_000_000; at += 500) {
      const r = rep(shipped, at);
      if ((r.buffer ?? []).length >= 2) {
        t = at;
        break;
      }
    }
    expect(t).toBeGreaterThan(0);
    const r = rep(shipped, t);
    render(OutputBuffer, { replication: r });
    const items = within(queue()!).getAllByRole('listitem');
    expect(items.map((li) => li.getAttribute('data-status'))).toEqual(['waiting', 'filling']);
    expect(items[0]).toHaveTextContent(`epoch ${r.buffer![0].checkpoint}: checkpoint taken, waiting for B's ack`);
    const total = r.buffer!.reduce((a, e) => a + e.outputs, 0);
    expect(within(region()).getByText(new RegExp(`^${total} packets held · `))).toBeInTheDocument();
  });

  it('is empty after a takeover: host A’s held output was discarded with it', () => {
    const r = rep(remus, 4_000_000);
    expect(r.buffer).toEqual([]);
    render(OutputBuffer, { replication: r });
    expect(queue()).not.toBeInTheDocument();
    expect(within(region()).getByText('0 packets held · 0 B of 10.0 MiB')).toBeInTheDocument();
    expect(within(region()).getByText(/^Discarded at the failure: host A's held output died with it, unseen by the client\./)).toHaveTextContent(
      'B resumed from checkpoint 131',
    );
  });

  it('says the buffer is bypassed when B is gone and host A runs unprotected', () => {
    const t = 3_000_000;
    expect(rep(remusBDown, t).primary).toBe('unprotected');
    render(OutputBuffer, { replication: rep(remusBDown, t) });
    expect(within(region()).getByText(/^Released: host A no longer hears B/)).toBeInTheDocument();
  });

  it('naive snapshots have no buffer at all, and say so', () => {
    render(OutputBuffer, { replication: rep(naive, 2_000_000) });
    expect(queue()).not.toBeInTheDocument();
    expect(within(region()).getByText(/^No output buffer \(naive snapshots\): every packet and frame leaves host A at once/)).toBeInTheDocument();
  });
});

describe('output-buffer (pure)', () => {
  it('draws at most a row of squares per epoch and counts the rest', () => {
    const r = { ...rep(remus, 1_000_000), buffer: [{ checkpoint: 41, outputs: 30, bytes: 45_000 }] };
    const v = bufferView(r);
    expect(v.groups[0]).toMatchObject({ squares: MAX_SQUARES, more: 30 - MAX_SQUARES, status: 'filling' });
    expect(v.totalText).toBe('30 packets held · 43.9 KiB of 10.0 MiB');
    expect(v.note).toBeNull();
  });

  it('says so when nothing waits', () => {
    expect(bufferView({ ...rep(remus, 1_000_000), buffer: [] }).note).toBe('Empty: nothing waiting right now.');
  });
});
