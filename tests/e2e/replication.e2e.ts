/**
 * Replication journeys: power off host A under Kemari and the clock ticks on from host B; crash A
 * under Remus and the clock pauses, then continues; crash A under naive snapshots at a harmful moment
 * and the session resets, with the broken rules named.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  button,
  clockLabel,
  clockLabelsSeen,
  labelSeconds,
  labT,
  openJourney,
  openPanel,
  sessionText,
  setSpeed,
  stage,
  useLab,
  waitForSimTime,
  watchClockLabel,
} from './helpers';

const lab = useLab();

const rules = (page: Page) => page.getByRole('region', { name: 'Rules', exact: true });
const rule = (page: Page, name: string) => rules(page).locator('li', { has: page.locator('code', { hasText: name }) });
const replicationPanel = (page: Page) => page.getByRole('region', { name: 'Replication', exact: true });

/** The client's largest stall as shown ("max stall 173 ms", "34 µs", "2.9 s", "0 s"), in ms. */
async function maxStallMs(page: Page): Promise<number> {
  await openPanel(page, 'What happened');
  const text = await page.getByLabel('Client figures', { exact: true }).locator('dt', { hasText: 'max stall' }).locator('xpath=following-sibling::dd[1]').textContent();
  const m = /^([\d.]+) (µs|ms|s)$/.exec((text ?? '').trim());
  if (!m) return Number.NaN;
  return Number(m[1]) * { 'µs': 0.001, ms: 1, s: 1000 }[m[2] as 'µs' | 'ms' | 's'];
}

/** The clock's labels seen, as seconds, never stepping back nor skipping a second. */
function expectSteadyClock(labels: readonly string[]): number[] {
  const secs = labels.map(labelSeconds).filter((s) => Number.isFinite(s));
  for (let i = 1; i < secs.length; i++) expect(secs[i] - secs[i - 1], `labels ${labels.join(', ')}`).toBeGreaterThanOrEqual(0);
  for (let i = 1; i < secs.length; i++) expect(secs[i] - secs[i - 1], `labels ${labels.join(', ')}`).toBeLessThanOrEqual(1);
  return secs;
}

