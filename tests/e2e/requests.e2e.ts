/**
 * Journey: the client's requests (issue 15's inbound traffic). At an exact instant (a deep link with
 * t=) a request is on its way in, drawn on the public network's path toward host A; at the end of a
 * Remus run whose host A crashed, "What happened" counts the requests answered and lost and the reply
 * time, the runner's figures for the same run.
 */
import { describe, expect, it } from 'vitest';
import { openJourney, openPanel, useLab } from './helpers';

const lab = useLab();

describe("the client's requests", () => {
  it('are drawn on their way in, and What happened gives the reply time Remus costs them', async () => {
    // The first request leaves the client at 41.403 ms and reaches host A 200 µs later.
    const j = await openJourney(lab, '?scenario=remus&requestsPerSec=20&until=6s&fault=crash:A@3s&t=41503us');
    const { page } = j;
    const mark = page.locator('.stage path.req-mark');
    await expect.poll(() => mark.getAttribute('d')).toMatch(/^M/);
    expect(await mark.locator('title').textContent()).toBe("client's request to host A");

    await page.goto(new URL('?scenario=remus&requestsPerSec=20&until=6s&fault=crash:A@3s&t=6s', page.url()).href);
    await page.waitForFunction(() => '__kemariLab' in window);
    await openPanel(page, 'What happened');
    const stats = page.getByLabel('Client figures');
    const value = (term: string) => stats.locator(`dt:text-is("${term}") + dd`).textContent();
    await expect.poll(() => value('requests answered')).toBe('104 of 111');
    expect(await value('requests lost')).toBe('6');
    expect(await value('reply time (mean)')).toBe('6.98 ms');
    expect(await value('reply time (p95)')).toBe('25.8 ms');
    await j.finish();
  });
});
