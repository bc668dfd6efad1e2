/**
 * Journeys 4, 5 and 8: scrubbing the playhead (keyboard on the slider, a pointer drag across the
 * lanes), stepping to the next event, and a paused page that requests no animation frames.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  button,
  clockLabel,
  countAnimationFrameRequests,
  labFramesDrawn,
  labPlaying,
  labT,
  letFramesPass,
  openJourney,
  playButton,
  playhead,
  query,
  rafCalls,
  sessionText,
  simTimeText,
  useLab,
} from './helpers';

const lab = useLab();

const END_US = 20_000_000;
// The timeline is drawn one unit per pixel: its lanes run from x = 90 to 10 px before its right edge
// (src/view/Timeline.svelte).
const LANE_X0 = 90;
const LANE_RIGHT = 10;

/** The page point over the timeline's lanes at simulated time `us` (beyond the ends if asked). */
async function timelinePoint(page: Page, us: number): Promise<{ x: number; y: number }> {
  const svg = page.getByRole('region', { name: 'Timeline' }).locator('svg');
  await svg.scrollIntoViewIfNeeded();
  const box = await svg.boundingBox();
  if (!box) throw new Error('the timeline is not drawn');
  return { x: box.x + LANE_X0 + (us / END_US) * (box.width - LANE_X0 - LANE_RIGHT), y: box.y + box.height / 2 };
}