describe('Kemari: power off host A', () => {
  it('the xclock keeps advancing on host B within a second, and the session stays connected', async () => {
    // Paused at exactly 3 s (a deep link), host A powered off there, then played on.
    const j = await openJourney(lab, '?scenario=kemari&panel=status&t=3s');
    const { page } = j;
    expect(await button(page, 'Crash host A').count()).toBe(0);
    await expect(button(page, 'Power off host A').isEnabled()).resolves.toBe(true);
    await expect(button(page, 'Crash host B').isEnabled()).resolves.toBe(true);
    await expect.poll(() => replicationPanel(page).textContent()).toContain('Host A: ');

    await button(page, 'Power off host A').click();
    await expect(button(page, 'Power off host A').isDisabled()).resolves.toBe(true);
    const crashedAt = await labT(page);
    expect(crashedAt).toBe(3_000_000);
    const crashSecond = 3;
    await setSpeed(page, 2);
    await watchClockLabel(page);
    await button(page, 'Play').click();

    // Within about a second of simulated time the clock shows a later second, drawn by host B.
    await waitForSimTime(page, crashedAt + 1_250_000);
    expect(labelSeconds(await clockLabel(page))).toBeGreaterThanOrEqual(crashSecond + 1);
    await expect.poll(() => stage(page).getAttribute('aria-label')).toContain('VM running on host B');
    expect(await sessionText(page)).toBe('Session: connected');

    await waitForSimTime(page, crashedAt + 3_250_000);
    await button(page, 'Pause').click();
    expect(labelSeconds(await clockLabel(page))).toBeGreaterThanOrEqual(crashSecond + 3);
    expect(await sessionText(page)).toBe('Session: connected');
    expectSteadyClock(await clockLabelsSeen(page));
    expect(await maxStallMs(page)).toBeLessThan(1000);
    await openPanel(page, 'Status');
    await expect.poll(() => replicationPanel(page).textContent()).toMatch(/Host B: active — runs the VM, resumed from synchronization #\d+/);
    expect(await replicationPanel(page).textContent()).toMatch(/failover took [\d.]+ ms/);
    await openPanel(page, 'Rules');
    expect(await rules(page).textContent()).toContain('All 3 rules hold so far.');
    await j.finish();
  });
});

describe('Remus: crash host A', () => {
  it('the clock pauses, then continues from host B, and the session stays connected', async () => {
    const j = await openJourney(lab, '?scenario=remus&t=3.95s');
    const { page } = j;
    await expect.poll(() => clockLabel(page)).toBe('xclock shows 00:00:03');
    await button(page, 'Crash host A').click();
    await expect(button(page, 'Crash host A').isDisabled()).resolves.toBe(true);
    await watchClockLabel(page);

    // Slowly past 4 s: no new second reaches the client while host B has not taken over yet.
    await setSpeed(page, 0.1);
    await button(page, 'Play').click();
    await waitForSimTime(page, 4_050_000);
    expect(await clockLabel(page)).toBe('xclock shows 00:00:03');
    expect(await stage(page).getAttribute('aria-label')).toContain('VM stopped; host B holds a standby copy');

    // Then on: host B resumes from its last checkpoint and the clock continues.
    await setSpeed(page, 10);
    await waitForSimTime(page, 6_200_000);
    await button(page, 'Pause').click();
    expect(labelSeconds(await clockLabel(page))).toBeGreaterThanOrEqual(6);
    expect(await sessionText(page)).toBe('Session: connected');
    expectSteadyClock(await clockLabelsSeen(page));
    expect(await maxStallMs(page)).toBeGreaterThan(0);
    await openPanel(page, 'Status');
    expect(await replicationPanel(page).textContent()).toMatch(/Host B: active — runs the VM, resumed from checkpoint \d+/);
    await openPanel(page, 'Output buffer');
    expect(await page.getByRole('region', { name: 'Output buffer', exact: true }).textContent()).toContain('Discarded at the failure');
    await openPanel(page, 'Rules');
    expect(await rules(page).textContent()).toContain('All 4 rules hold so far.');
    await j.finish();
  });
});

describe('Naive snapshots: crash host A at a harmful moment', () => {
  it('the harm window is marked, the session resets, and the broken rules are named', async () => {
    const j = await openJourney(lab, '?scenario=naive&t=3.29s&panel=status');
    const { page } = j;
    await expect.poll(() => replicationPanel(page).textContent()).toContain('Harm window: a crash now would roll the client back');
    await openPanel(page, 'Rules');
    // Output commit is broken from the first unbuffered output; the client has not rolled back yet.
    await expect.poll(() => rule(page, 'output-commit').getAttribute('data-verdict')).toBe('broken');
    expect(await rule(page, 'client-never-rolls-back').getAttribute('data-verdict')).toBe('holds');

    await button(page, 'Crash host A').click();
    await setSpeed(page, 10);
    await button(page, 'Play').click();
    await waitForSimTime(page, 4_000_000);
    await button(page, 'Pause').click();

    await expect.poll(() => sessionText(page)).toBe('Session: reset');
    await expect.poll(() => rule(page, 'client-never-rolls-back').getAttribute('data-verdict')).toBe('broken');
    expect(await rule(page, 'client-never-rolls-back').textContent()).toMatch(/broken at t = [\d.]+ (µs|ms|s)/);
    expect(await rule(page, 'output-commit').getAttribute('data-verdict')).toBe('broken');
    expect(await rules(page).textContent()).toMatch(/rules broken: .*output-commit.*client-never-rolls-back/);
    await j.finish();
  });

  it('a link with the crash and a late instant opens on the reset session and the broken rules', async () => {
    const j = await openJourney(lab, '?scenario=naive&fault=crash:A@3.3s&t=8s&panel=rules');
    const { page } = j;
    await expect.poll(() => sessionText(page)).toBe('Session: reset');
    expect(await rule(page, 'client-never-rolls-back').textContent()).toContain('broken at t = 3.5 s');
    expect(await rule(page, 'output-commit').getAttribute('data-verdict')).toBe('broken');
    expect(await rule(page, 'no-split-brain').getAttribute('data-verdict')).toBe('holds');
    await openPanel(page, 'Checkpoints');
    expect(await page.getByRole('img', { name: /^Checkpoint lanes, / }).count()).toBe(1);
    await j.finish();
  });
});
