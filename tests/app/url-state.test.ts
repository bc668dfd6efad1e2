import { render, screen, within } from '@testing-library/svelte';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SPEEDS } from '../../src/app/playback';
import { readUrl, writeUrl } from '../../src/app/url-state';
import { formatFault, type Fault } from '../../src/scenarios/faults';
import { PARAMS, type NumberParam } from '../../src/scenarios/params';
import { defaultRun, MAX_SEED, MAX_UNTIL_US, resolveRun } from '../../src/scenarios/run-spec';
import { unprotected } from '../../src/scenarios/unprotected';
import Notes from '../../src/view/Notes.svelte';

const fieldsOf = (search: string) => readUrl(search).errors.map((e) => e.field);
const messageOf = (search: string, field: string) => readUrl(search).errors.find((e) => e.field === field)?.message ?? '';

describe('readUrl', () => {
  it('opens the default run at t = 0, 1x, with no errors, from an empty query', () => {
    const { spec, t, speed, errors } = readUrl('');
    expect(spec).toEqual(defaultRun());
    expect(t).toBe(0);
    expect(speed).toBe(1);
    expect(errors).toEqual([]);
  });

  it('reads scenario, preset, seed, parameters, faults, t and speed by their runner names', () => {
    const { spec, t, speed, errors } = readUrl(
      '?v=2&scenario=unprotected&preset=busy&seed=42&bandwidthMbps=2.5&writer=random&fault=cut:link@4s&fault=crash:A@2.5s&t=3.2s&speed=0.25',
    );
    expect(errors).toEqual([]);
    expect(spec.preset).toBe('busy');
    expect(spec.seed).toBe(42);
    expect(spec.params.bandwidthMbps).toBe(2.5);
    expect(spec.params.writer).toBe('random');
    expect(spec.params.packetsPerSec).toBe(40);
    expect(spec.faults).toEqual([
      { kind: 'crash', target: 'A', atUs: 2_500_000 },
      { kind: 'cut', target: 'link', atUs: 4_000_000 },
    ]);
    expect(t).toBe(3_200_000);
    expect(speed).toBe(0.25);
  });

  it('ignores the keys of the embed and presenter without complaint', () => {
    expect(readUrl('?scene=stage&autoplay=1&controls=0&theme=dark&height=400').errors).toEqual([]);
  });

  it('keeps the open panels in the order given (the first is the tab shown), and names an unknown one', () => {
    const { panels, errors } = readUrl('?panel=sweep,params&panel=nope&panel=sweep');
    expect(panels).toEqual(['sweep', 'params']);
    expect(errors).toEqual([{ field: 'panel', message: expect.stringContaining('panel "nope" is unknown; allowed: params, about') }]);
    const { spec } = readUrl('');
    expect(readUrl(writeUrl(spec, 0, 1, ['machines', 'params'])).panels).toEqual(['machines', 'params']);
    expect(writeUrl(spec, 0, 1, [])).not.toContain('panel=');
  });

  it('names each bad field with what is allowed, and falls back to its default', () => {
    const bad = '?v=99&scenario=nope&preset=nope&seed=-1&until=0s&bandwidthMbps=0&noSuch=1&fault=crash:C@1s&t=99s&speed=3';
    const { spec, t, speed, errors } = readUrl(bad);
    expect(errors.map((e) => e.field).sort()).toEqual(['bandwidthMbps', 'fault', 'noSuch', 'preset', 'scenario', 'seed', 'speed', 't', 'until', 'v'].sort());
    expect(spec).toEqual(defaultRun());
    expect(t).toBe(0);
    expect(speed).toBe(1);
    expect(messageOf(bad, 'v')).toMatch(/\bv\b.*must be from 1 to 2/);
    expect(messageOf(bad, 'scenario')).toMatch(/scenario "nope".*allowed: unprotected/);
    expect(messageOf(bad, 'preset')).toMatch(/preset "nope".*allowed: default, busy, fast-clock, quiet/);
    expect(messageOf(bad, 'seed')).toContain(`seed must be a whole number from 0 to ${MAX_SEED}`);
    expect(messageOf(bad, 'until')).toMatch(/^until must be a duration from 1us to 3600s/);
    expect(messageOf(bad, 'bandwidthMbps')).toContain('bandwidthMbps must be a number from 1 to 100000 (Mbit/s); got "0"');
    expect(messageOf(bad, 'noSuch')).toMatch(/"noSuch" is not a parameter of unprotected; allowed: memoryMiB, /);
    expect(messageOf(bad, 'fault')).toMatch(/fault "crash:C@1s".*allowed: crash:A@<when>/);
    expect(messageOf(bad, 't')).toContain('t must be a time from 0s to 20s');
    expect(messageOf(bad, 'speed')).toContain(`speed must be one of ${SPEEDS.join(', ')}; got "3"`);
  });

  it('keeps the good fields of a link when some are bad', () => {
    const { spec, t, errors } = readUrl('?seed=7&latencyUs=abc&clockHz=4&t=2s');
    expect(errors.map((e) => e.field)).toEqual(['latencyUs']);
    expect(errors[0].message).toContain('latencyUs must be a whole number from 0 to 1000000 (µs)');
    expect(spec.seed).toBe(7);
    expect(spec.params.clockHz).toBe(4);
    expect(spec.params.latencyUs).toBe(PARAMS.latencyUs.default);
    expect(t).toBe(2_000_000);
  });

  it('refuses values just outside each number parameter’s range', () => {
    for (const name of unprotected.params) {
      const def = PARAMS[name];
      if (def.kind !== 'number') continue;
      for (const v of [def.min - 1, def.max + 1]) {
        expect(fieldsOf(`?${name}=${v}`), `${name}=${v}`).toContain(name);
        expect(messageOf(`?${name}=${v}`, name)).toContain(`from ${def.min} to ${def.max}`);
      }
      // The hot set must also fit in memory beside the framebuffer, and a heartbeat must beat faster
      // than the timeout: give each the most room.
      const rooms: Record<string, string> = { hotSetPages: '&memoryPages=1048576&framebufferPages=0', heartbeatMs: '&failureTimeoutMs=60000', failureTimeoutMs: '&heartbeatMs=1' };
      const room = rooms[name] ?? '';
      expect(fieldsOf(`?${name}=${def.min}${room}`), `${name}=${def.min}`).toEqual([]);
      expect(fieldsOf(`?${name}=${def.max}${room}`), `${name}=${def.max}`).toEqual([]);
    }
  });

  it('refuses a heartbeat not shorter than the timeout at both fields, each naming the other; both take their defaults', () => {
    const { spec, errors } = readUrl('?scenario=kemari&heartbeatMs=300&failureTimeoutMs=300&clockHz=4');
    expect(errors).toEqual([
      { field: 'heartbeatMs', message: 'heartbeatMs must be less than failureTimeoutMs (300 ms); got 300' },
      { field: 'failureTimeoutMs', message: 'failureTimeoutMs must be greater than heartbeatMs (300 ms); got 300' },
    ]);
    expect([spec.params.heartbeatMs, spec.params.failureTimeoutMs, spec.params.clockHz]).toEqual([100, 300, 4]);
    expect(fieldsOf('?heartbeatMs=200&failureTimeoutMs=150')).toEqual(['heartbeatMs', 'failureTimeoutMs']);
    expect(fieldsOf('?heartbeatMs=50&failureTimeoutMs=200')).toEqual([]);
  });

  it('checks t against the run’s own end', () => {
    expect(readUrl('?until=40s&t=30s').t).toBe(30_000_000);
    expect(fieldsOf('?until=40s&t=30s')).toEqual([]);
    expect(messageOf('?until=5s&t=6s', 't')).toContain('from 0s to 5s');
  });
});

