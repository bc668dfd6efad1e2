/**
 * Record (issue 17): V opens the recorder on the 5 s around the playhead of a deep-linked Kemari run; a
 * bad field is refused by name with its range; 3 s (from 3 s to 6 s, host A crashing at 3.5 s) at 30
 * frames per second give a WebM whose duration, read back by the browser's video element, is 3 s ± one
 * frame, and a GIF of 90 frames whose delays add up to 3 s; the same range recorded again gives the
 * same GIF, byte for byte. In presenter mode V records the current step: from where it began to its
 * pause point.
 */
import { createHash } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openJourney, useLab } from './helpers';

const lab = useLab();

/** The bytes of the file a link points at (a blob URL of the page). */
async function linked(page: Page, link: Locator): Promise<Buffer> {
  const href = await link.getAttribute('href');
  // As base64 text: an array of numbers that long is slow to pass from the page.
  const data = await page.evaluate(async (h) => {
    const blob = await (await fetch(h!)).blob();
    return new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsDataURL(blob);
    });
  }, href);
  return Buffer.from(data.slice(data.indexOf(',') + 1), 'base64');
}

/** A GIF's frames: how many, their delays (hundredths of a second), and the logical screen's size. */
function gifFrames(b: Buffer): { frames: number; delays: number[]; width: number; height: number } {
  expect(b.subarray(0, 6).toString('latin1')).toBe('GIF89a');
  const width = b.readUInt16LE(6);
  const height = b.readUInt16LE(8);
  let i = 13;
  if (b[10] & 0x80) i += 3 * (1 << ((b[10] & 7) + 1));
  const delays: number[] = [];
  let frames = 0;
  const skipBlocks = () => {
    while (b[i] !== 0) i += b[i] + 1;
    i++;
  };
  while (i < b.length && b[i] !== 0x3b) {
    if (b[i] === 0x21) {
      // An extension: a graphic control extension carries the next frame's delay.
      if (b[i + 1] === 0xf9) delays.push(b.readUInt16LE(i + 4));
      i += 2;
      skipBlocks();
    } else if (b[i] === 0x2c) {
      frames++;
      const packed = b[i + 9];
      i += 10;
      if (packed & 0x80) i += 3 * (1 << ((packed & 7) + 1));
      i++; // LZW minimum code size
      skipBlocks();
    } else throw new Error(`unexpected GIF block 0x${b[i].toString(16)} at ${i}`);
  }
  return { frames, delays, width, height };
}

