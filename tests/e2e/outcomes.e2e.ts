/**
 * "What happened" ends with the client's fate and its cause, for every outcome: opened at an exact
 * instant from a deep link (fault and t), the last line of the panel names it in words a student
 * understands. One page for all of them.
 */
import { describe, expect, it } from 'vitest';
import { openJourney, useLab } from './helpers';

const lab = useLab();

const OUTCOMES: readonly { name: string; query: string; fate: string }[] = [
  {
    name: 'lost',
    query: '?scenario=unprotected&until=8s&fault=crash:A@3s&t=8s',
    fate: "Client: No copy of the VM runs anywhere: host A crashed and nothing protected it, so the client's session was lost.",
  },
  {
    name: 'reset by a rollback',
    query: '?scenario=naive&until=6s&fault=crash:A@3.3s&t=6s',
    fate: 'Client: Host A crashed and host B resumed from checkpoint 6, which lacks what the client had already seen (frame 14, 00:00:03): the client got that frame again with other content, so its session was reset. Output had left host A before its checkpoint was acknowledged (no output buffer).',
  },
  {
    name: 'a long stall in a completed migration',
    query: '?scenario=migration&preset=stop-and-copy&clientTimeoutMs=10000&t=12s',
    fate: "Client: The migration completed and the VM runs on host B: the VM's clock stopped for 4.32 s while its last pages were copied (the migration's downtime); the client waited 3.32 s longer than usual for a frame, and its session goes on.",
  },
  {
    name: 'split brain',
    query: '?scenario=remus&until=6s&fault=cut:link@3.5s&t=6s',
    fate: 'Client: Two copies of the VM ran at once (split brain): with the replication link cut, host B declared host A dead and took over while host A still ran; the client got frames from both that disagree, so its session was reset.',
  },
  {
    name: 'a takeover barely felt',
    query: '?scenario=kemari&until=6s&fault=crash:A@3.5s&t=6s',
    fate: 'Client: Host A crashed and host B took over from synchronization #28 (failover took 200 ms); the client waited 25.4 ms longer than usual for a frame, and its session goes on.',
  },
  {
    name: 'nothing felt',
    query: '?scenario=kemari&until=6s&t=6s',
    fate: "Client: Nothing has gone wrong: the client's session is connected.",
  },
];

describe('the client’s fate ends “What happened”', () => {
  it('for every outcome: lost, reset, a long stall, split brain, a takeover, nothing', async () => {
    const j = await openJourney(lab, `${OUTCOMES[0].query}&panel=notes`);
    const { page } = j;
    const last = () => page.getByRole('region', { name: 'What happened' }).getByRole('listitem').last();
    for (const [i, o] of OUTCOMES.entries()) {
      if (i > 0) await page.goto(`${lab.server.url}${o.query}&panel=notes`);
      await expect.poll(async () => ((await last().textContent()) ?? '').trim().replace(/\s+/g, ' '), { message: o.name }).toBe(o.fate);
    }
    await j.finish();
  });
});
