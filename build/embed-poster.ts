/**
 * A Vite plugin for the production build: the embed page (embed.html) carries its widget's first
 * frame as HTML for each scenario's default embed (`embed.html`, `embed.html?scenario=kemari`...),
 * rendered at build time (build/embed-poster-entry.ts), so the page paints the stage before its
 * script has loaded; the script then hydrates it into the live widget (src/app/embed-main.ts),
 * drawing the same frame. The posters wait as text in data blocks (`<script type="text/x-kemari-poster">`:
 * the parser only scans them, where eight <template>s of the stage were parsed into DOM, a sixth of
 * the page's load on a slow machine, for the one shown); a small classic script right after the
 * widget's container (embed-poster.js, a file of the site, so a strict Content-Security-Policy with
 * `script-src 'self'` allows it) copies in the one the address asks for. An address with other
 * options (a time, a preset, controls...) would show another first frame: no poster then, and the
 * widget appears when it is ready, as before.
 */
import { resolve } from 'node:path';
import { runnerImport, type Plugin, type Rollup } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/** Renders each scenario's default embed at its first instant (in Node, through Vite's module runner), with the protocol each runs. */
export async function renderEmbedPosters(root: string): Promise<{ posters: Record<string, string>; protocols: Record<string, string> }> {
  const { module } = await runnerImport<{ renderPosters(): Promise<Record<string, string>>; posterProtocols(): Record<string, string> }>(resolve(root, 'build/embed-poster-entry.ts'), {
    root,
    configFile: false,
    logLevel: 'silent',
    // No CSS imports in Node: the page links the components' styles itself.
    plugins: [svelte({ emitCss: false })],
  });
  return { posters: await module.renderPosters(), protocols: module.posterProtocols() };
}

/**
 * The poster a query string asks for: its `scenario` (`fallback`, the default embed's, without one)
 * when nothing else in it changes the first frame: besides the scenario, only `controls=minimal` (the
 * default) and `autoplay` (the first frame is the same; Play becomes Pause once it plays). Null for
 * anything else (a time, a preset, a theme...). Written out in the page's poster script.
 */
export function posterFor(search: string, fallback: string): string | null {
  const q = new URLSearchParams(search);
  for (const [key, value] of q) {
    if (key === 'scenario' || key === 'autoplay') continue;
    if (key === 'controls' && value === 'minimal') continue;
    return null;
  }
  return q.get('scenario') ?? fallback;
}

/**
 * The script that shows the poster the address asks for (`posterFor`, then its block's text parsed;
 * the container names the default embed's in `data-default-poster`).
 */
export function posterScript(): string {
  return `(function () {
  var posterFor = ${posterFor.toString()};
  var box = document.getElementById('kemari-embed');
  var id = posterFor(location.search, box.getAttribute('data-default-poster'));
  var block = id && document.querySelector('script[data-poster="' + id.replace(/[^a-z0-9-]/g, '') + '"]');
  if (!block) return;
  box.innerHTML = block.textContent;
  // The technique's code, which the widget loads on demand, asked for now rather than once the widget runs.
  (block.getAttribute('data-preload') || '').split(' ').forEach(function (href) {
    if (!href) return;
    var link = document.createElement('link');
    link.rel = 'modulepreload';
    link.crossOrigin = '';
    link.href = href;
    document.head.appendChild(link);
  });
})();
`;
}

/** The script's file name in the built site. */
export const POSTER_SCRIPT = 'embed-poster.js';

/** The type of the posters' data blocks: not JavaScript, so the browser neither runs them nor asks a CSP. */
export const POSTER_TYPE = 'text/x-kemari-poster';

