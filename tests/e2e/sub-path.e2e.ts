/**
 * Journey 7: the built site works from a sub-path of a static server, and its links stay there.
 */
import { describe, expect, it } from 'vitest';
import { button, clockLabel, labelSeconds, openJourney, sessionText, setSpeed, useLab } from './helpers';

const SUB = '/some/sub/path/';
const lab = useLab(SUB);

describe('served from a sub-path', () => {
  it('loads, plays, and a copied link reopens under the same sub-path', async () => {
    expect(lab.server.url.endsWith(SUB)).toBe(true);
    const failed: string[] = [];
    const j = await openJourney(lab);
    const { page } = j;
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.reload();
    await page.waitForFunction(() => '__kemariLab' in window);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Kemari Lab');
    expect(await sessionText(page)).toBe('Session: connected');

    await setSpeed(page, 10);
    await button(page, 'Play').click();
    await expect.poll(async () => labelSeconds(await clockLabel(page)), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await button(page, 'Pause').click();
    const label = await clockLabel(page);

    const copied = new URL(page.url());
    expect(copied.pathname).toBe(SUB);
    expect(copied.searchParams.get('t')).not.toBeNull();
    expect(failed).toEqual([]);
    await j.finish();

    const again = await openJourney(lab, copied.href);
    await expect.poll(() => clockLabel(again.page)).toBe(label);
    await again.finish();
  });
});
