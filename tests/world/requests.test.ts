/**
 * Inbound traffic (issue 15): the client's requests (VNC input events) reach the guest through its
 * host's netback and are answered with a VNC frame in the same stream; the reply latency shows what
 * each technique costs a request (Remus's buffer holds the answer until its checkpoint is
 * acknowledged, Kemari's sync before the output, nothing for naive snapshots or an unprotected VM).
 * Off by default: a run without requests is the run it always was.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RequestFigures } from '../../src/world/frame';
import { runScenario, us } from '../support/replication';

const requestsOf = (run: ReturnType<typeof runScenario>) => run.result.metrics.requests as RequestFigures | undefined;

describe('client requests', () => {
  it('are off by default: no request in the trace and no metrics.requests', () => {
    const run = runScenario('remus', { untilUs: us(3) });
    expect(run.find('request.sent')).toEqual([]);
    expect(requestsOf(run)).toBeUndefined();
    expect(run.world.frameAt(us(3)).requests).toBeUndefined();
  });

  it('go in through netback and come back as a frame of the VNC stream', () => {
    const run = runScenario('unprotected', { untilUs: us(1), params: { requestsPerSec: 20 } });
    const [sent] = run.find('request.sent', 'client');
    expect(sent).toMatchObject({ at: 41_403, data: { req: 1 } });
    expect(run.first('netback.rx', 'hostA.hypervisor')).toMatchObject({ at: 41_603, data: { req: 1 } });
    expect(run.first('request.answered', 'vm')).toMatchObject({ at: 41_603, data: { req: 1, seq: 2, shows: '00:00:00' } });
    // The answer is frame 2 of the stream (the clock's first redraw was frame 1); it reaches the client 200 µs later.
    expect(run.find('frame.shown', 'client').map((e) => [e.at, e.data.seq])).toContainEqual([41_803, 2]);
    expect(requestsOf(run)).toEqual({ sent: 16, answered: 16, lost: 0, unanswered: 0, latencyUs: { mean: 400, p95: 400, max: 400 } });
  });

  it('cost what each technique makes an output wait; a crash of A loses those in flight to no copy', () => {
    const figures = Object.fromEntries(
      ['remus', 'kemari', 'naive', 'unprotected'].map((s) => {
        const run = runScenario(s, { untilUs: us(6), params: { requestsPerSec: 20 }, faults: ['crash:A@3s'] });
        return [s, { ...requestsOf(run)!, session: run.result.client.sessionState }];
      }),
    );
    // Remus: an answer waits in the buffer for its epoch's checkpoint (25 ms epochs): mean 7.0 ms, p95 25.8 ms.
    expect(figures.remus).toEqual({ sent: 111, answered: 104, lost: 6, unanswered: 1, latencyUs: { mean: 6977.461538461538, p95: 25_814, max: 27_342 }, session: 'connected' });
    // Kemari: the answer's notify is trapped until B acknowledges the sync.
    expect(figures.kemari).toMatchObject({ sent: 111, answered: 105, lost: 6, unanswered: 0, latencyUs: { p95: 7023, max: 10_267 }, session: 'connected' });
    // Naive snapshots answer at once (no buffer), and the client sees the rollback: its session resets, it sends no more.
    expect(figures.naive).toMatchObject({ sent: 59, answered: 53, latencyUs: { p95: 400 }, session: 'reset' });
    // Unprotected: every request after the crash finds no copy of the VM.
    expect(figures.unprotected).toMatchObject({ sent: 111, answered: 52, lost: 59, unanswered: 0, session: 'stalled' });
  });

  it('every request is answered, lost or still unanswered, once; an answer takes at least the two trips (property)', () => {
    let crashed = 0;
    fc.assert(
      fc.property(fc.constantFrom('unprotected', 'remus', 'kemari', 'naive'), fc.integer({ min: 1, max: 1000 }), fc.double({ min: 1, max: 200, noNaN: true }), fc.option(fc.integer({ min: 500_000, max: 2_500_000 }), { nil: null }), (scenario, seed, rate, crashAt) => {
        const run = runScenario(scenario, { untilUs: us(3), seed, params: { requestsPerSec: rate }, faults: crashAt === null ? [] : [`crash:A@${crashAt}us`] });
        const r = requestsOf(run)!;
        expect(r.sent).toBe(run.find('request.sent', 'client').length);
        expect(r.answered + r.lost + r.unanswered).toBe(r.sent);
        if (r.latencyUs) expect(r.latencyUs.mean).toBeGreaterThanOrEqual(400);
        if (crashAt === null && scenario !== 'naive') expect(r.lost).toBe(0);
        if (crashAt !== null && r.lost > 0) crashed++;
      }),
      { numRuns: 40, seed: 16 },
    );
    expect(crashed).toBeGreaterThan(0);
  });
});
