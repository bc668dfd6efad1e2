/**
 * The gzipped size of what a page loads first: the module scripts and module preloads that
 * dist/index.html (or dist/embed.html, the widget) references (lazily imported chunks are not
 * counted), and the CSS for information.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  /** Gzipped bytes of the JS loaded first. */
  readonly jsGzip: number;
  readonly jsRaw: number;
  readonly jsFiles: readonly string[];
  /** Gzipped bytes of the stylesheets linked from index.html. */
  readonly cssGzip: number;
  readonly cssFiles: readonly string[];
}

/** Every value of attribute `attr` on tags named `tag` whose text matches `must`. */
function refs(html: string, tag: string, must: RegExp, attr: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(new RegExp(`<${tag}\\b[^>]*>`, 'gi'))) {
    const el = m[0];
    if (!must.test(el)) continue;
    const v = new RegExp(`\\b${attr}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(el);
    const value = v?.[1] ?? v?.[2] ?? v?.[3];
    if (value) out.push(value);
  }
  return out;
}

function gz(file: string): { raw: number; gzip: number } {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** Gzipped (-9) and raw size of one built file (such as the element's kemari-lab.js). */
export function fileSize(dist: string, file: string): { raw: number; gzip: number } {
  return gz(resolve(dist, file));
}

export function measureBundle(dist: string, page = 'index.html'): BundleSize {
  const html = readFileSync(resolve(dist, page), 'utf8');
  const local = (href: string) => !/^(?:[a-z]+:)?\/\//i.test(href) && !href.startsWith('data:');
  const jsFiles = [
    ...refs(html, 'script', /\btype\s*=\s*["']?module\b/i, 'src'),
    ...refs(html, 'link', /\brel\s*=\s*["']?modulepreload\b/i, 'href'),
  ].filter(local);
  const cssFiles = refs(html, 'link', /\brel\s*=\s*["']?stylesheet\b/i, 'href').filter(local);
  if (jsFiles.length === 0) throw new Error(`bench: dist/${page} references no module script`);
  const sizes = (files: readonly string[]) => [...new Set(files)].map((f) => gz(resolve(dist, f.split(/[?#]/)[0].replace(/^\//, ''))));
  const js = sizes(jsFiles);
  const css = sizes(cssFiles);
  return {
    jsGzip: js.reduce((a, s) => a + s.gzip, 0),
    jsRaw: js.reduce((a, s) => a + s.raw, 0),
    jsFiles,
    cssGzip: css.reduce((a, s) => a + s.gzip, 0),
    cssFiles,
  };
}

/**
 * What opening a lazily loaded part costs: the gzipped (-9) size of its chunk (the file in assets/
 * named `<name>-<hash>.js`) plus every chunk it imports that `page` does not load first.
 */
export function measureLazyChunk(dist: string, name: string, page = 'index.html'): { gzip: number; files: string[] } {
  const assets = resolve(dist, 'assets');
  const first = new Set(measureBundle(dist, page).jsFiles.map((f) => basename(f.split(/[?#]/)[0])));
  // The lab and the embed are built apart: each has its own chunk of that name, and the page's own
  // first-load code names the one it imports.
  const firstCode = [...first].map((f) => readFileSync(resolve(assets, f), 'utf8')).join('\n');
  const named = readdirSync(assets).filter((f) => new RegExp(`^${name}-[\\w-]+\\.js$`).test(f));
  const entry = named.find((f) => firstCode.includes(f));
  if (!entry) throw new Error(`bench: no lazily loaded chunk named ${name} that ${page} imports, in ${assets}`);
  return closureSize(assets, [entry], first);
}

/** The gzipped (-9) size of `starts` and every chunk they import, leaving out the files in `first`. */
function closureSize(assets: string, starts: readonly string[], first: ReadonlySet<string>): { gzip: number; files: string[] } {
  const files: string[] = [];
  const queue = [...starts];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (files.includes(file) || first.has(file)) continue;
    files.push(file);
    const code = readFileSync(resolve(assets, file), 'utf8');
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([\w.-]+\.js)["']/g)) queue.push(m[1]);
  }
  return { gzip: files.reduce((a, f) => a + gz(resolve(assets, f)).gzip, 0), files };
}

/**
 * What the embed (dist/embed.html) loads besides its first load before it draws technique `id`: the
 * files its poster's block names (`data-preload`: the technique's protocol, scenario definition and
 * descriptor, build/embed-poster.ts) and every chunk they import.
 */
export function measureTechniqueChunks(dist: string, id: string): { gzip: number; files: string[] } {
  const html = readFileSync(resolve(dist, 'embed.html'), 'utf8');
  const block = new RegExp(`<script type="text/x-kemari-poster" data-poster="${id}" data-preload="([^"]*)"`).exec(html);
  if (!block) throw new Error(`bench: dist/embed.html has no poster of ${id} naming its technique's files`);
  const first = new Set(measureBundle(dist, 'embed.html').jsFiles.map((f) => basename(f.split(/[?#]/)[0])));
  const starts = block[1].split(' ').filter(Boolean).map((f) => basename(f));
  return closureSize(resolve(dist, 'assets'), starts, first);
}