describe('record a time range', () => {
  it('V records 3 s of a Kemari takeover at 30 fps: a WebM of 3 s and a GIF of 90 frames, the same GIF twice', async () => {
    const j = await openJourney(lab, '?scenario=kemari&preset=stage&fault=crash:A@3.5s&t=4250ms');
    const { page } = j;
    await page.keyboard.press('v');
    const dialog = page.getByRole('dialog', { name: 'Record a video' });
    await dialog.waitFor();
    // The 5 s around the playhead, 1280x720 at 30 frames per second, both formats.
    expect(await dialog.getByLabel('From (s)').inputValue()).toBe('1.75');
    expect(await dialog.getByLabel('To (s)').inputValue()).toBe('6.75');
    expect(await dialog.getByLabel('Size').inputValue()).toBe('1280x720');
    expect(await dialog.getByLabel('Frames per second').inputValue()).toBe('30');
    expect(await dialog.getByRole('checkbox', { name: 'WebM video' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('checkbox', { name: 'Animated GIF' }).isChecked()).toBe(true);

    // A bad start is refused by name, with the range allowed.
    await dialog.getByLabel('From (s)').fill('soon');
    await dialog.getByRole('button', { name: 'Record' }).click();
    expect(await dialog.getByRole('alert').textContent()).toMatch(/^from: “soon” is not a number of seconds; give one from 0 to \d/);
    expect(await dialog.getByLabel('From (s)').getAttribute('aria-invalid')).toBe('true');

    await dialog.getByLabel('From (s)').fill('3');
    await dialog.getByLabel('To (s)').fill('6');
    await dialog.getByLabel('Size').selectOption('640x360');
    expect(await dialog.getByText('90 frames, 3 s of video').count()).toBe(1);
    const recordOnce = async () => {
      await dialog.getByRole('button', { name: 'Record' }).click();
      await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 60_000 }).toBe('Done: 90 frames.');
      return {
        webm: await linked(page, dialog.getByRole('link', { name: /\.webm$/ })),
        gif: await linked(page, dialog.getByRole('link', { name: /\.gif$/ })),
        names: await dialog.getByRole('link').allTextContents(),
      };
    };
    const first = await recordOnce();
    expect(first.names).toEqual(['Save kemari-lab-kemari-3s-6s.webm', 'Save kemari-lab-kemari-3s-6s.gif']);

    const gif = gifFrames(first.gif);
    expect(gif.frames).toBe(90);
    expect(gif.width).toBe(640);
    expect(gif.height).toBe(360);
    expect(gif.delays.reduce((a, b) => a + b, 0)).toBe(300);

    // The WebM as the browser reads it: 3 s ± one frame, 640x360.
    const video = await dialog.getByLabel('The recorded video').evaluate(
      (v: HTMLVideoElement) =>
        new Promise<{ duration: number; width: number; height: number }>((resolve, reject) => {
          const done = () => resolve({ duration: v.duration, width: v.videoWidth, height: v.videoHeight });
          if (v.readyState >= 1) done();
          v.addEventListener('loadedmetadata', done, { once: true });
          v.addEventListener('error', () => reject(new Error(`the video did not load: ${v.error?.message}`)), { once: true });
        }),
    );
    expect(video.width).toBe(640);
    expect(video.height).toBe(360);
    expect(Math.abs(video.duration - 3)).toBeLessThanOrEqual(1 / 30 + 1e-6);
    expect(first.webm.subarray(0, 4).toString('hex')).toBe('1a45dfa3');

    // The frames show the run moving (the clock, the crash): the first and the last differ.
    const second = await recordOnce();
    expect(createHash('sha256').update(second.gif).digest('hex')).toBe(createHash('sha256').update(first.gif).digest('hex'));

    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await j.finish();
  }, 120_000);

  it('Cancel stops a recording under way, and nothing is made', async () => {
    const j = await openJourney(lab, '?scenario=kemari&t=2s');
    const { page } = j;
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a video' });
    await dialog.getByRole('button', { name: 'Record' }).click();
    await dialog.getByRole('progressbar').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.getByRole('status').textContent()).toBe('Cancelled: nothing was made.');
    expect(await dialog.getByRole('link').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await j.finish();
  });

  it('in presenter mode, V records the current step: from where it began to its pause point', async () => {
    const j = await openJourney(lab, '?present=1&scene=kemari-takeover', {
      initScript: () => {
        // Reduced motion: the step shows its pause point at once (an exact instant, not wherever playback is).
        const real = window.matchMedia.bind(window);
        window.matchMedia = (q: string) => (q.includes('prefers-reduced-motion') ? ({ matches: true, media: q, addEventListener() {}, removeEventListener() {} } as unknown as MediaQueryList) : real(q));
      },
    });
    const { page } = j;
    await page.getByRole('region', { name: 'Guided tour' }).waitFor();
    const pauseAt = await page.evaluate(() => (window as unknown as { __kemariLab: { t(): number } }).__kemariLab.t());
    expect(pauseAt).toBeGreaterThan(980_000);
    await page.keyboard.press('v');
    const dialog = page.getByRole('dialog', { name: 'Record a video' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('From (s)').inputValue()).toBe('0.98');
    expect(Number(await dialog.getByLabel('To (s)').inputValue())).toBe(Math.round(pauseAt / 1000) / 1000);
    expect(await dialog.getByLabel('Speed').inputValue()).toBe('0.01');
    expect(await dialog.getByText(/The Kemari takeover/).count()).toBe(1);
    await j.finish();
  });
});
