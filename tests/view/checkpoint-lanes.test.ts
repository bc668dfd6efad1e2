import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import CheckpointLanes from '../../src/view/CheckpointLanes.svelte';
import {
  checkpointText,
  currentCheckpoint,
  LANES_BOX,
  lanesModel,
  lanesWindow,
  MIN_BAR_PX,
  phaseAt,
  unsafeSpans,
} from '../../src/view/checkpoint-lanes';
import type { CheckpointFrame } from '../../src/world/frame';
import { createWorld } from '../../src/world/world';

function run(scenario: string, faults: string[] = [], until = '5s') {
  const { spec } = resolveRun({ scenario, faults, until });
  const w = createWorld(spec);
  w.runUntil(spec.untilUs);
  return { w, epochUs: Number(spec.params.epochMs) * 1000 };
}
const rep = (r: ReturnType<typeof run>, t: number) => r.w.frameAt(t).protocol as CheckpointFrame;
function rep0(r: ReturnType<typeof run>, t: number) {
  return rep(r, t).pipeline!;
}
const remus = run('remus');
// Checkpoint 132 pauses at 3.300 s; host A crashes while it is on the wire (its last bytes not yet
// sent), or just after its last bytes left but before it arrived (its ack can never come back).
const c132 = rep0(remus, 3_400_000).find((c) => c.checkpoint === 132)!;
const remusCrash = run('remus', ['crash:A@3.301s']);
const strandedAtUs = (c132.arrivedAtUs as number) - 50;
const remusStranded = run('remus', [`crash:A@${strandedAtUs}us`]);
const naive = run('naive', ['crash:A@3.3s']);

