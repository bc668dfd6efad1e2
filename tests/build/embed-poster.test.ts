import { describe, expect, it } from 'vitest';
import type { Rollup } from 'vite';
import { injectPosters, posterFor, posterScript, stylesFirst, withPreloads } from '../../build/embed-poster';

describe('the embed posters', () => {
  it('picks the poster of the scenario asked for when nothing else changes the first frame', () => {
    expect(posterFor('', 'unprotected')).toBe('unprotected');
    expect(posterFor('?scenario=kemari', 'unprotected')).toBe('kemari');
    expect(posterFor('?scenario=kemari&controls=minimal&autoplay=1', 'unprotected')).toBe('kemari');
    expect(posterFor('?autoplay=1', 'unprotected')).toBe('unprotected');
    for (const other of ['?scenario=kemari&t=2s', '?scenario=kemari&controls=full', '?scenario=remus&theme=dark', '?scene=kemari-takeover', '?seed=7']) {
      expect(posterFor(other, 'unprotected'), other).toBeNull();
    }
  });

  it('puts each poster in a data block before the widget, with the script after it; the script runs as plain JS', () => {
    const html = injectPosters('<body>\n<div id="kemari-embed"></div>\n</body>', { unprotected: '<p>U</p>', kemari: '<p>K</p>' });
    expect(html).toBe(
      '<body>\n<script type="text/x-kemari-poster" data-poster="unprotected"><p>U</p></script><script type="text/x-kemari-poster" data-poster="kemari"><p>K</p></script><div id="kemari-embed" data-default-poster="unprotected"></div><script src="./embed-poster.js"></script>\n</body>',
    );
    expect(() => injectPosters('<body></body>', {})).toThrow(/kemari-embed/);
    // Text that would end a data block early is refused.
    expect(() => injectPosters('<div id="kemari-embed"></div>', { kemari: '<p>a</SCRIPT>b</p>' })).toThrow(/poster of kemari/);
    expect(() => injectPosters('<div id="kemari-embed"></div>', { kemari: '<!--<script>-->' })).toThrow(/poster of kemari/);
    // The script is the same function, written out: it parses as a plain script.
    expect(() => new Function(posterScript())).not.toThrow();
  });

  it("names on each poster's block the files of its technique's code that the page does not load first", () => {
    const chunk = (fileName: string, moduleIds: string[], imports: string[]) => ({ type: 'chunk', fileName, moduleIds, imports });
    const bundle = {
      a: chunk('assets/kemari-protocol-K1.js', ['/repo/src/world/kemari-protocol.ts', '/repo/src/world/kemari-steps.ts'], ['assets/replica-metrics-R1.js', 'assets/time-T1.js']),
      b: chunk('assets/none-protocol-N1.js', ['/repo/src/world/none-protocol.ts'], []),
      c: { type: 'asset', fileName: 'assets/embed.css' },
      d: chunk('assets/kemari-S1.js', ['/repo/src/scenarios/kemari.ts'], ['assets/common-C1.js', 'assets/time-T1.js']),
      e: chunk('assets/kemari-D1.js', ['/repo/src/view/techniques/kemari.ts'], ['assets/rules-U1.js']),
      // Another technique's parts are not named.
      f: chunk('assets/remus-S2.js', ['/repo/src/scenarios/remus.ts'], []),
    } as unknown as Rollup.OutputBundle;
    const T = '<script type="text/x-kemari-poster" data-poster=';
    const html = `<link rel="modulepreload" crossorigin href="./assets/time-T1.js">\n${T}"kemari"></script>${T}"unprotected"></script>${T}"other"></script>`;
    expect(withPreloads(html, { kemari: 'kemari', unprotected: 'none', other: 'missing' }, bundle)).toBe(
      '<link rel="modulepreload" crossorigin href="./assets/time-T1.js">\n' +
        `${T}"kemari" data-preload="./assets/kemari-protocol-K1.js ./assets/replica-metrics-R1.js ./assets/kemari-S1.js ./assets/common-C1.js ./assets/kemari-D1.js ./assets/rules-U1.js"></script>` +
        `${T}"unprotected" data-preload="./assets/none-protocol-N1.js"></script>${T}"other"></script>`,
    );
    expect(withPreloads(html, { kemari: 'kemari' }, undefined)).toBe(html);
  });

  it('lists the poster script and the stylesheets before the module scripts', () => {
    const head = [
      '<head>',
      '    <title>x</title>',
      '    <script type="module" crossorigin src="./assets/embed-E.js"></script>',
      '    <link rel="modulepreload" crossorigin href="./assets/a.js">',
      '    <link rel="stylesheet" crossorigin href="./assets/a.css">',
      '    <link rel="stylesheet" crossorigin href="./assets/b.css">',
      '</head><body><script src="./embed-poster.js"></script></body>',
    ].join('\n');
    expect(stylesFirst(head)).toBe(
      [
        '<head>',
        '    <title>x</title>',
        '    <link rel="preload" as="script" href="./embed-poster.js">',
        '    <link rel="stylesheet" crossorigin href="./assets/a.css">',
        '    <link rel="stylesheet" crossorigin href="./assets/b.css">',
        '    <script type="module" crossorigin src="./assets/embed-E.js"></script>',
        '    <link rel="modulepreload" crossorigin href="./assets/a.js">',
        '</head><body><script src="./embed-poster.js"></script></body>',
      ].join('\n'),
    );
  });
});
