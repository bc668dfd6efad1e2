/**
 * Parameters and "break it" in a real browser: an invalid entry is refused at its field with the
 * allowed range and the last good run stays; a good one re-runs; switching output buffering off
 * breaks the output-commit rule, and the rules panel goes to where it broke.
 */
import { describe, expect, it } from 'vitest';
import { labT, openJourney, useLab } from './helpers';

const lab = useLab();

describe('parameters and break-it switches', () => {
  it('refuses a bad parameter at its field, keeps the run, then applies a good one', async () => {
    const j = await openJourney(lab, '?scenario=remus&until=4s&fault=crash:A@2.02s&t=3s&panel=params');
    const { page } = j;
    const before = page.url();
    const epoch = page.getByRole('spinbutton', { name: 'Epoch (ms)' });
    await epoch.fill('0');
    await epoch.press('Enter');
    await epoch.blur();
    await expect.poll(() => epoch.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await epoch.getAttribute('aria-describedby'))!;
    const message = await page.locator(`[id="${describedBy.split(' ').pop()}"]`).textContent();
    expect(message).toMatch(/^epochMs must be .*from 1/);
    expect(page.url()).toBe(before);
    expect(await labT(page)).toBe(3_000_000);
    await epoch.fill('40');
    await epoch.blur();
    await expect.poll(() => new URL(page.url()).searchParams.get('epochMs')).toBe('40');
    expect(await epoch.getAttribute('aria-invalid')).toBeNull();
    expect(await labT(page)).toBe(3_000_000);
    await j.finish();
  });

  it('output buffering off breaks output commit; the rules panel goes to where it broke', async () => {
    const j = await openJourney(lab, '?scenario=remus&until=4s&fault=crash:A@2.02s&t=3s&panel=rules');
    const { page } = j;
    const rules = page.getByRole('region', { name: 'Rules' });
    await rules.waitFor();
    expect(await rules.getByRole('button', { name: /^Go to where output-commit broke/ }).count()).toBe(0);
    await page.getByRole('checkbox', { name: /Output buffering/ }).uncheck();
    await expect.poll(() => new URL(page.url()).searchParams.get('bufferOutput')).toBe('false');
    const go = rules.getByRole('button', { name: /^Go to where output-commit broke/ });
    await expect.poll(() => go.count()).toBe(1);
    // The label reads as people read it (`t = 2.02 s`, to the millisecond at most): the jump lands on the exact instant.
    const label = (await go.getAttribute('aria-label'))!;
    const [, value, unit] = /, t = ([\d.]+)(?: (µs|ms|s))?$/.exec(label)!;
    const us = Number(value) * (unit === 's' ? 1e6 : unit === 'ms' ? 1e3 : 1);
    await go.click();
    await expect.poll(async () => Math.abs((await labT(page)) - us)).toBeLessThanOrEqual(500);
    await j.finish();
  });

  it('a parameter change keeps a memory given in pages; a scenario change drops a phase its protocol lacks, saying so', async () => {
    const j = await openJourney(lab, '?scenario=remus&until=3s&memoryPages=1000&fault=crash:A@checkpoint:12&panel=params');
    const { page } = j;
    const epoch = page.getByRole('spinbutton', { name: 'Epoch (ms)' });
    await epoch.fill('40');
    await epoch.blur();
    await expect.poll(() => new URL(page.url()).searchParams.get('epochMs')).toBe('40');
    expect(new URL(page.url()).searchParams.get('memoryPages')).toBe('1000');
    await page.getByRole('combobox', { name: 'Scenario' }).selectOption('kemari');
    await expect.poll(() => new URL(page.url()).searchParams.get('scenario')).toBe('kemari');
    expect(new URL(page.url()).searchParams.getAll('fault')).toEqual([]);
    const alert = page.getByRole('alert').filter({ hasText: 'left out of the kemari run' });
    await expect.poll(() => alert.count()).toBe(1);
    expect(await alert.textContent()).toContain('"checkpoint" is neither a time nor a phase of kemari');
    await j.finish();
  });
});
