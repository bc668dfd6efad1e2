/**
 * Export pictures (issue 17): every chart and diagram offers its picture as SVG and PNG. Each SVG
 * downloaded parses back as SVG with its marks and its look inlined (no class left); the PNG is twice
 * the drawing's size. The round chart, the checkpoint lanes, the latency chart, a statechart and a
 * memory grid (drawn on a canvas on screen: its picture is drawn again as SVG). A statechart also
 * downloads as XState JSON.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openJourney, useLab } from './helpers';

const lab = useLab();

/** Presses `button` and returns the file it downloads: its name and bytes. */
async function download(page: Page, name: string | RegExp): Promise<{ file: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
  const stream = await d.createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return { file: d.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

/** Parses SVG text in the page: whether it is SVG, its viewBox width, how many of `marks` it has, and whether any element kept a class. */
const parse = (page: Page, text: string, marks: string) =>
  page.evaluate(
    ([t, sel]) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      const root = doc.documentElement;
      return { ok: root.nodeName === 'svg' && doc.querySelector('parsererror') === null, width: Number(root.getAttribute('width')), marks: doc.querySelectorAll(sel).length, classes: doc.querySelectorAll('[class]').length };
    },
    [text, marks] as const,
  );

/** A PNG's width and height from its IHDR chunk. */
const pngSize = (b: Buffer) => ({ signature: b.subarray(0, 8).toString('hex'), width: b.readUInt32BE(16), height: b.readUInt32BE(20) });

describe('export pictures', () => {
  it('the round chart, the checkpoint lanes, the latency chart and a statechart, as SVG and PNG', async () => {
    const cases = [
      { query: '?scenario=migration&t=3s&panel=rounds', what: 'the round chart', file: 'kemari-round-chart', marks: 'rect' },
      { query: '?scenario=remus&t=2s&panel=lanes', what: 'the checkpoint lanes', file: 'kemari-checkpoint-lanes', marks: 'rect' },
      { query: '?scenario=remus&t=2s&panel=latency', what: 'the latency chart', file: 'kemari-latency', marks: 'circle, rect, path' },
      { query: '?scenario=colo&t=2s&panel=machines', what: /^the [a-z]+ statechart$/, file: /^kemari-machine-[a-z-]+$/, marks: 'rect' },
      { query: '?scenario=migration&t=3s&panel=memory', what: "host A's memory grid", file: 'kemari-memory-A', marks: 'g path' },
    ] as const;
    const j = await openJourney(lab, cases[0].query);
    for (const c of cases) {
      if (c !== cases[0]) {
        await j.page.goto(new URL(c.query, j.page.url()).href);
        await j.page.waitForFunction(() => '__kemariLab' in window);
      }
      const label = (format: string) => (typeof c.what === 'string' ? `Export ${c.what} as ${format}` : new RegExp(`^Export ${c.what.source.slice(1, -1)} as ${format}$`));
      await j.page.getByRole('button', { name: label('SVG') }).waitFor();
      const svg = await download(j.page, label('SVG'));
      expect(svg.file).toMatch(typeof c.file === 'string' ? new RegExp(`^${c.file}\\.svg$`) : new RegExp(`${c.file.source.slice(0, -1)}\\.svg$`));
      const parsed = await parse(j.page, svg.bytes.toString('utf8'), c.marks);
      expect(parsed.ok, String(c.what)).toBe(true);
      expect(parsed.marks, String(c.what)).toBeGreaterThan(2);
      expect(parsed.classes, String(c.what)).toBe(0);
      if (c.file !== 'kemari-memory-A') expect(svg.bytes.toString('utf8')).toContain('style="fill:');
      const png = await download(j.page, label('PNG'));
      expect(png.file.endsWith('.png')).toBe(true);
      const size = pngSize(png.bytes);
      expect(size.signature).toBe('89504e470d0a1a0a');
      expect(size.width, String(c.what)).toBe(Math.round(parsed.width * 2));
    }
    await j.finish();
  });

  it('the machine on show as XState JSON: its id, its states and its transitions', async () => {
    const j = await openJourney(lab, '?scenario=unprotected&t=1s&panel=machines');
    const json = await download(j.page, 'Export the host machine as XState JSON');
    expect(json.file).toBe('kemari-machine-host.json');
    const machine = JSON.parse(json.bytes.toString('utf8'));
    expect(machine.id).toBe('host');
    expect(machine.initial).toBe('up');
    expect(Object.keys(machine.states)).toEqual(['up', 'crashed', 'fenced', 'booting']);
    expect(machine.states.up.type).toBe('parallel');
    expect(machine.states.up.on['host.crash'][0]).toEqual({ target: '#host.crashed', actions: ['announceCrash'], description: 'Fail-stop crash: the host stops at once, with no last word.' });
    expect(machine.states.booting.after.boot[0].target).toBe('#host.up');
    await j.finish();
  });
});
