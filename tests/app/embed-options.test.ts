import { describe, expect, it } from 'vitest';
import { attributesToQuery, DEFAULT_EMBED_OPTIONS, readEmbedOptions } from '../../src/app/embed-options';
import { withScene } from '../../src/app/embed-scene';
import { readUrl } from '../../src/app/url-state';
import { SCENES } from '../../src/scenarios/scenes';

describe('readEmbedOptions', () => {
  it('gives the defaults when no option is given: minimal controls, auto theme, paused, fitted height', () => {
    expect(readEmbedOptions('?scenario=kemari')).toEqual({ options: DEFAULT_EMBED_OPTIONS, errors: [] });
    expect(DEFAULT_EMBED_OPTIONS).toEqual({ scene: null, autoplay: false, controls: 'minimal', theme: 'auto', heightPx: null });
  });

  it('reads every option', () => {
    const { options, errors } = readEmbedOptions('?scene=kemari-takeover&autoplay=1&controls=full&theme=dark&height=420');
    expect(errors).toEqual([]);
    expect(options).toEqual({ scene: 'kemari-takeover', autoplay: true, controls: 'full', theme: 'dark', heightPx: 420 });
  });

  it('takes autoplay when present with no value, or as 1/true; 0/false keeps it paused', () => {
    for (const q of ['?autoplay', '?autoplay=', '?autoplay=1', '?autoplay=true', '?autoplay=TRUE']) expect(readEmbedOptions(q).options.autoplay, q).toBe(true);
    for (const q of ['?autoplay=0', '?autoplay=false']) expect(readEmbedOptions(q).options.autoplay, q).toBe(false);
  });

  it('accepts height with px and any case in controls and theme', () => {
    expect(readEmbedOptions('?height=300px&controls=None&theme=LIGHT').options).toMatchObject({ heightPx: 300, controls: 'none', theme: 'light' });
  });

  it('names each bad field, what is allowed and what it got, and keeps that field at its default', () => {
    const { options, errors } = readEmbedOptions('?scene=Kemari Takeover!&autoplay=maybe&controls=all&theme=pink&height=tall');
    expect(options).toEqual(DEFAULT_EMBED_OPTIONS);
    expect(errors).toEqual([
      { field: 'scene', message: 'scene must be a scene id of the tour (lower-case letters, digits and "-", such as kemari-takeover); got "Kemari Takeover!"' },
      { field: 'autoplay', message: 'autoplay must be present with no value, 1 or true (or 0, false to stay paused); got "maybe"' },
      { field: 'controls', message: 'controls must be one of none, minimal, full; got "all"' },
      { field: 'theme', message: 'theme must be one of light, dark, auto; got "pink"' },
      { field: 'height', message: 'height must be a whole number of CSS pixels from 160 to 4000 (such as 420 or 420px); got "tall"' },
    ]);
  });

  it('refuses heights outside 160–4000 and decimals', () => {
    for (const h of ['159', '4001', '0', '-300', '300.5', '30em']) {
      const { options, errors } = readEmbedOptions(`?height=${encodeURIComponent(h)}`);
      expect(options.heightPx, h).toBeNull();
      expect(errors.map((e) => e.field), h).toEqual(['height']);
    }
    expect(readEmbedOptions('?height=160').options.heightPx).toBe(160);
    expect(readEmbedOptions('?height=4000').options.heightPx).toBe(4000);
  });

  it('keeps markup in a bad value as plain text in the message (the widget shows it as text)', () => {
    const { errors } = readEmbedOptions('?controls=<img src=x onerror=alert(1)>');
    expect(errors[0].message).toContain('got "<img src=x onerror=alert(1)>"');
  });

  it('leaves the run keys to readUrl, which ignores the embed keys', () => {
    const q = '?scenario=kemari&seed=7&controls=none&theme=dark&height=300&autoplay&scene=kemari-takeover';
    const url = readUrl(q);
    expect(url.errors).toEqual([]);
    expect(url.spec).toMatchObject({ scenario: 'kemari', seed: 7 });
  });
});

describe('attributesToQuery', () => {
  it('reads attributes as URL keys, whatever the case of parameter names', () => {
    const q = attributesToQuery([
      ['scenario', 'kemari'],
      ['controls', 'minimal'],
      ['autoplay', ''],
      ['bandwidthmbps', '100'],
      ['fault', 'crash:A@3s, cut:link@4s'],
      ['class', 'wide'],
      ['id', 'lab'],
      ['data-note', 'x'],
      ['aria-label', 'demo'],
    ]);
    const p = new URLSearchParams(q);
    expect([...p]).toEqual([
      ['scenario', 'kemari'],
      ['controls', 'minimal'],
      ['autoplay', ''],
      ['bandwidthMbps', '100'],
      ['fault', 'crash:A@3s'],
      ['fault', 'cut:link@4s'],
    ]);
    expect(readEmbedOptions(q).options).toMatchObject({ autoplay: true, controls: 'minimal' });
    expect(readUrl(q).spec.params.bandwidthMbps).toBe(100);
    expect(readUrl(q).spec.faults.length).toBe(2);
  });

  it('passes an unknown attribute through, so it is reported as an unknown parameter', () => {
    expect(readUrl(attributesToQuery([['scenario', 'kemari'], ['colour', 'red']])).errors.map((e) => e.field)).toEqual(['colour']);
  });
});

describe('withScene', () => {
  const scene = { run: { scenario: 'kemari', preset: 'default', seed: '3', until: '10s', params: [['clockHz', '2']] as const, faults: ['crash:A@4s'] }, startUs: 1_500_000, speed: 0.5 };

  it('starts from the scene: its run, start time and speed', () => {
    const url = readUrl(withScene(scene, '?scene=x&controls=none'));
    expect(url.errors).toEqual([]);
    expect(url.spec).toMatchObject({ scenario: 'kemari', preset: 'default', seed: 3, untilUs: 10_000_000 });
    expect(url.spec.params.clockHz).toBe(2);
    expect(url.spec.faults).toEqual([{ kind: 'crash', target: 'A', atUs: 4_000_000 }]);
    expect(url.t).toBe(1_500_000);
    expect(url.speed).toBe(0.5);
  });

  it('lets keys given by the page win field by field; given faults replace the scene\'s', () => {
    const url = readUrl(withScene(scene, '?seed=9&clockHz=4&t=2s&speed=2&fault=cut:link@5s'));
    expect(url.errors).toEqual([]);
    expect(url.spec).toMatchObject({ seed: 9, untilUs: 10_000_000 });
    expect(url.spec.params.clockHz).toBe(4);
    expect(url.spec.faults).toEqual([{ kind: 'cut', target: 'link', atUs: 5_000_000 }]);
    expect(url.t).toBe(2_000_000);
    expect(url.speed).toBe(2);
  });

  it('reads every scene of the tour without a message', () => {
    expect(SCENES.length).toBeGreaterThan(0);
    for (const s of SCENES) expect(readUrl(withScene(s, `?scene=${s.id}`)).errors, s.id).toEqual([]);
  });
});