describe('checkpoint-lanes (pure)', () => {
  it('shows two checkpoint periods, the playhead at 80%, from 0 at the start', () => {
    const p = rep(remus, 1_001_000).pipeline!;
    expect(lanesWindow(p, 1_001_000, 25_000)).toEqual([961_000, 1_011_000]);
    expect(lanesWindow([], 10_000, 25_000)).toEqual([0, 50_000]);
    // Naive's default 500 ms epochs: a one-second window.
    const q = rep(naive, 2_000_000).pipeline!;
    expect(lanesWindow(q, 2_000_000, naive.epochUs)).toEqual([1_200_000, 2_200_000]);
  });

  it('follows one checkpoint through its phases', () => {
    const c = rep(remus, 1_010_000).pipeline!.find((p) => p.checkpoint === 40)!;
    expect(c).toMatchObject({ pauseAtUs: 1_000_000, resumeAtUs: 1_000_158, arrivedAtUs: 1_002_192, committedAtUs: 1_002_292 });
    expect(phaseAt(c, 1_000_100)).toBe('pause');
    expect(phaseAt(c, 1_001_000)).toBe('send');
    expect(phaseAt(c, 1_002_200)).toBe('ack');
    expect(phaseAt(c, 1_002_292)).toBe('released');
    expect(checkpointText(c, 1_010_000, true)).toBe('checkpoint 40: paused 158 µs to copy 58 pages · sent in 2.03 ms · acknowledged 100 µs later; its output released');
    expect(checkpointText(null, 0, true)).toBe('no checkpoint yet (B holds the initial copy)');
  });

  it('draws each phase as a bar in its lane, never narrower than the minimum, in time order', () => {
    // The frame of 00:00:01, issued at 1.000 s in epoch 41, leaves when checkpoint 41 is acknowledged.
    const t = 1_040_000;
    const m = lanesModel({ pipeline: rep(remus, t).pipeline!, t, epochUs: remus.epochUs, buffered: true, outputs: remus.w.publicLog });
    expect(m.lanes).toEqual(['pause + copy', 'send', 'ack', 'release']);
    const c41 = m.bars.filter((b) => b.checkpoint === 41);
    expect(c41.map((b) => b.lane)).toEqual([0, 1, 2]);
    for (const b of m.bars) expect(b.width).toBeGreaterThanOrEqual(MIN_BAR_PX);
    expect(c41[0].x).toBeLessThan(c41[1].x);
    expect(c41[1].x).toBeLessThan(c41[2].x);
    expect(m.releases.map((r) => r.checkpoint)).toContain(41);
    expect(m.playheadX).toBeCloseTo(LANES_BOX.left + 0.8 * (LANES_BOX.width - LANES_BOX.left - LANES_BOX.right));
    expect(m.ticks.length).toBeGreaterThan(2);
    expect(m.ticks[0].label).toMatch(/^\d+ ms$/);
    expect(m.unsafe).toEqual([]);
    // Remus releases output only when a checkpoint is acknowledged: every output in the window leaves at a release.
    expect(m.outputs.length).toBeGreaterThan(0);
    for (const o of m.outputs) expect(m.releases.some((r) => Math.abs(r.x - o.x) < 1)).toBe(true);
  });

  it('grows an open phase up to the playhead (a function of t, not a tween)', () => {
    const at = (t: number) => lanesModel({ pipeline: rep(remus, t).pipeline!, t, epochUs: remus.epochUs, buffered: true });
    const send = (t: number) => at(t).bars.find((b) => b.checkpoint === 40 && b.lane === 1)!;
    expect(send(1_001_000)).toMatchObject({ open: true, endUs: 1_001_000 });
    expect(send(1_002_000).endUs).toBe(1_002_000);
    expect(send(1_002_000).width).toBeGreaterThan(send(1_001_000).width);
    expect(send(1_003_000)).toMatchObject({ open: false, endUs: 1_002_192 });
    // The next checkpoint is due one epoch after the last began.
    expect(at(1_015_000).nextDueX).not.toBeNull();
  });

  it('a checkpoint host A was still sending when it crashed is lost; B resumes from the one before', () => {
    const t = 3_400_000;
    const r = rep(remusCrash, t);
    const c = currentCheckpoint(r.pipeline!, t)!;
    expect(c).toMatchObject({ checkpoint: 132, pauseAtUs: 3_300_000, arrivedAtUs: null, committedAtUs: null });
    expect(phaseAt(c, t, 3_301_000)).toBe('lost');
    const m = lanesModel({ pipeline: r.pipeline!, t, epochUs: remus.epochUs, buffered: true, brokenAtUs: 3_301_000, running: false });
    expect(m.bars.find((b) => b.checkpoint === 132 && b.lane === 1)).toMatchObject({ lost: true, open: false, endUs: 3_301_000 });
    expect(m.releases.map((x) => x.checkpoint)).not.toContain(132);
    expect(m.nextDueX).toBeNull();
    // The window stays on the last checkpoints and the failure; the playhead has moved past it.
    expect(m.t0).toBeLessThan(3_301_000);
    expect(m.t1).toBeGreaterThan(3_301_000);
    expect(m.failureX).not.toBeNull();
    expect(m.playheadShown).toBe(false);
    expect(checkpointText(c, t, true, 3_301_000)).toBe('checkpoint 132: never completed (a failure cut it short); B keeps the one before');
    expect(rep(remusCrash, 4_000_000)).toMatchObject({ backup: 'active', backupHoldsSync: 131 });
  });

  it('a checkpoint fully sent when host A crashes reaches B, but its ack is lost', () => {
    const t = 3_400_000;
    const r = rep(remusStranded, t);
    const c = currentCheckpoint(r.pipeline!, t)!;
    expect(c).toMatchObject({ checkpoint: 132, arrivedAtUs: c132.arrivedAtUs, committedAtUs: null });
    expect(phaseAt(c, t, strandedAtUs)).toBe('stranded');
    const m = lanesModel({ pipeline: r.pipeline!, t, epochUs: remus.epochUs, buffered: true, brokenAtUs: strandedAtUs, running: false });
    expect(m.bars.find((b) => b.checkpoint === 132 && b.lane === 1)).toMatchObject({ lost: false, open: false, endUs: c.arrivedAtUs });
    expect(m.bars.find((b) => b.checkpoint === 132 && b.lane === 2)).toMatchObject({ lost: true, open: false, startUs: c.arrivedAtUs, width: MIN_BAR_PX });
    expect(checkpointText(c, t, true, strandedAtUs)).toBe('checkpoint 132: reached B, but its acknowledgement never reached host A (its output was never released)');
    // B resumes from the checkpoint it holds.
    expect(rep(remusStranded, 4_000_000)).toMatchObject({ backup: 'active', backupHoldsSync: 132 });
  });

  it('a checkpoint that never reached B is lost, its open phase ending at the failure', () => {
    const c = { checkpoint: 9, pauseAtUs: 1_000, resumeAtUs: 1_200, arrivedAtUs: null, committedAtUs: null, pages: 3 };
    expect(phaseAt(c, 5_000, 2_000)).toBe('lost');
    expect(phaseAt(c, 1_500, 2_000)).toBe('send');
    const m = lanesModel({ pipeline: [c], t: 5_000, epochUs: 25_000, buffered: true, brokenAtUs: 2_000, running: false });
    expect(m.bars.find((b) => b.lane === 1)).toMatchObject({ lost: true, endUs: 2_000 });
    expect(checkpointText(c, 5_000, true, 2_000)).toBe('checkpoint 9: never completed (a failure cut it short); B keeps the one before');
  });

  it('naive: output that left host A is unsafe until B holds a checkpoint taken after it', () => {
    // A packet leaves at 516.375 ms, while checkpoint 1 (paused at 500 ms) is on the wire: checkpoint 1
    // does not cover it, so it stays unsafe until checkpoint 2 arrives at 1034.170 ms.
    const t = 1_100_000;
    const r = rep(naive, t);
    const spans = unsafeSpans(r.pipeline!, naive.w.publicLog, 0, t, null);
    const covering = spans.find(([a, b]) => a <= 540_000 && 540_000 < b)!;
    expect(covering).toBeDefined();
    expect(covering[1]).toBe(r.pipeline!.find((c) => c.checkpoint === 2)!.arrivedAtUs);
    // After the crash nothing is unsafe any more (and nothing from B counts).
    const after = unsafeSpans(rep(naive, 5_000_000).pipeline!, naive.w.publicLog, 3_000_000, 5_000_000, 3_300_000);
    for (const [, b] of after) expect(b).toBeLessThanOrEqual(3_300_000);
    const m = lanesModel({ pipeline: r.pipeline!, t, epochUs: naive.epochUs, buffered: false, outputs: naive.w.publicLog });
    expect(m.lanes[3]).toBe('output out');
    expect(m.unsafe.length).toBeGreaterThan(0);
  });

});