describe('writeUrl', () => {
  it('writes only what differs from the preset, plus the run’s identity and the playhead', () => {
    expect(writeUrl(defaultRun(), 0)).toBe('?v=2&scenario=unprotected&preset=default&seed=1&t=0s');
  });

  it('writes faults as repeated `fault` keys and a non-1x speed', () => {
    const { spec } = resolveRun({ faults: ['crash:A@2.5s', 'cut:link@1s'] });
    const q = new URLSearchParams(writeUrl(spec, 1_500, 0.001));
    expect(q.getAll('fault')).toEqual(['cut:link@1s', 'crash:A@2500ms']);
    expect(q.get('t')).toBe('1500us');
    expect(q.get('speed')).toBe('0.001');
  });

  it('writes a memory size that is not whole MiB in pages', () => {
    const { spec } = resolveRun({ params: [['memoryPages', '1000']] });
    const q = new URLSearchParams(writeUrl(spec, 0));
    expect(q.get('memoryPages')).toBe('1000');
    expect(q.has('memoryMiB')).toBe(false);
    expect(readUrl(q.toString()).spec.params).toEqual(spec.params);
  });
});

/** A raw parameter value within the parameter's range, as the URL would carry it. */
function paramText(name: string): fc.Arbitrary<string> {
  const def = PARAMS[name];
  if (def.kind === 'enum') return fc.constantFrom(...def.options);
  if (def.kind === 'bool') return fc.boolean().map(String);
  const n = def as NumberParam;
  const value = n.integer ? fc.integer({ min: n.min, max: n.max }) : fc.double({ min: n.min, max: n.max, noNaN: true, noDefaultInfinity: true });
  return value.map(String);
}

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constant('crash' as const), target: fc.constantFrom('A' as const, 'B' as const), atUs: fc.nat({ max: MAX_UNTIL_US }) }),
  fc.record({ kind: fc.constantFrom('cut' as const, 'heal' as const), target: fc.constant('link' as const), atUs: fc.nat({ max: MAX_UNTIL_US }) }),
);