/** embed.html with the posters in data blocks and the script that shows the one asked for (the default embed opens the first). */
export function injectPosters(html: string, posters: Record<string, string>): string {
  const mount = '<div id="kemari-embed"></div>';
  if (!html.includes(mount)) throw new Error('embed-poster: embed.html has no empty <div id="kemari-embed"></div>');
  const templates = Object.entries(posters)
    .map(([id, body]) => {
      // Script data ends at `</script` and `<script` inside `<!--` changes how it ends: neither may occur.
      if (/<\/?script/i.test(body)) throw new Error(`embed-poster: the poster of ${id} holds "<script" or "</script", which would end its data block early`);
      return `<script type="${POSTER_TYPE}" data-poster="${id}">${body}</script>`;
    })
    .join('');
  const box = `<div id="kemari-embed" data-default-poster="${Object.keys(posters)[0]}"></div>`;
  return html.replace(mount, `${templates}${box}<script src="./${POSTER_SCRIPT}"></script>`);
}

export function embedPoster(): Plugin {
  let root = process.cwd();
  /** Rendered as the build starts (a Vite server made while the HTML is being written upsets the build). */
  let posters: Record<string, string> | null = null;
  let protocols: Record<string, string> = {};
  return {
    name: 'kemari:embed-poster',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    async buildStart(options) {
      const inputs = typeof options.input === 'string' ? [options.input] : Object.values(options.input ?? {});
      if (!inputs.some((i) => i.endsWith('embed.html'))) return;
      ({ posters, protocols } = await renderEmbedPosters(root));
      this.emitFile({ type: 'asset', fileName: POSTER_SCRIPT, source: posterScript() });
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.filename.endsWith('embed.html') || !posters) return html;
        return stylesFirst(withPreloads(injectPosters(html, posters), protocols, ctx.bundle));
      },
    },
  };
}

/**
 * Each poster's block names the files of its technique's code that the page does not load first
 * (`data-preload`): the chunks of `src/world/<protocol>-protocol.ts`, of its scenario's definition
 * `src/scenarios/<id>.ts` and of its descriptor `src/view/techniques/<id>.ts` (src/app/technique-loaders.ts
 * loads those two), and the chunks they import.
 */
export function withPreloads(html: string, protocols: Record<string, string>, bundle: Rollup.OutputBundle | undefined): string {
  if (!bundle) return html;
  const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
  const holding = (module: string) => chunks.find((c) => c.moduleIds.some((m) => m.endsWith(module)));
  let out = html;
  for (const [id, protocol] of Object.entries(protocols)) {
    const chunk = holding(`/src/world/${protocol}-protocol.ts`);
    if (!chunk) continue;
    const own = [chunk, holding(`/src/scenarios/${id}.ts`), holding(`/src/view/techniques/${id}.ts`)].filter((c) => c !== undefined);
    const files = [...new Set(own.flatMap((c) => [c.fileName, ...c.imports]))].filter((f) => !html.includes(`./${f}"`)).map((f) => `./${f}`);
    const block = `<script type="${POSTER_TYPE}" data-poster="${id}">`;
    out = out.replace(block, `${block.slice(0, -1)} data-preload="${files.join(' ')}">`);
  }
  return out;
}

/**
 * The poster's script and the stylesheets ahead of the module scripts in the head: the poster paints
 * once they are in, and the browser asks for files in the order it meets them (six at a time from one
 * server over HTTP/1.1), so those listed after a dozen module preloads waited for them.
 */
export function stylesFirst(html: string): string {
  const styles = html.match(/[ \t]*<link rel="stylesheet"[^>]*>\n?/g) ?? [];
  if (styles.length === 0) return html;
  let out = html;
  for (const s of styles) out = out.replace(s, '');
  const firstScript = out.search(/[ \t]*<script type="module"/);
  if (firstScript < 0) return html;
  // The poster's script too (the body asks for it, after the head's dozen files otherwise).
  const poster = out.includes(POSTER_SCRIPT) ? `    <link rel="preload" as="script" href="./${POSTER_SCRIPT}">\n` : '';
  return out.slice(0, firstScript) + poster + styles.map((s) => (s.endsWith('\n') ? s : `${s}\n`)).join('') + out.slice(firstScript);
}