describe('CheckpointLanes', () => {
  it('is an image named by the window and the newest checkpoint, with four lanes', () => {
    const t = 1_001_000;
    render(CheckpointLanes, { replication: rep(remus, t), t, epochUs: remus.epochUs, outputs: remus.w.publicLog });
    const img = screen.getByRole('img', { name: /^Checkpoint lanes, / });
    expect(img).toHaveAccessibleName('Checkpoint lanes, 961.0 to 1011.0 ms: checkpoint 40: guest running again (speculatively); sending 58 pages to B.');
    for (const lane of ['pause + copy', 'send', 'ack', 'release']) expect(within(img as unknown as HTMLElement).getByText(lane)).toBeInTheDocument();
    expect(img.querySelectorAll('rect.bar.open')).toHaveLength(1);
    expect(screen.getByText('Checkpoint 40: guest running again (speculatively); sending 58 pages to B.')).toBeInTheDocument();
    expect(screen.getByText('output waits for the ack')).toBeInTheDocument();
  });

  it('moves with the playhead', async () => {
    const { rerender } = render(CheckpointLanes, { replication: rep(remus, 1_000_050), t: 1_000_050, epochUs: remus.epochUs });
    const img = screen.getByRole('img', { name: /^Checkpoint lanes, / });
    expect(img).toHaveAccessibleName(expect.stringContaining('checkpoint 40: guest paused, copying 58 dirty pages'));
    await rerender({ replication: rep(remus, 1_002_200), t: 1_002_200 });
    expect(img).toHaveAccessibleName(expect.stringContaining('checkpoint 40: arrived on B'));
  });

  it('naive: the output lane and the stretches where a crash would do harm', () => {
    const t = 3_290_000;
    render(CheckpointLanes, { replication: rep(naive, t), t, epochUs: naive.epochUs, outputs: naive.w.publicLog });
    const img = screen.getByRole('img', { name: /^Checkpoint lanes, / });
    expect(within(img as unknown as HTMLElement).getByText('output out')).toBeInTheDocument();
    expect(img.querySelectorAll('rect.unsafe').length).toBeGreaterThan(0);
    expect(img.querySelectorAll('.out').length).toBeGreaterThan(0);
    expect(screen.getByText('naive: output leaves at once')).toBeInTheDocument();
    expect(screen.getByText('a crash here loses output the client has seen')).toBeInTheDocument();
  });
});
