import { describe, expect, it } from 'vitest';
import { injectPosters, posterFor, posterScript } from '../../build/embed-poster';

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

  it('puts each poster in a template before the widget, with the script after it; the script runs as plain JS', () => {
    const html = injectPosters('<body>\n<div id="kemari-embed"></div>\n</body>', { unprotected: '<p>U</p>', kemari: '<p>K</p>' });
    expect(html).toBe(
      '<body>\n<template data-poster="unprotected"><p>U</p></template><template data-poster="kemari"><p>K</p></template><div id="kemari-embed" data-default-poster="unprotected"></div><script src="./embed-poster.js"></script>\n</body>',
    );
    expect(() => injectPosters('<body></body>', {})).toThrow(/kemari-embed/);
    // The script is the same function, written out: it parses as a plain script.
    expect(() => new Function(posterScript())).not.toThrow();
  });
});
