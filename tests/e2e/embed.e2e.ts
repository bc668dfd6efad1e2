/**
 * Journey: the embeddable widget (issue 7). The iframe page inside a blog-like test page and the
 * `<kemari-lab>` element, both served from a sub-path under the strict Content-Security-Policy
 * blog hosts use: each loads, plays, answers its API, requests nothing outside its origin and logs
 * no error or CSP violation; the iframe starts only on screen and requests no animation frames off
 * screen or paused; the element answers keys only while it has the focus, carries out methods called
 * before it has started, and shows its fallback children when it cannot start; the single-file lab plays
 * from file://; axe finds no serious or critical violation in the lab or the embed. In a 640 px-wide
 * article: every stage text is at least 11 px and none overlaps another, a scene embed steps by
 * keyboard, the minimal widget says the client's fate after a crash, and each iframe of the README
 * holds exactly the widget (its height does not change as it plays, crashes or steps).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanPage, seriousOrWorse } from '../support/axe';
import { buildSingle, DIST, ROOT } from '../support/build';
import { launchChromium } from '../support/chromium';
import { serveStatic, type StaticServer } from '../support/static-server';
import { labelSeconds } from './helpers';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:";
const SUB = '/blog/posts/';

const page = (body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A blog post</title><link rel="icon" href="data:,"></head><body><main><h1>A blog post</h1><p>Some words before the widget.</p>${body}</main></body></html>`;

const IFRAME = 'embed.html?scenario=kemari&autoplay=1&controls=minimal';
const FILES: Record<string, string> = {
  'post.html': page(`<iframe id="lab" title="Kemari Lab" src="./${IFRAME}" width="760" height="520" style="border:0"></iframe>`),
  'below.html': page(`<div style="height:3000px">Scroll down.</div><iframe id="lab" title="Kemari Lab" src="./${IFRAME}" width="760" height="520" style="border:0"></iframe><div style="height:3000px"></div>`),
  'element.html': page(
    `<style>button { background: rgb(255, 0, 0) !important; font-size: 40px; }</style><button type="button" id="outside">A button of the blog</button>` +
      `<script src="./kemari-lab.js"></script><kemari-lab id="lab" scenario="kemari" controls="minimal" autoplay theme="dark" speed="10"><a href="./index.html">Open Kemari Lab</a></kemari-lab>`,
  ),
  'element-full.html': page(`<script src="./kemari-lab.js" defer></script><kemari-lab scene="kemari-takeover" controls="full" theme="light"></kemari-lab>`),
};

/** An article column 640 px wide holding the widget in an iframe of the given height. */
const article = (query: string, height = 900) =>
  page(`<div style="width:640px"><iframe id="lab" title="Kemari Lab" src="./embed.html?${query}" width="640" height="${height}" style="border:0;display:block"></iframe></div>`);

/** The README's iframe snippets: each one's query and its width and height. */
const README_FRAMES = [...readFileSync(resolve(ROOT, 'README.md'), 'utf8').matchAll(/<iframe src="\/kemari-lab\/embed\.html\?([^"]+)"[^>]*?width="(\d+)" height="(\d+)"/g)].map((m) => ({
  query: m[1].replaceAll('&amp;', '&'),
  width: Number(m[2]),
  height: Number(m[3]),
}));

/** Stage states whose text a 640 px article must show legibly (standby copies, a crash, split brain, a migration, a scene). */
const NARROW_STATES = [
  'scenario=kemari',
  'scenario=kemari&fault=crash:A@3.5s&t=5s',
  'scenario=remus&t=2s',
  'scenario=remus&fault=cut:link@2s&t=4s',
  'scenario=migration&t=3s',
  'scenario=unprotected&fault=crash:A@1s&t=2s',
  'scene=kemari-takeover',
];

Object.assign(FILES, {
  'narrow.html': article('scenario=kemari'),
  ...Object.fromEntries(README_FRAMES.map((f, i) => [`readme-${i}.html`, page(`<iframe id="lab" title="Kemari Lab" src="./embed.html?${f.query}" width="${f.width}" height="${f.height}" style="border:0;display:block"></iframe>`)])),
  'scene-640.html': article('scene=kemari-takeover'),
  'crash-640.html': article('scenario=kemari&controls=minimal&t=3.5s'),
  'element-640.html': page(`<script src="./kemari-lab.js"></script><div style="width:640px"><kemari-lab scenario="remus" t="2s"></kemari-lab></div>`),
});

let browser: Browser;
let server: StaticServer;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), serveStatic(DIST, SUB, { headers: { 'content-security-policy': CSP }, files: FILES })]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

interface Watch {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly requests: string[];
  readonly errors: string[];
  /** Fails on any console error, page error, CSP violation or request outside the site's origin. */
  finish(): Promise<void>;
}

