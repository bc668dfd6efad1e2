/**
 * The Remus timing model of domain-facts §2.5, measured on background packets. With exactly d dirty
 * pages per epoch (a round-robin writer over a hot set of d pages, fast enough to rewrite all of it
 * every epoch; no framebuffer pages; the xclock at its slowest), the simulator must give:
 *
 *   pause    = suspendUs + d x COPY_US_PER_PAGE                      (guest paused: suspend + copy)
 *   transmit = ceil((d + 1) x 32768 bits x 10^6 / bandwidth)          (the pages + one page of vCPU state,
 *                                                                      one transfer, serialised from the resume)
 *   ack      = 2 x latency                                            (the checkpoint's own one-way latency to
 *                                                                      arrive, then the ack, a control message,
 *                                                                      which takes only the latency)
 *   commit   = pause instant + pause + transmit + ack                 (from the code: resume, send, arrive, ack)
 *   period   = max(epoch, pause + transmit + ack)                     (next pause at max(pause + epoch, commit))
 *   mean added latency = period / 2 + pause + transmit + ack         (a packet sent u into the period waits
 *                                                                      period - u, then the checkpoint)
 *
 * When the checkpoint fits in the epoch the period is the epoch and the mean is the model's
 * epoch/2 + pause + transmit + ack; when it does not (d = 1,024 at 1 Gbit/s against a 25 ms epoch),
 * the epoch stretches to the period and so does the wait of its packets.
 * @see research/domain-facts.md §2.5; ../../shared/DESIGN.md §5 (Instants, Link)
 */
import { describe, expect, it } from 'vitest';
import { PAGE_BITS } from '../../src/sim/memory';
import { COPY_US_PER_PAGE, modelMeanAddedLatencyUs, modelPeriodUs } from '../../src/sim/remus';
import { runScenario } from '../support/replication';
import { remusTimeline } from '../support/remus-trace';

const SUSPEND_US = 100;
const LATENCY_US = 100;
const BANDWIDTH_MBPS = 1000;
const PACKETS_PER_SEC = 300;
const UNTIL_US = 4_000_000;

interface Model {
  pauseUs: number;
  transmitUs: number;
  ackUs: number;
  periodUs: number;
  meanLatencyUs: number;
}

function model(epochUs: number, d: number): Model {
  const pauseUs = SUSPEND_US + d * COPY_US_PER_PAGE;
  const transmitUs = Math.ceil(((d + 1) * PAGE_BITS * 1e6) / (BANDWIDTH_MBPS * 1e6));
  const ackUs = 2 * LATENCY_US;
  const periodUs = Math.max(epochUs, pauseUs + transmitUs + ackUs);
  return { pauseUs, transmitUs, ackUs, periodUs, meanLatencyUs: periodUs / 2 + pauseUs + transmitUs + ackUs };
}

function measure(epochMs: number, d: number) {
  return runScenario('remus', {
    seed: 11,
    untilUs: UNTIL_US,
    params: {
      epochMs,
      writer: 'round-robin',
      hotSetPages: d,
      // Several laps of the hot set per epoch: exactly its d pages are dirty at every pause.
      dirtyPagesPerSec: 400_000,
      framebufferPages: 0,
      clockHz: 0.1,
      packetsPerSec: PACKETS_PER_SEC,
      diskWritesPerSec: 0,
      suspendUs: SUSPEND_US,
      latencyUs: LATENCY_US,
      bandwidthMbps: BANDWIDTH_MBPS,
    },
  });
}

describe('Remus timing model (domain-facts §2.5)', { timeout: 30_000 }, () => {
  // (epoch, dirty pages per epoch): the paper's 25 ms at d = 256 (fits) and d = 1,024 (transmit 33.6 ms
  // exceeds the epoch), a 100 ms epoch, and the shipped tool's 200 ms with a big working set.
  const cases: [number, number][] = [
    [25, 256],
    [25, 1024],
    [100, 512],
    [200, 4096],
  ];

  it.each(cases)('epoch %i ms, %i dirty pages: period max(epoch, pause + transmit + ack), mean added latency period/2 + pause + transmit + ack', (epochMs, d) => {
    const m = model(epochMs * 1000, d);
    const run = measure(epochMs, d);
    const t = remusTimeline(run);
    const resumes = run.find('checkpoint.resume', 'hostA.remus');
    expect(t.commits.length).toBeGreaterThanOrEqual(10);

    // Every checkpoint: the same pause, and commit = pause + transmit + ack after it paused.
    for (const r of resumes) expect(r.data.pauseUs).toBe(m.pauseUs);
    t.commits.forEach((c, i) => expect(c.at - t.pauses[i].at).toBe(m.pauseUs + m.transmitUs + m.ackUs));

    // The period, from the pause instants: exact.
    const periods = new Set(t.pauses.slice(1).map((p, i) => p.at - t.pauses[i].at));
    expect([...periods]).toEqual([m.periodUs]);
    expect(m.periodUs).toBe(modelPeriodUs(epochMs * 1000, m.pauseUs, m.transmitUs, m.ackUs));

    // The mean added latency of the background packets, within 5%.
    const latency = run.result.metrics.replication!.addedLatencyUs;
    expect(Math.abs(latency.mean - m.meanLatencyUs) / m.meanLatencyUs).toBeLessThan(0.05);
    // The longest wait: a whole period, then the checkpoint (output sent at the start of an epoch: the
    // xclock's frame at t = 0, or a packet sent in the very µs of a pause, which the barrier puts in the
    // next epoch); one sent as the guest resumes waits the period less the pause.
    expect(latency.max).toBeLessThanOrEqual(m.periodUs + m.pauseUs + m.transmitUs + m.ackUs);
    expect(latency.max).toBeGreaterThanOrEqual(m.periodUs + m.transmitUs + m.ackUs);

    if (m.periodUs === epochMs * 1000) {
      // The checkpoint fits in the epoch: the model's own form, epoch/2 + pause + transmit + ack.
      expect(Math.abs(latency.mean - modelMeanAddedLatencyUs(epochMs * 1000, m.pauseUs, m.transmitUs, m.ackUs)) / m.meanLatencyUs).toBeLessThan(0.05);
    } else {
      // It does not: the transmit alone exceeds the epoch, and checkpoints follow each other back to back.
      expect(m.transmitUs).toBeGreaterThan(epochMs * 1000);
      t.commits.slice(0, -1).forEach((c, i) => expect(t.pauses[i + 1].at).toBe(c.at));
    }
  });
});