const paramNames = [...unprotected.params, 'memoryPages'];

const runArb = fc.record({
  preset: fc.constantFrom(...Object.keys(unprotected.presets)),
  seed: fc.integer({ min: 0, max: MAX_SEED }),
  until: fc.option(fc.integer({ min: 1, max: MAX_UNTIL_US }), { nil: undefined }),
  params: fc.array(fc.constantFrom(...paramNames).chain((name) => paramText(name).map((text) => [name, text] as const)), { maxLength: 8 }),
  faults: fc.array(faultArb, { maxLength: 5 }),
  tShare: fc.double({ min: 0, max: 1, noNaN: true }),
  speed: fc.constantFrom(...SPEEDS),
});

describe('URL round trip', () => {
  it('preserves scenario, preset, seed, every parameter, faults, end, t and speed', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const { spec } = resolveRun({
          scenario: 'unprotected',
          preset: run.preset,
          seed: String(run.seed),
          until: run.until === undefined ? undefined : `${run.until}us`,
          params: run.params,
          faults: run.faults.map(formatFault),
        });
        const t = Math.round(run.tShare * spec.untilUs);
        const back = readUrl(writeUrl(spec, t, run.speed));
        expect(back.errors).toEqual([]);
        expect(back.spec).toEqual(spec);
        expect(back.t).toBe(t);
        expect(back.speed).toBe(run.speed);
      }),
      { numRuns: 300 },
    );
  });

  it('a spec resolved from any in-range values survives the trip, even a framebuffer larger than memory', () => {
    // memoryPages and framebufferPages are each within their catalogue ranges here.
    const { spec } = resolveRun({ params: [['memoryPages', '300'], ['framebufferPages', '4096']] });
    const back = readUrl(writeUrl(spec, 0));
    expect(spec.params.hotSetPages as number).toBeGreaterThanOrEqual(0);
    expect(spec.params.framebufferPages as number).toBeLessThanOrEqual(spec.params.memoryPages as number);
    expect(back.spec).toEqual(spec);
    expect(back.errors).toEqual([]);
  });
});

describe('text from the URL', () => {
  const raw = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => !/^\d+$/.test(s.trim()));

  it('is quoted verbatim in messages, never HTML-escaped', () => {
    fc.assert(
      fc.property(raw, (s) => {
        const message = messageOf(`?seed=${encodeURIComponent(s)}`, 'seed');
        expect(message).toContain(`got "${s}"`);
      }),
    );
    expect(messageOf('?seed=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', 'seed')).toContain('got "<img src=x onerror=alert(1)>"');
    expect(messageOf('?seed=%26lt%3B', 'seed')).toContain('got "&lt;"');
  });

  it('shows as the same text, creating no elements, when the app renders a message', () => {
    const message = messageOf('?seed=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%26amp%3B', 'seed');
    render(Notes, { notes: [message] });
    const item = within(screen.getByRole('list')).getByRole('listitem');
    expect(item.textContent).toBe(message);
    expect(item.children).toHaveLength(0);
  });

  it('is never rendered as markup anywhere in the app', () => {
    const root = resolve(import.meta.dirname, '../../src');
    const svelteFiles = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? svelteFiles(join(dir, d.name)) : d.name.endsWith('.svelte') ? [join(dir, d.name)] : []));
    const files = svelteFiles(root);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toContain('{@html');
  });
});

describe('readUrl: the playhead of a live run', () => {
  it('takes a `t` past the preset\'s length when the link names no `until` (the run extends to it)', () => {
    const live = readUrl('?scenario=kemari&t=30s');
    expect(live.errors).toEqual([]);
    expect(live.t).toBe(30_000_000);
    const fixed = readUrl('?scenario=kemari&until=20s&t=30s');
    expect(fixed.t).toBe(0);
    expect(fixed.errors).toEqual([{ field: 't', message: 't must be a time from 0s to 20s (such as 3.2s or 250ms); got "30s"' }]);
  });
});

describe('readUrl: speed is written in decimal', () => {
  it('refuses 0x1, 1e0 and padded forms that Number() reads as 1', () => {
    for (const text of ['0x1', '1e0', ' 1', '0b1']) {
      const { speed, errors } = readUrl(`?speed=${encodeURIComponent(text)}`);
      expect(speed).toBe(1);
      expect(errors.map((e) => e.field)).toEqual(['speed']);
    }
    expect(readUrl('?speed=0.25').speed).toBe(0.25);
    expect(readUrl('?speed=0.0001').speed).toBe(0.0001);
  });
});