/** Every frame: messages from the embed (top page), CSP violations, and calls to requestAnimationFrame. */
function recorders(): void {
  const w = window as unknown as { __msgs: unknown[]; __csp: string[]; __rafCalls: number; __rawRaf: typeof requestAnimationFrame };
  w.__msgs = [];
  w.__csp = [];
  w.__rafCalls = 0;
  const raw = window.requestAnimationFrame.bind(window);
  w.__rawRaf = raw;
  window.requestAnimationFrame = (cb) => {
    w.__rafCalls++;
    return raw(cb);
  };
  window.addEventListener('message', (e) => w.__msgs.push(e.data));
  document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
}

async function open(url: string, media: { reducedMotion?: 'reduce'; colorScheme?: 'light' | 'dark' } = {}, init?: () => void): Promise<Watch> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, ...media });
  context.setDefaultTimeout(10_000);
  await context.addInitScript(recorders);
  if (init) await context.addInitScript(init);
  const p = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  p.on('request', (r) => requests.push(r.url()));
  p.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`console ${m.type()}: ${m.text()}`);
  });
  p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await p.goto(url);
  return {
    context,
    page: p,
    requests,
    errors,
    finish: async () => {
      try {
        for (const f of p.frames()) errors.push(...(await f.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).map((v) => `CSP: ${v}`));
        expect(errors, 'console errors, page errors and CSP violations').toEqual([]);
        const origin = new URL(server.url).origin;
        expect(requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:')), 'requests outside the origin').toEqual([]);
      } finally {
        await context.close();
      }
    },
  };
}

type Msg = { type: string; [key: string]: unknown };

const messages = (p: Page): Promise<Msg[]> => p.evaluate(() => (window as unknown as { __msgs: Msg[] }).__msgs.filter((m) => typeof m?.type === 'string' && m.type.startsWith('kemari-lab:')));