async function drag(page: Page, fromUs: number, toUs: number): Promise<void> {
  const from = await timelinePoint(page, fromUs);
  const to = await timelinePoint(page, toUs);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

describe('scrubbing, stepping and idling', () => {
  it('the Playhead slider scrubs by keyboard: 1.5 s shows 00:00:01 connected, 3.5 s and the end show stalled', async () => {
    // A run of its own length (20 s), not a live one that grows as the playhead nears its end.
    const j = await openJourney(lab, query([['fault', 'crash:A@3s'], ['until', '20s']]));
    const { page } = j;
    const slider = playhead(page);
    await slider.focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => simTimeText(page)).toBe('t = 1000.000ms / 20000.000ms');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => simTimeText(page)).toBe('t = 1500.000ms / 20000.000ms');
    expect(await slider.getAttribute('aria-valuetext')).toBe('1500.000ms of 20000.000ms');
    expect(await clockLabel(page)).toBe('xclock shows 00:00:01');
    expect(await sessionText(page)).toBe('Session: connected');
    expect(await button(page, 'Crash host A').isEnabled()).toBe(true);

    // Page keys move by a second. The crash at 3 s fires before the redraw due at that same instant
    // (DESIGN §5: inputs first), so the last frame the client got shows 00:00:02; at 3.5 s the frame
    // due at 3 s is 0.5 s overdue (a pause a person notices): the session is stalled.
    await page.keyboard.press('PageUp');
    await page.keyboard.press('PageUp');
    await expect.poll(() => simTimeText(page)).toBe('t = 3500.000ms / 20000.000ms');
    expect(await clockLabel(page)).toBe('xclock shows 00:00:02');
    expect(await sessionText(page)).toBe('Session: stalled');
    expect(await button(page, 'Crash host A').isDisabled()).toBe(true);

    // To the end: no copy of the VM runs anywhere and no viewer watchdog gives up (none by default),
    // so the session is still stalled, 17 s later.
    await page.keyboard.press('End');
    await expect.poll(() => simTimeText(page)).toBe('t = 20000.000ms / 20000.000ms');
    expect(await sessionText(page)).toBe('Session: stalled');
    expect(await clockLabel(page)).toBe('xclock shows 00:00:02');

    // And back (Shift+ArrowLeft, PageDown) to before the crash.
    await page.keyboard.press('Home');
    await expect.poll(() => simTimeText(page)).toBe('t = 0.000ms / 20000.000ms');
    await page.keyboard.press('PageUp');
    await page.keyboard.press('PageUp');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => simTimeText(page)).toBe('t = 1100.000ms / 20000.000ms');
    expect(await clockLabel(page)).toBe('xclock shows 00:00:01');
    expect(await sessionText(page)).toBe('Session: connected');
    expect(await labPlaying(page)).toBe(false);
    await j.finish();
  });

  it('dragging across the timeline scrubs: ~1.5 s shows 00:00:01 connected, the end shows stalled', async () => {
    // A run of its own length (20 s), not a live one that grows as the playhead nears its end.
    const j = await openJourney(lab, query([['fault', 'crash:A@3s'], ['until', '20s']]));
    const { page } = j;
    await drag(page, 10_000_000, 1_500_000);
    const t = await labT(page);
    expect(t).toBeGreaterThan(1_400_000);
    expect(t).toBeLessThan(1_600_000);
    await expect.poll(() => clockLabel(page)).toBe('xclock shows 00:00:01');
    expect(await sessionText(page)).toBe('Session: connected');
    expect(await playhead(page).inputValue()).not.toBe('0');

    // Drag past the right end of the lanes: the playhead stops at the end of the run.
    await drag(page, 1_500_000, END_US + 2_000_000);
    await expect.poll(() => simTimeText(page)).toBe('t = 20000.000ms / 20000.000ms');
    expect(await sessionText(page)).toBe('Session: stalled');
    expect(await clockLabel(page)).toBe('xclock shows 00:00:02');
    expect(await labPlaying(page)).toBe(false);
    await j.finish();
  });

  it('Step moves to the next event and stays paused', async () => {
    const j = await openJourney(lab);
    const { page } = j;
    expect(await simTimeText(page)).toBe('t = 0.000ms / 20000.000ms');
    await button(page, 'Step').click();
    // The next event after t = 0: the client receives the first frame, 200 µs later.
    await expect.poll(() => simTimeText(page)).toBe('t = 0.200ms / 20000.000ms');
    expect(await clockLabel(page)).toBe('xclock shows 00:00:00');
    expect(await playButton(page).textContent()).toBe('Play');
    expect(await labPlaying(page)).toBe(false);
    // It stays there.
    await letFramesPass(page, 5);
    expect(await simTimeText(page)).toBe('t = 0.200ms / 20000.000ms');

    // Again: on to the following event, still paused.
    await button(page, 'Step').click();
    await expect.poll(() => labT(page)).toBeGreaterThan(200);
    const t2 = await labT(page);
    expect(t2).toBeLessThanOrEqual(1_000_200);
    expect(await playButton(page).textContent()).toBe('Play');
    expect(await labPlaying(page)).toBe(false);
    await j.finish();
  });

  it('while paused the page requests no animation frames', async () => {
    const j = await openJourney(lab, '', { initScript: countAnimationFrameRequests });
    const { page } = j;
    // Paused from the start: nothing drawn, nothing requested.
    await letFramesPass(page, 10);
    expect(await labFramesDrawn(page)).toBe(0);
    const idleCalls = await rafCalls(page);
    await letFramesPass(page, 10);
    expect(await rafCalls(page)).toBe(idleCalls);

    // Playing draws frames (so the counters do count)...
    await button(page, 'Play').click();
    await expect.poll(() => labFramesDrawn(page)).toBeGreaterThan(3);
    expect(await rafCalls(page)).toBeGreaterThan(idleCalls);

    // ...and pausing stops them: two readings some frames apart are equal.
    await button(page, 'Pause').click();
    await expect.poll(() => labPlaying(page)).toBe(false);
    await letFramesPass(page, 2);
    const drawn = await labFramesDrawn(page);
    const calls = await rafCalls(page);
    await letFramesPass(page, 15);
    expect(await labFramesDrawn(page)).toBe(drawn);
    expect(await rafCalls(page)).toBe(calls);

    // Scrubbing and stepping while paused draw the new instant without starting a loop.
    await button(page, 'Step').click();
    await playhead(page).focus();
    await page.keyboard.press('PageUp');
    await letFramesPass(page, 10);
    expect(await labFramesDrawn(page)).toBe(drawn);
    expect(await rafCalls(page)).toBe(calls);
    await j.finish();
  });
});
