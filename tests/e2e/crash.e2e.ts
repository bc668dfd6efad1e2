/**
 * Journeys 1 and 2: the unprotected VM dies with host A (the client's session stalls for good: no
 * copy of the VM runs anywhere), and a copied link reopens the same moment.
 */
import { describe, expect, it } from 'vitest';
import {
  button,
  clockLabel,
  clockLabelsSeen,
  labelSeconds,
  labPlaying,
  labT,
  openJourney,
  playButton,
  session,
  sessionText,
  setSpeed,
  simTime,
  simTimeText,
  stage,
  useLab,
  waitForSimTime,
  waitForStopped,
  watchClockLabel,
  xclock,
} from './helpers';

const lab = useLab();

describe('unprotected VM: crash host A', () => {
  it('the clock runs, then stops for good when host A crashes, and the session stalls and cannot recover', async () => {
    // A link with `until` keeps the run's length (without it the run is live and grows as it plays).
    const j = await openJourney(lab, '?until=20s');
    const { page } = j;
    // At t = 0 the first frame (00:00:00) has left host A but reaches the client only 200 µs later
    // (DESIGN §5: the xclock shows the last frame received), so the face is blank.
    await expect.poll(() => clockLabel(page)).toBe('xclock shows --:--:--');
    await expect.poll(() => sessionText(page)).toBe('Session: connected');
    expect(await simTimeText(page)).toBe('t = 0.000ms / 20000.000ms');
    await expect.poll(() => playButton(page).textContent()).toBe('Play');

    // Play (at 10x so the journey is quick): the clock advances.
    await setSpeed(page, 10);
    await watchClockLabel(page);
    await button(page, 'Play').click();
    await expect.poll(() => playButton(page).textContent()).toBe('Pause');
    await expect.poll(() => clockLabel(page)).not.toBe('xclock shows --:--:--');
    await expect.poll(async () => labelSeconds(await clockLabel(page)), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // (The label watcher sees the clock's changes, so its silence after the crash means something.)
    expect((await clockLabelsSeen(page)).length).toBeGreaterThan(2);

    await button(page, 'Pause').click();
    await expect.poll(() => labPlaying(page)).toBe(false);

    // The crash at an exact instant: the same run opened paused at 3 s (crashing while playing would land
    // wherever playback happened to be). The 3 s frame left host A but reaches the client 200 µs later.
    await page.goto(new URL('?until=20s&t=3s', page.url()).href);
    await page.waitForFunction(() => '__kemariLab' in window);
    await expect.poll(() => clockLabel(page)).toBe('xclock shows 00:00:02');
    await button(page, 'Crash host A').click();
    await expect(button(page, 'Crash host A').isDisabled()).resolves.toBe(true);
    const crashedAt = await labT(page);
    expect(crashedAt).toBe(3_000_000);
    const stopped = await clockLabel(page);
    expect(stopped).toBe('xclock shows 00:00:02');
    await watchClockLabel(page);
    await expect.poll(() => stage(page).getAttribute('aria-label')).toContain('Host A crashed');

    // Time moves on to the end of the run (20 s); the clock's label never changes again.
    await setSpeed(page, 100);
    await button(page, 'Play').click();
    await waitForStopped(page);
    expect(await labT(page)).toBe(20_000_000);
    expect(new Set(await clockLabelsSeen(page))).toEqual(new Set([stopped]));
    expect(await clockLabel(page)).toBe(stopped);
    // TCP keeps waiting (no viewer watchdog by default): the session is stalled, never lost, and the
    // page says it cannot recover.
    await expect.poll(() => sessionText(page)).toBe('Session: stalled');
    expect(await page.getByText('No copy of the VM runs anywhere: this session cannot recover.').isVisible()).toBe(true);
    await expect.poll(() => playButton(page).textContent()).toBe('Play');
    expect(await stage(page).getAttribute('aria-label')).toContain('Host A crashed');
    expect(await simTimeText(page)).toContain('20000.000ms');
    await j.finish();
  });

  it('a copied link reopens the same moment: clock, time, session and the crash', async () => {
    // Paused at exactly 3 s (a deep link: playing there would overshoot on a busy machine).
    const j = await openJourney(lab, '?t=3s');
    const { page } = j;
    await setSpeed(page, 10);
    expect(await labPlaying(page)).toBe(false);
    // Crash while paused, then play on for a few seconds and pause again.
    await button(page, 'Crash host A').click();
    await expect(button(page, 'Crash host A').isDisabled()).resolves.toBe(true);
    await button(page, 'Play').click();
    await waitForSimTime(page, 7_000_000);
    await button(page, 'Pause').click();
    await expect.poll(() => labPlaying(page)).toBe(false);
    await expect.poll(() => sessionText(page)).toBe('Session: stalled');

    const label = await clockLabel(page);
    const time = await simTimeText(page);
    const stageLabel = await stage(page).getAttribute('aria-label');
    // The URL is rewritten on pause: it names the crash and the paused instant.
    await expect.poll(() => new URL(page.url()).searchParams.getAll('fault')).toEqual([expect.stringMatching(/^crash:A@/)]);
    await expect.poll(() => new URL(page.url()).searchParams.get('t')).not.toBeNull();
    const copied = page.url();
    await j.finish();

    const again = await openJourney(lab, copied);
    const p2 = again.page;
    await expect.poll(() => clockLabel(p2)).toBe(label);
    await expect.poll(() => simTimeText(p2)).toBe(time);
    await expect.poll(() => sessionText(p2)).toBe('Session: stalled');
    expect(await stage(p2).getAttribute('aria-label')).toBe(stageLabel);
    expect(stageLabel).toContain('Host A crashed');
    await expect(button(p2, 'Crash host A').isDisabled()).resolves.toBe(true);
    await expect(button(p2, 'Crash host B').isEnabled()).resolves.toBe(true);
    expect(await playButton(p2).textContent()).toBe('Play');
    expect(await p2.getByRole('alert').count()).toBe(0);
    // Same visible surface as a user sees it.
    expect(await xclock(p2).isVisible()).toBe(true);
    expect(await session(p2).isVisible()).toBe(true);
    expect(await simTime(p2).isVisible()).toBe(true);
    await again.finish();
  });
});
