/**
 * The gzipped size of what the page loads first: the module scripts and module preloads that
 * dist/index.html references (lazily imported chunks are not counted), and the CSS for information.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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

export function measureBundle(dist: string): BundleSize {
  const html = readFileSync(resolve(dist, 'index.html'), 'utf8');
  const local = (href: string) => !/^(?:[a-z]+:)?\/\//i.test(href) && !href.startsWith('data:');
  const jsFiles = [
    ...refs(html, 'script', /\btype\s*=\s*["']?module\b/i, 'src'),
    ...refs(html, 'link', /\brel\s*=\s*["']?modulepreload\b/i, 'href'),
  ].filter(local);
  const cssFiles = refs(html, 'link', /\brel\s*=\s*["']?stylesheet\b/i, 'href').filter(local);
  if (jsFiles.length === 0) throw new Error('bench: dist/index.html references no module script');
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