/** Waits for a message from the embed that `match` accepts, after the first `skip` messages. */
async function waitForMessage(p: Page, match: (m: Msg) => boolean, skip = 0): Promise<Msg> {
  let found: Msg | undefined;
  await expect
    .poll(async () => {
      found = (await messages(p)).slice(skip).find(match);
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

const post = (p: Page, msg: unknown) => p.evaluate((m) => (document.getElementById('lab') as HTMLIFrameElement).contentWindow!.postMessage(m, '*'), msg);

const embedFrame = (p: Page): Frame => {
  const f = p.frames().find((fr) => fr.url().includes('/embed.html'));
  if (!f) throw new Error('no embed frame');
  return f;
};

const clock = (f: Frame | Page) => f.getByRole('img', { name: /^xclock shows / });
const clockSeconds = async (f: Frame | Page) => labelSeconds((await clock(f).getAttribute('aria-label')) ?? '');
const frameHooks = (f: Frame) =>
  f.evaluate(() => {
    const w = window as unknown as { __kemariLab: { t(): number; playing(): boolean; framesDrawn(): number }; __rafCalls: number };
    return { t: w.__kemariLab.t(), playing: w.__kemariLab.playing(), rafCalls: w.__rafCalls };
  });

/** Lets `n` frames go by in `f` without counting them as the widget's requests. */
const letFramesPass = (f: Frame | Page, n: number) =>
  f.evaluate(
    (count) =>
      new Promise<void>((done) => {
        const raw = (window as unknown as { __rawRaf: typeof requestAnimationFrame }).__rawRaf;
        let left = count;
        const next = () => (--left <= 0 ? done() : raw(next));
        raw(next);
      }),
    n,
  );

describe('the embed in an iframe, under a strict CSP, from a sub-path', () => {
  it('loads, autoplays, resizes, answers play/pause/seek/crash, ignores bad messages, and stays in its origin', async () => {
    const w = await open(`${server.url}post.html`);
    const { page: p } = w;
    const ready = await waitForMessage(p, (m) => m.type === 'kemari-lab:ready');
    expect(ready).toMatchObject({ scenario: 'kemari', t: 0 });
    const f = embedFrame(p);
    expect(new URL(f.url()).pathname).toBe(`${SUB}embed.html`);

    // It plays by itself (autoplay, on screen): the client's xclock advances, the session is connected.
    await expect.poll(() => clockSeconds(f), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await expect(f.getByText(/^Session: /).textContent()).resolves.toMatch(/Session:\s+connected/);
    expect(await f.getByRole('button', { name: 'Power off host A' }).isEnabled()).toBe(true);
    const resize = await waitForMessage(p, (m) => m.type === 'kemari-lab:resize');
    expect(resize.height).toBeGreaterThan(150);

    // pause -> a state event with playing=false, and no more animation frames.
    let seen = (await messages(p)).length;
    await post(p, { type: 'kemari-lab:pause' });
    const paused = await waitForMessage(p, (m) => m.type === 'kemari-lab:state' && m.playing === false, seen);
    expect(typeof paused.t).toBe('number');
    expect((await frameHooks(f)).playing).toBe(false);
    const rafBefore = (await frameHooks(f)).rafCalls;
    await letFramesPass(f, 20);
    expect((await frameHooks(f)).rafCalls).toBe(rafBefore);
    await expect(f.getByRole('button', { name: 'Play', exact: true }).isVisible()).resolves.toBe(true);

    // seek by duration text and by µs.
    seen = (await messages(p)).length;
    await post(p, { type: 'kemari-lab:seek', t: '3s' });
    expect(await waitForMessage(p, (m) => m.type === 'kemari-lab:state' && m.t === 3_000_000, seen)).toMatchObject({ playing: false });
    await post(p, { type: 'kemari-lab:seek', t: 3_500_000 });
    await expect.poll(async () => (await frameHooks(f)).t).toBe(3_500_000);
    await expect.poll(() => clockSeconds(f)).toBe(3);

    // Malformed or unknown messages are ignored (nothing is evaluated, nothing changes).
    const before = (await messages(p)).length;
    await post(p, { type: 'kemari-lab:seek', t: 'soon' });
    await post(p, { type: 'kemari-lab:seek', t: -5 });
    await post(p, { type: 'kemari-lab:crash', host: 'C' });
    await post(p, { type: 'kemari-lab:eval', code: 'document.body.remove()' });
    await post(p, 'kemari-lab:play');
    await post(p, { type: 'kemari-lab:seek', t: '3.4s' }); // a valid one last: its answer shows the others were handled first
    await waitForMessage(p, (m) => m.type === 'kemari-lab:state', before);
    expect((await messages(p)).slice(before)).toEqual([{ type: 'kemari-lab:state', t: 3_400_000, playing: false, v: 1 }]);
    expect(await frameHooks(f)).toMatchObject({ t: 3_400_000, playing: false });
    expect(await f.getByRole('button', { name: 'Power off host A' }).isEnabled()).toBe(true);

    // crash -> a crashed event; Kemari's backup takes over and the clock ticks on.
    seen = (await messages(p)).length;
    await post(p, { type: 'kemari-lab:crash', host: 'A' });
    expect(await waitForMessage(p, (m) => m.type === 'kemari-lab:crashed', seen)).toMatchObject({ host: 'A', t: 3_400_000 });
    await expect.poll(() => f.getByRole('button', { name: 'Power off host A' }).isDisabled()).toBe(true);
    seen = (await messages(p)).length;
    await post(p, { type: 'kemari-lab:play' });
    await waitForMessage(p, (m) => m.type === 'kemari-lab:state' && m.playing === true, seen);
    await expect.poll(() => clockSeconds(f), { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    await expect(f.getByText(/^Session: /).textContent()).resolves.toMatch(/connected/);

    // Only the embedding page may drive it: a message from the frame itself is ignored.
    await f.evaluate(() => window.postMessage({ type: 'kemari-lab:pause' }, '*'));
    await letFramesPass(f, 5);
    expect((await frameHooks(f)).playing).toBe(true);
    await post(p, { type: 'kemari-lab:pause' });
    await expect.poll(async () => (await frameHooks(f)).playing).toBe(false);

    expect(w.requests.some((u) => u.includes('/assets/'))).toBe(true);
    await w.finish();
  });

  it('tells the page when the client session changes', async () => {
    const w = await open(`${server.url}post.html`);
    const { page: p } = w;
    await waitForMessage(p, (m) => m.type === 'kemari-lab:ready');
    await p.evaluate(() => {
      (document.getElementById('lab') as HTMLIFrameElement).src = './embed.html?scenario=unprotected&fault=crash:A@1s&speed=10&autoplay';
    });
    const crashed = await waitForMessage(p, (m) => m.type === 'kemari-lab:crashed');
    expect(crashed).toMatchObject({ host: 'A' });
    // Connected, then stalled: the frame due at 1 s never comes (no copy of the VM runs anywhere), and
    // with no viewer watchdog (the default) nothing calls the session lost.
    const stalled = await waitForMessage(p, (m) => m.type === 'kemari-lab:session');
    expect(stalled).toMatchObject({ state: 'stalled' });
    expect(stalled.t).toBeGreaterThanOrEqual(1_100_000);
    expect((await messages(p)).filter((m) => m.type === 'kemari-lab:session').map((m) => m.state)).toEqual(['stalled']);
    await w.finish();
  });

  it('waits off screen: no animation frames until scrolled into view, and none again once scrolled away', async () => {
    const w = await open(`${server.url}below.html`);
    const { page: p } = w;
    await waitForMessage(p, (m) => m.type === 'kemari-lab:ready');
    const f = embedFrame(p);
    await letFramesPass(p, 30);
    expect(await frameHooks(f)).toMatchObject({ playing: false, t: 0, rafCalls: 0 });

    await p.locator('#lab').scrollIntoViewIfNeeded();
    await expect.poll(async () => (await frameHooks(f)).playing).toBe(true);
    await expect.poll(async () => (await frameHooks(f)).t).toBeGreaterThan(0);

    await p.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(async () => (await frameHooks(f)).playing).toBe(false);
    const still = await frameHooks(f);
    await letFramesPass(p, 30);
    expect(await frameHooks(f)).toEqual(still);

    // Back on screen, it resumes where it was.
    await p.locator('#lab').scrollIntoViewIfNeeded();
    await expect.poll(async () => (await frameHooks(f)).t).toBeGreaterThan(still.t);
    await w.finish();
  });

  it('opens a tour scene by id, with the page\'s own keys laid over it; an unknown scene is named', async () => {
    const w = await open(`${server.url}embed.html?scene=kemari-takeover&seed=5`);
    await clock(w.page).waitFor();
    await expect.poll(() => w.page.getByText('The Kemari takeover · seed 5').count()).toBe(1);
    expect(await w.page.getByRole('button', { name: 'Power off host A' }).isVisible()).toBe(true);
    expect(await w.page.getByRole('status').count()).toBe(0);
    await w.finish();

    const bad = await open(`${server.url}embed.html?scene=no-such-scene`);
    await expect.poll(() => bad.page.getByRole('status').textContent()).toMatch(/scene "no-such-scene" is not a scene of the tour; allowed: .*kemari-takeover/);
    await bad.finish();
  });

  it('does not start by itself under prefers-reduced-motion, and offers Play even without controls', async () => {
    const w = await open(`${server.url}embed.html?scenario=kemari&autoplay=1&controls=none`, { reducedMotion: 'reduce' });
    const { page: p } = w;
    await clock(p).waitFor();
    await letFramesPass(p, 20);
    expect(await p.evaluate(() => (window as unknown as { __kemariLab: { playing(): boolean } }).__kemariLab.playing())).toBe(false);
    expect(await p.getByRole('button').allTextContents()).toEqual(['Play']);
    await p.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => p.evaluate(() => (window as unknown as { __kemariLab: { t(): number } }).__kemariLab.t())).toBeGreaterThan(0);
    await w.finish();
  });

  it('follows the theme option, and the reader\'s colour scheme with theme=auto', async () => {
    const background = async (query: string, colorScheme: 'light' | 'dark') => {
      const w = await open(`${server.url}embed.html?scenario=kemari&${query}`, { colorScheme });
      const bg = await w.page.getByRole('group', { name: /^Kemari Lab: / }).evaluate((el) => getComputedStyle(el).backgroundColor);
      await w.finish();
      return bg;
    };
    const dark = 'rgb(18, 19, 22)';
    const light = 'rgb(251, 250, 247)';
    expect(await background('theme=auto', 'dark')).toBe(dark);
    expect(await background('theme=auto', 'light')).toBe(light);
    expect(await background('theme=light', 'dark')).toBe(light);
    expect(await background('theme=dark', 'light')).toBe(dark);
  });

  it('takes a fixed height, keeping the clock and controls inside it', async () => {
    const w = await open(`${server.url}embed.html?scenario=kemari&height=300`);
    const box = await w.page.getByRole('group', { name: /^Kemari Lab: / }).boundingBox();
    expect(box?.height).toBe(300);
    for (const el of [clock(w.page), w.page.getByRole('button', { name: 'Reset' })]) {
      const b = await el.boundingBox();
      expect(b!.y + b!.height).toBeLessThanOrEqual(box!.y + 300);
    }
    await w.finish();
  });

  it('shows bad options as text and falls back to their defaults', async () => {
    const w = await open(`${server.url}embed.html?scenario=kemari&controls=<b>all</b>&theme=pink&height=3&autoplay=maybe`);
    const { page: p } = w;
    const status = p.getByRole('status');
    await expect.poll(() => status.textContent()).toContain('controls must be one of none, minimal, full; got "<b>all</b>"');
    const text = (await status.textContent()) ?? '';
    expect(text).toContain('theme must be one of light, dark, auto; got "pink"');
    expect(text).toContain('height must be a whole number of CSS pixels from 160 to 4000');
    expect(text).toContain('autoplay must be present');
    expect(await p.locator('b').count()).toBe(0);
    // Defaults: minimal controls, not playing.
    expect(await p.getByRole('button', { name: 'Play', exact: true }).isVisible()).toBe(true);
    expect(await p.getByRole('button', { name: 'Reset', exact: true }).isVisible()).toBe(true);
    await w.finish();
  });
});

describe('the <kemari-lab> element, under the same CSP', () => {
  it('is one script with no other request, plays in its shadow root, keeps its styles, and takes keys only with focus', async () => {
    const w = await open(`${server.url}element.html`);
    const { page: p } = w;
    const lab = p.locator('kemari-lab');
    await clock(p).waitFor();
    const origin = new URL(server.url).origin;
    expect(w.requests.filter((u) => u.startsWith(origin)).map((u) => new URL(u).pathname)).toEqual([`${SUB}element.html`, `${SUB}kemari-lab.js`]);
    expect(await p.evaluate(() => document.querySelector('kemari-lab')!.shadowRoot !== null)).toBe(true);
    // The fallback link in the light DOM is not shown once the element runs.
    expect(await p.getByRole('link', { name: 'Open Kemari Lab', exact: true }).isVisible()).toBe(false);

    // Autoplay at 10x: the clock advances.
    await expect.poll(() => clockSeconds(p), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);

    // The blog's button rule does not reach the widget's buttons.
    const bg = await p.getByRole('button', { name: 'Reset' }).evaluate((b) => getComputedStyle(b).backgroundColor);
    expect(bg).not.toBe('rgb(255, 0, 0)');

    // Space on the host page does nothing to the widget; with the widget focused it pauses.
    const stats = () => lab.evaluate((el) => (el as unknown as { stats: { playing: boolean; t: number } }).stats);
    await p.locator('#outside').focus();
    await p.keyboard.press('Space');
    await p.locator('main h1').click();
    await p.keyboard.press('Space');
    expect((await stats()).playing).toBe(true);
    await p.getByRole('group', { name: /^Kemari Lab: / }).focus();
    await p.keyboard.press('Space');
    await expect.poll(async () => (await stats()).playing).toBe(false);

    // Methods and events.
    await lab.evaluate((el) => {
      const got: unknown[] = [];
      (window as unknown as { __events: unknown[] }).__events = got;
      for (const type of ['kemari-lab:crashed', 'kemari-lab:state']) el.addEventListener(type, (e) => got.push((e as CustomEvent).detail));
    });
    await lab.evaluate((el) => (el as unknown as { seek(t: string): void }).seek('2.5s'));
    await expect.poll(async () => (await stats()).t).toBe(2_500_000);
    await lab.evaluate((el) => (el as unknown as { crash(h: string): void }).crash('A'));
    await expect
      .poll(() => p.evaluate(() => (window as unknown as { __events: { type: string }[] }).__events.filter((e) => e.type === 'kemari-lab:crashed')))
      .toEqual([{ type: 'kemari-lab:crashed', host: 'A', t: 2_500_000 }]);
    await expect.poll(() => p.getByRole('button', { name: 'Power off host A' }).isDisabled()).toBe(true);

    // An attribute change rebuilds the widget.
    await lab.evaluate((el) => el.setAttribute('controls', 'none'));
    await expect.poll(() => p.getByRole('button', { name: 'Reset' }).count()).toBe(0);
    await clock(p).waitFor();
    await w.finish();
  });

  it('carries out methods called before it has started, in order, and rebuilds on the faults attribute', async () => {
    const w = await open(`${server.url}element.html`);
    const { page: p } = w;
    await p.locator('#lab').evaluate((el) => (el as unknown as { ready: Promise<void> }).ready);
    // A second element, driven in the same task that adds it (its setup is still to come).
    const stats = await p.evaluate(async () => {
      type Lab = HTMLElement & { ready: Promise<void>; seek(t: string): void; pause(): void; stats: { t: number; playing: boolean } };
      const el = document.createElement('kemari-lab') as Lab;
      el.id = 'second';
      el.setAttribute('scenario', 'unprotected');
      el.setAttribute('controls', 'minimal');
      document.querySelector('main')!.append(el);
      el.seek('1s');
      el.pause();
      el.seek('2s');
      const before = el.stats;
      await el.ready;
      return { before, after: el.stats };
    });
    expect(stats).toEqual({ before: null, after: expect.objectContaining({ t: 2_000_000, playing: false }) });
    const second = p.locator('#second');
    await expect.poll(() => second.getByRole('button', { name: 'Crash host A' }).isEnabled()).toBe(true);

    // `faults` (the alias of `fault`) rebuilds it: host A is down at 2s with crash:A@1s.
    await second.evaluate(async (el) => {
      const lab = el as HTMLElement & { ready: Promise<void>; seek(t: string): void };
      el.setAttribute('faults', 'crash:A@1s');
      lab.seek('2s');
      await lab.ready;
    });
    await expect.poll(() => second.getByRole('button', { name: 'Crash host A' }).isDisabled()).toBe(true);
    await w.finish();
  });

  it('shows its fallback children when it cannot start', async () => {
    // The widget's setup fails (matchMedia throws when the widget is made); the script itself loads.
    const w = await open(`${server.url}element.html`, {}, () => {
      window.matchMedia = () => {
        throw new Error('test: no matchMedia');
      };
    });
    const { page: p } = w;
    const failure = await p.locator('#lab').evaluate((el) =>
      (el as unknown as { ready: Promise<void> }).ready.then(
        () => 'started',
        (err: unknown) => String(err),
      ),
    );
    expect(failure).toContain('test: no matchMedia');
    expect(await p.evaluate(() => document.querySelector('kemari-lab')!.shadowRoot !== null)).toBe(true);
    expect(await p.getByRole('link', { name: 'Open Kemari Lab', exact: true }).isVisible()).toBe(true);
    expect(await clock(p).count()).toBe(0);
    // The one expected error: the element says why it could not start.
    expect(w.errors).toEqual([expect.stringMatching(/^console error: kemari-lab could not start/)]);
    w.errors.length = 0;
    await w.finish();
  });
});

describe('the <kemari-lab> element with a scene and full controls', () => {
  it('has the scene and the lab\'s controls and timeline inside its one script', async () => {
    const w = await open(`${server.url}element-full.html`);
    const { page: p } = w;
    await p.getByRole('slider', { name: 'Playhead' }).waitFor();
    expect(await p.getByRole('button', { name: 'Crash host B' }).isVisible()).toBe(true);
    expect(await p.getByText('The Kemari takeover · seed 1').count()).toBe(1);
    const origin = new URL(server.url).origin;
    expect(w.requests.filter((u) => u.startsWith(origin)).map((u) => new URL(u).pathname)).toEqual([`${SUB}element-full.html`, `${SUB}kemari-lab.js`]);
    // The lab link points beside the script.
    expect(await p.getByRole('link', { name: /Open in Kemari Lab/ }).getAttribute('href')).toMatch(new RegExp(`^${origin}${SUB}index\\.html\\?v=2&scenario=kemari&`));
    await w.finish();
  });
});

/**
 * Every visible text of the stage (in the document, or in the shadow root of the element `host`):
 * how large it is drawn (font size × the SVG's scale, and its box's height, in CSS px), the texts
 * under 11 px, the pairs whose boxes intersect, and those that reach outside the stage.
 */
function stageTexts(host: string | null) {
  const root: ParentNode = host ? document.querySelector(host)!.shadowRoot! : document;
  const svg = root.querySelector('svg.stage')!;
  const stage = svg.getBoundingClientRect();
  const scale = stage.width / 1000;
  const boxes = [...svg.querySelectorAll('text')]
    .filter((t) => getComputedStyle(t).display !== 'none' && (t.textContent ?? '').trim() !== '')
    .map((t) => ({ text: (t.textContent ?? '').trim(), px: parseFloat(getComputedStyle(t).fontSize) * scale, box: t.getBoundingClientRect() }));
  const hit = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const overlapping: string[] = [];
  boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => hit(a.box, b.box) && overlapping.push(`${a.text} / ${b.text}`)));
  return {
    stageWidth: stage.width,
    count: boxes.length,
    small: boxes.filter((b) => b.px < 11 || b.box.height < 11).map((b) => `${b.text}: ${b.px.toFixed(2)} px`),
    overlapping,
    outside: boxes.filter((b) => b.box.left < stage.left - 0.5 || b.box.right > stage.right + 0.5).map((b) => b.text),
  };
}

/** The widget's height in its frame, rounded up to whole CSS px (what it asks its iframe to be). */
const widgetHeight = (f: Frame) => f.evaluate(() => Math.ceil(document.getElementById('kemari-embed')!.getBoundingClientRect().height));

describe('in a 640 px-wide article', () => {
  it('draws every stage text at 11 px or more, none over another, all inside the stage', async () => {
    const w = await open(`${server.url}narrow.html`);
    for (const query of NARROW_STATES) {
      const seen = (await messages(w.page)).length;
      await w.page.evaluate((src) => ((document.getElementById('lab') as HTMLIFrameElement).src = src), `./embed.html?${query}`);
      await waitForMessage(w.page, (m) => m.type === 'kemari-lab:ready', seen);
      const f = embedFrame(w.page);
      await clock(f).waitFor();
      const texts = await f.evaluate(stageTexts, null);
      expect(texts.stageWidth, query).toBeGreaterThan(600);
      expect(texts.count, query).toBeGreaterThanOrEqual(10);
      expect(texts.small, query).toEqual([]);
      expect(texts.overlapping, query).toEqual([]);
      expect(texts.outside, query).toEqual([]);
    }
    await w.finish();
    // The element styles its shadow root the same way.
    const el = await open(`${server.url}element-640.html`);
    await clock(el.page).waitFor();
    const texts = await el.page.evaluate(stageTexts, 'kemari-lab');
    expect(texts.stageWidth).toBeGreaterThan(600);
    expect(texts.small).toEqual([]);
    expect(texts.overlapping).toEqual([]);
    await el.finish();
  });

  it('steps a scene forward and back by keyboard, with visible focus, and does the gate for the reader', async () => {
    const w = await open(`${server.url}scene-640.html`);
    const { page: p } = w;
    await waitForMessage(p, (m) => m.type === 'kemari-lab:ready');
    const f = embedFrame(p);
    const where = () => f.getByText(/^Scene 8 · step \d of 5$/).textContent();
    expect(await where()).toBe('Scene 8 · step 1 of 5');
    const height = await widgetHeight(f);

    // With the widget focused: → and ← (Page Down and Page Up too) step the scene.
    await f.getByRole('group', { name: /^Kemari Lab: / }).focus();
    await p.keyboard.press('ArrowRight');
    await expect.poll(where).toBe('Scene 8 · step 2 of 5');
    await p.keyboard.press('ArrowLeft');
    await expect.poll(where).toBe('Scene 8 · step 1 of 5');

    // Tab reaches Next (Back is off at the first step); Enter presses it; the focus ring shows.
    await p.keyboard.press('Tab');
    const focused = () => f.evaluate(() => ({ text: document.activeElement?.textContent?.trim(), outline: getComputedStyle(document.activeElement!).outlineStyle, width: getComputedStyle(document.activeElement!).outlineWidth }));
    expect(await focused()).toEqual({ text: 'Next →', outline: 'solid', width: '4px' });
    await p.keyboard.press('Enter');
    await expect.poll(where).toBe('Scene 8 · step 2 of 5');
    await p.keyboard.press('Shift+Tab');
    expect(await focused()).toMatchObject({ text: '← Back', outline: 'solid' });
    await p.keyboard.press('Enter');
    await expect.poll(where).toBe('Scene 8 · step 1 of 5');

    // On to the gate: its prompt, and a button that powers host A off (as the prompt says) and moves on.
    await f.getByRole('button', { name: 'Next' }).focus();
    await p.keyboard.press('Enter');
    await p.keyboard.press('Enter');
    await expect.poll(where).toBe('Scene 8 · step 3 of 5');
    // (Unseen copies of every step's words hold the widget's height; the step shown is the last child.)
    expect(await f.locator('.embed-captions > .embed-step').getByText('Your turn: power off host A (press K, or the button)', { exact: true }).isVisible()).toBe(true);
    await p.keyboard.press('Tab');
    expect(await focused()).toMatchObject({ text: 'Power off host A for me', outline: 'solid' });
    await p.keyboard.press('Enter');
    await expect.poll(where).toBe('Scene 8 · step 4 of 5');
    expect(await f.getByRole('button', { name: 'Power off host A', exact: true }).isDisabled()).toBe(true);
    expect(await widgetHeight(f)).toBe(height);
    await w.finish();
  });

  it('says the client\'s fate in one line under the minimal controls after a crash, without growing', async () => {
    const w = await open(`${server.url}crash-640.html`);
    const { page: p } = w;
    await waitForMessage(p, (m) => m.type === 'kemari-lab:ready');
    const f = embedFrame(p);
    const outcome = f.locator('.embed-outcome');
    expect(await outcome.textContent()).toBe('');
    const height = await widgetHeight(f);
    await f.getByRole('button', { name: 'Power off host A' }).click();
    await expect.poll(() => outcome.textContent()).toBe('No copy of the VM runs yet: host B has not taken over.');
    await f.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => outcome.textContent(), { timeout: 15_000 }).toMatch(/^Host B took over in 200 ms; frames came at most [\d.]+ ms late\.$/);
    expect(await outcome.evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(30);
    expect(await widgetHeight(f)).toBe(height);
    await w.finish();
  });

  it('fills each iframe of the README exactly, and keeps that height as it plays and steps', async () => {
    expect(README_FRAMES.map((f) => f.query)).toEqual(['scenario=kemari&controls=minimal&autoplay=1', 'scene=kemari-takeover']);
    for (const [i, frame] of README_FRAMES.entries()) {
      const w = await open(`${server.url}readme-${i}.html`);
      const { page: p } = w;
      await waitForMessage(p, (m) => m.type === 'kemari-lab:ready');
      const f = embedFrame(p);
      await clock(f).waitFor();
      expect(await widgetHeight(f), frame.query).toBe(frame.height);
      expect((await waitForMessage(p, (m) => m.type === 'kemari-lab:resize')).height, frame.query).toBe(frame.height);
      if (frame.query.includes('scene=')) {
        for (let step = 2; step <= 5; step++) {
          await f.getByRole('button', { name: 'Next' }).click();
          await f.getByText(`Scene 8 · step ${step} of 5`).waitFor();
          expect(await widgetHeight(f), `${frame.query}, step ${step}`).toBe(frame.height);
        }
      } else {
        await expect.poll(() => clockSeconds(f), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
        await f.getByRole('button', { name: 'Power off host A' }).click();
        await expect.poll(() => f.locator('.embed-outcome').textContent()).not.toBe('');
        expect(await widgetHeight(f), `${frame.query}, after the crash`).toBe(frame.height);
      }
      await w.finish();
    }
  });
});

describe('offline', () => {
  let single: string;
  beforeAll(async () => {
    single = await buildSingle(`${DIST}-single`);
  });

  it('the single-file build plays from file://', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const p = await context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(single).href;
    await p.goto(url);
    await clock(p).waitFor();
    await p.getByRole('combobox', { name: 'Speed', exact: true }).selectOption('10');
    await p.getByRole('button', { name: 'Play', exact: true }).click();
    await expect.poll(() => clockSeconds(p), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    // Views the site loads on demand are inside the one file too: the compare view and Remus's panels.
    await p.goto(`${url}?compare=1`);
    await expect.poll(() => clock(p).count()).toBe(4);
    await p.goto(`${url}?scenario=remus&t=2s&panel=status`);
    await p.getByRole('region', { name: 'Replication' }).waitFor();
    expect(requests.filter((u) => !u.startsWith(url) && !u.startsWith('data:'))).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('accessibility (axe-core)', () => {
  it('the lab and the embed have no serious or critical violation', async () => {
    for (const path of ['index.html', 'index.html?scenario=kemari&fault=crash:A@1s&t=3s', 'embed.html?scenario=kemari&controls=minimal', 'embed.html?scenario=remus&controls=full&theme=dark', 'element.html', 'element-full.html']) {
      const w = await open(`${server.url}${path}`);
      await clock(w.page).waitFor();
      if (path.includes('full')) await w.page.getByRole('slider', { name: 'Playhead' }).waitFor();
      const bad = seriousOrWorse(await scanPage(w.page));
      expect(bad, `${path}: ${JSON.stringify(bad, null, 2)}`).toEqual([]);
      await w.finish();
    }
  });
});

describe('the embed paints its poster before its script runs', () => {
  /** Opens `query` with the page's module scripts held back until `release` is called. */
  async function openHeld(query: string) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    await context.addInitScript(recorders);
    const p = await context.newPage();
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    p.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    let release = () => {};
    const held = new Promise<void>((ok) => (release = ok));
    await p.route(/\/assets\/.*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    // Held module scripts hold DOMContentLoaded back too: wait for the body to be parsed (the noscript after the widget).
    await p.goto(`${server.url}embed.html${query}`, { waitUntil: 'commit' });
    await p.locator('noscript').waitFor({ state: 'attached' });
    return { context, page: p, errors, release };
  }

  it("a scenario's default embed shows its stage and xclock at once, then the live widget takes its place", async () => {
    const { context, page: p, errors, release } = await openHeld('?scenario=kemari');
    // No script of the widget has run: what is on screen is the build-time poster.
    expect(await p.evaluate(() => '__kemariLab' in window)).toBe(false);
    await p.getByRole('img', { name: /^Stage\. Host A up, primary\. Host B up, standby/ }).waitFor();
    expect(await p.getByRole('group', { name: 'Kemari Lab: Kemari' }).count()).toBe(1);
    expect(await p.getByRole('img', { name: /^xclock shows / }).count()).toBe(1);
    const before = await p.getByRole('img', { name: /^Stage\./ }).boundingBox();
    release();
    await p.waitForFunction(() => '__kemariLab' in window);
    // One widget, the live one, where the poster was.
    expect(await p.getByRole('group', { name: 'Kemari Lab: Kemari' }).count()).toBe(1);
    expect(await p.getByRole('img', { name: /^Stage\./ }).boundingBox()).toEqual(before);
    await p.getByRole('button', { name: /^(Play|Pause)$/ }).first().waitFor();
    const csp = await p.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    expect([...errors, ...csp]).toEqual([]);
    await context.close();
  });

  it("loads only the technique it shows: Kemari's protocol, scenario and descriptor, no other technique's code", async () => {
    for (const query of ['?scenario=kemari', '?scenario=kemari&t=2s']) {
      const w = await open(`${server.url}embed.html${query}`);
      await w.page.waitForFunction(() => '__kemariLab' in window);
      await clock(w.page).waitFor();
      const scripts = w.requests.map((u) => new URL(u).pathname.split('/').pop()!).filter((f) => f.endsWith('.js'));
      // Its protocol, then its scenario's definition and its descriptor (two chunks named after it).
      expect(scripts.filter((f) => /^kemari-protocol-/.test(f)), query).toHaveLength(1);
      expect(scripts.filter((f) => /^kemari-(?!protocol-)/.test(f)), query).toHaveLength(2);
      const others = /^(unprotected|migration|postcopy|remus|naive|colo|lockstep|none|precopy)-/;
      expect(scripts.filter((f) => others.test(f)), query).toEqual([]);
      await w.finish();
    }
  });

  it('an embed with other options has no poster (its first frame is another), and starts as before', async () => {
    const { context, page: p, errors, release } = await openHeld('?scenario=kemari&t=2s');
    expect(await p.locator('#kemari-embed').evaluate((el) => el.childElementCount)).toBe(0);
    release();
    await p.waitForFunction(() => '__kemariLab' in window);
    await p.getByRole('group', { name: 'Kemari Lab: Kemari' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
