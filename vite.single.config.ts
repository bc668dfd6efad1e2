import { readdirSync, rmSync, rmdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { mergeConfig, type Plugin, type UserConfig } from 'vite';
import site from './vite.config.js';

// `npm run build:single`: the lab as one self-contained HTML file, dist-single/kemari-lab.html, that
// works from file:// (a conference room without network or server). Chromium refuses module scripts
// loaded from file:// (their origin is opaque), so the build makes one chunk (code splitting off:
// lazily loaded views are inside it) and the plugin below puts it and the stylesheet inline in the
// page. A worker script the bundle refers to by name becomes a data: URL (Chromium runs module
// workers from data: URLs in a file:// page); anything else the build emitted is removed with a
// warning.

/** Text that would end an inline <script> or <style> early, escaped so JavaScript and CSS read it back unchanged. */
const safeScript = (code: string) => code.replace(/<(\/script|!--)/gi, '\\x3C$1');
const safeStyle = (css: string) => css.replace(/<\/style/gi, '\\3C/style');

function singleFile(fileName: string): Plugin {
  let leftOver: string[] = [];
  return {
    name: 'kemari-single-file',
    enforce: 'post',
    generateBundle(_out, bundle) {
      const pages = Object.keys(bundle).filter((name) => name.endsWith('.html'));
      if (pages.length !== 1) this.error(`single file: expected one HTML page in the build, found ${pages.length}`);
      const page = bundle[pages[0]];
      if (page.type !== 'asset') return;
      const used = new Set<string>();
      const file = (href: string) => {
        const name = href.replace(/^\.?\//, '');
        const item = bundle[name];
        if (!item) this.error(`single file: the page refers to ${href}, which the build did not make`);
        used.add(name);
        return item;
      };
      /** The chunk's code with each worker script it names by file replaced by a data: URL. */
      const withWorkers = (code: string) => {
        for (const [name, item] of Object.entries(bundle)) {
          if (item.type !== 'asset' || !name.endsWith('.js')) continue;
          const base = name.split('/').pop()!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          const ref = new RegExp(`([\`'"])(?:\\./)?(?:[\\w.-]+/)*${base}\\1`, 'g');
          if (!ref.test(code)) continue;
          used.add(name);
          const url = `data:text/javascript;base64,${Buffer.from(item.source).toString('base64')}`;
          code = code.replace(ref, (_m, quote: string) => `${quote}${url}${quote}`);
        }
        return code;
      };
      const html = String(page.source)
        .replace(/<script type="module"[^>]*\bsrc="([^"]+)"[^>]*><\/script>/g, (_tag, src: string) => {
          const chunk = file(src);
          if (chunk.type !== 'chunk') this.error(`single file: ${src} is not a script chunk`);
          // With code splitting off, Vite leaves its preload-list marker in inlined dynamic imports
          // (there is nothing to preload: everything is in this one script).
          const code = withWorkers(chunk.code).replace(/\b__VITE_PRELOAD__\b/g, 'void 0');
          return `<script type="module">${safeScript(code)}</script>`;
        })
        .replace(/<link rel="stylesheet"[^>]*\bhref="([^"]+)"[^>]*>/g, (_tag, href: string) => {
          const asset = file(href);
          return `<style>${safeStyle(asset.type === 'asset' ? String(asset.source) : asset.code)}</style>`;
        })
        .replace(/<link rel="modulepreload"[^>]*>\s*/g, '');
      page.fileName = fileName;
      page.source = html;
      leftOver = Object.keys(bundle).filter((name) => name !== pages[0]);
      const unused = leftOver.filter((name) => !used.has(name) && !name.endsWith('.map'));
      if (unused.length > 0) this.warn(`single file: left out ${unused.join(', ')} (not part of the page)`);
    },
    writeBundle(out) {
      const dir = out.dir ?? dirname(out.file ?? '.');
      for (const name of leftOver) rmSync(join(dir, name), { force: true });
      for (const sub of new Set(leftOver.map((name) => dirname(name)).filter((d) => d !== '.'))) {
        const path = join(dir, sub);
        try {
          if (readdirSync(path).length === 0) rmdirSync(path);
        } catch {
          // already gone
        }
      }
    },
  };
}

// The site's own config (its plugins, target, base), with the lab page alone as input.
export default mergeConfig(site as UserConfig, {
  plugins: [singleFile('kemari-lab.html')],
  publicDir: false,
  build: {
    outDir: 'dist-single',
    emptyOutDir: true,
    copyPublicDir: false,
    cssCodeSplit: false,
    assetsInlineLimit: () => true,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: resolve(import.meta.dirname, 'index.html'),
      output: { codeSplitting: false },
    },
  },
} satisfies UserConfig);
