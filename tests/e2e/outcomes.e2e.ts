/**
 * "What happened" ends with the client's fate and its cause, for every outcome: opened at an exact
 * instant from a deep link (fault and t), the last line of the panel names it in words a student
 * understands, and the xclock's session state is the runner's (`client.sessionState` of the same
 * run computed headless). The compare table's session column agrees with the runner too. One page
 * for the lab's outcomes, one for the compare view.
 */
import '../../src/world/all-protocols';
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/app/compare';
import { readCompareUrl } from '../../src/app/compare-url';
import { resolveRun, type RunSpec } from '../../src/scenarios/run-spec';
import { runResult } from '../../src/world/result';
import { createWorld } from '../../src/world/world';
import { openJourney, sessionText, useLab } from './helpers';

const lab = useLab();

/** The runner's session state of the run a lab link names (`until` and `t` at the end of the run). */
function runnerSession(query: string): string {
  const q = new URLSearchParams(query);
  const params: [string, string][] = [...q].filter(([k]) => !['scenario', 'preset', 'until', 'fault', 't', 'panel'].includes(k));
  const { spec, errors } = resolveRun({ scenario: q.get('scenario')!, preset: q.get('preset') ?? undefined, until: q.get('until') ?? undefined, faults: q.getAll('fault'), params });
  expect(errors).toEqual([]);
  return sessionOf(spec);
}

/** The runner's session state at the end of `spec`. */
function sessionOf(spec: RunSpec): string {
  const world = createWorld(spec);
  world.runUntil(spec.untilUs);
  return runResult(world, spec.untilUs).client.sessionState;
}

const OUTCOMES: readonly { name: string; query: string; session: string; fate: string }[] = [
  {
    name: 'stalled for good: no copy runs',
    query: '?scenario=unprotected&until=8s&fault=crash:A@3s&t=8s',
    session: 'stalled',
    fate: "Client: No copy of the VM runs anywhere: host A crashed and nothing protected it, so the client's session is stalled and cannot recover; the client's last frame came at t = 2 s (its clock shows 00:00:02).",
  },
  {
    name: 'lost to the viewer watchdog',
    query: '?scenario=unprotected&until=8s&fault=crash:A@3s&clientTimeoutMs=2500&t=8s',
    session: 'lost',
    fate: "Client: No copy of the VM runs anywhere: host A crashed and nothing protected it; the viewer's watchdog (clientTimeoutMs) gave up waiting for a frame, so the client's session was lost.",
  },
  {
    name: 'reset by a rollback',
    query: '?scenario=naive&until=6s&fault=crash:A@3.3s&t=6s',
    session: 'reset',
    fate: 'Client: Host A crashed and host B resumed from checkpoint 6, which lacks what the client had already seen (frame 14, 00:00:03): the client got that frame again with other content, so its session was reset. Output had left host A before its checkpoint was acknowledged (no output buffer).',
  },
  {
    name: 'a long stall in a completed migration, recovered',
    query: '?scenario=migration&preset=stop-and-copy&t=12s',
    session: 'connected',
    fate: "Client: The migration completed and the VM runs on host B: the VM's clock stopped for 4.35 s while its last pages were copied (the migration's downtime); the client's frames came at most 3.35 s late, and its session goes on.",
  },
  {
    name: 'a takeover barely felt',
    query: '?scenario=kemari&until=6s&fault=crash:A@3.5s&t=6s',
    session: 'connected',
    fate: "Client: Host A crashed and host B took over from synchronization #28 (failover took 200 ms); the client's frames came at most 25.9 ms late, and its session goes on.",
  },
];

describe('the client’s fate ends “What happened”, and the page, the runner and the compare table agree', () => {
  it('for every outcome: stalled for good, lost, reset, a long stall recovered, a takeover', async () => {
    const j = await openJourney(lab, `${OUTCOMES[0].query}&panel=notes`);
    const { page } = j;
    const last = () => page.getByRole('region', { name: 'What happened' }).getByRole('listitem').last();
    for (const [i, o] of OUTCOMES.entries()) {
      if (i > 0) await page.goto(`${lab.server.url}${o.query}&panel=notes`);
      expect(runnerSession(o.query), o.name).toBe(o.session);
      await expect.poll(async () => ((await last().textContent()) ?? '').trim().replace(/\s+/g, ' '), { message: o.name }).toBe(o.fate);
      expect(await sessionText(page), o.name).toBe(`Session: ${o.session}`);
    }
    // While stalled with no copy running, the page says the session cannot recover.
    await page.goto(`${lab.server.url}${OUTCOMES[0].query}`);
    await expect.poll(() => page.getByText('No copy of the VM runs anywhere: this session cannot recover.').isVisible()).toBe(true);
    await j.finish();
  });

  it('the compare table’s session column is the runner’s for each technique', async () => {
    const query = '?compare=1&clockHz=4&fault=crash:A@3.5s&t=20s';
    const specs = compareRuns(readCompareUrl(query).compare);
    const expected = Object.fromEntries(specs.map((spec) => [spec.scenario, sessionOf(spec)]));
    // Three outcomes: a takeover the client rides out (COLO's and lock-stepping's too), a rollback, a VM nobody
    // protected; both migrations had moved the VM to host B before the crash.
    expect(expected).toEqual({ kemari: 'connected', remus: 'connected', naive: 'reset', unprotected: 'stalled', migration: 'connected', postcopy: 'connected', colo: 'connected', lockstep: 'connected' });
    const j = await openJourney(lab, query, { ready: (p) => p.getByRole('table', { name: /^Each technique run to the end/ }) });
    const table = j.page.getByRole('table', { name: /^Each technique run to the end/ });
    for (const [scenario, title] of [['kemari', 'Kemari takeover'], ['remus', 'Remus checkpointing'], ['naive', 'Naive snapshots (broken)'], ['unprotected', 'Unprotected VM'], ['migration', 'Pre-copy live migration'], ['postcopy', 'Post-copy live migration'], ['colo', 'COLO: compare outputs, checkpoint on difference'], ['lockstep', 'Lock-stepping: deterministic replay']] as const) {
      const row = table.getByRole('row', { name: new RegExp(`^${title.replace(/[()]/g, '\\$&')}`) });
      await expect.poll(async () => ((await row.getByRole('cell').first().textContent()) ?? '').trim(), { message: scenario }).toBe(expected[scenario]);
    }
    await j.finish();
  });
});
