/**
 * Share & embed (issue 17): the link to this moment reopens the same run, instant and panel; the
 * embed's address carries the run's keys and the chosen options, and the widget reads them back; the
 * snippets escape what they quote; a page opened from a file says why nothing can be shared from it.
 */
import { describe, expect, it } from 'vitest';
import { readEmbedOptions } from '../../src/app/embed-options';
import { DEFAULT_SHARE, defaultHeight, elementSnippet, embedQuery, embedUrl, fileNote, iframeSnippet, labLink, widgetTitle } from '../../src/app/share';
import { readUrl } from '../../src/app/url-state';
import { resolveRun } from '../../src/scenarios/run-spec';

const PAGE = 'https://lab.example.org/kemari-lab/?scenario=unprotected#x';
const { spec } = resolveRun({ scenario: 'kemari', preset: 'stage', seed: '7', params: [['fencing', 'true']], faults: ['crash:A@3.5s', 'cut:link@5s'] });

describe('share', () => {
  it('links to this moment: the same run, instant, speed and panel, on the page it was opened from', () => {
    const link = labLink(PAGE, spec, 4_250_000, 2, 'rules');
    expect(link.startsWith('https://lab.example.org/kemari-lab/?')).toBe(true);
    expect(link).not.toContain('#');
    const back = readUrl(new URL(link).search);
    expect(back.errors).toEqual([]);
    expect(back.spec).toEqual(spec);
    expect([back.t, back.speed, back.panels]).toEqual([4_250_000, 2, ['rules']]);
  });

  it("embeds the run from the playhead with the chosen options, which the widget reads back", () => {
    const query = embedQuery(spec, 4_250_000, { ...DEFAULT_SHARE, controls: 'full', theme: 'dark', autoplay: true });
    const q = new URLSearchParams(query);
    expect([q.get('scenario'), q.get('preset'), q.get('seed'), q.get('fencing'), q.getAll('fault'), q.get('t')]).toEqual(['kemari', 'stage', '7', 'true', ['crash:A@3500ms', 'cut:link@5s'], '4250ms']);
    expect(q.has('v')).toBe(false);
    expect(readEmbedOptions(q)).toEqual({ options: { scene: null, autoplay: true, controls: 'full', theme: 'dark', heightPx: null }, errors: [] });
    expect(embedUrl(PAGE, query)).toBe(`https://lab.example.org/kemari-lab/embed.html${query}`);
    // From the start, and a tour scene instead of the run.
    expect(new URLSearchParams(embedQuery(spec, 4_250_000, { ...DEFAULT_SHARE, fromHere: false })).has('t')).toBe(false);
    expect(embedQuery(spec, 4_250_000, { ...DEFAULT_SHARE, scene: 'colo-compare' })).toBe('?scene=colo-compare&controls=minimal');
  });

  it('writes snippets whose quoted values are escaped, and the element with one attribute per key', () => {
    const src = 'https://x.test/embed.html?scenario=kemari&fault=crash:A@1s';
    expect(iframeSnippet(src, 'Kemari Lab: "quoted" <b>', 617)).toBe(
      '<iframe src="https://x.test/embed.html?scenario=kemari&amp;fault=crash:A@1s"\n        title="Kemari Lab: &quot;quoted&quot; &lt;b&gt;" width="640" height="617" style="border:0" loading="lazy"></iframe>',
    );
    const element = elementSnippet(PAGE, '?scenario=kemari&fault=crash:A@1s&fault=cut:link@2s&bandwidthMbps=100&autoplay=1', 'Kemari Lab: Kemari takeover');
    expect(element).toBe(
      '<script src="https://lab.example.org/kemari-lab/kemari-lab.js" defer></script>\n' +
        '<kemari-lab scenario="kemari" bandwidthmbps="100" autoplay faults="crash:A@1s cut:link@2s">\n' +
        '  <a href="https://lab.example.org/kemari-lab/">Kemari Lab: Kemari takeover</a>\n' +
        '</kemari-lab>',
    );
    expect(widgetTitle(spec, DEFAULT_SHARE)).toBe('Kemari Lab: Kemari takeover');
  });

  it('sizes the iframe as the widget settles in a 640 px column, and says why a file cannot be shared', () => {
    expect([defaultHeight({ controls: 'minimal', scene: null }), defaultHeight({ controls: 'minimal', scene: 'kemari-takeover' })]).toEqual([617, 767]);
    expect(fileNote('file:')).toMatch(/open from a file on this computer/);
    expect(fileNote('https:')).toBeNull();
  });
});
