/**
 * Builds the site once (browser journeys and benches load what ships). The output goes to dist/, or
 * to `KEMARI_DIST` when set, so two test runs in one tree (a helper's and yours) do not overwrite
 * each other's build.
 */
import { build } from 'vite';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = process.env.KEMARI_DIST ? resolve(ROOT, process.env.KEMARI_DIST) : resolve(ROOT, 'dist');

/**
 * Runs `make` with NODE_ENV=production, as `npm run build` has it: Vite keeps a NODE_ENV it finds set,
 * and under Vitest (NODE_ENV=test) the build was a development one (Svelte's components compiled
 * with their dev checks), not what ships.
 */
async function asShipped(make: () => Promise<unknown>): Promise<void> {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await make();
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}

/** The site's builds in order, as `npm run build` runs them: the lab (emptying the output), the embed on its own, the <kemari-lab> element's one script. */
const SITE_CONFIGS = ['vite.config.ts', 'vite.embed.config.ts', 'vite.element.config.ts'];

export async function buildSite(): Promise<void> {
  await asShipped(async () => {
    for (const [i, config] of SITE_CONFIGS.entries()) {
      await build({ root: ROOT, logLevel: 'warn', configFile: resolve(ROOT, config), build: { outDir: DIST, emptyOutDir: i === 0 } });
    }
  });
}

/** Builds the single-file lab (`npm run build:single`) into `outDir`; returns the HTML file's path. */
export async function buildSingle(outDir: string): Promise<string> {
  await asShipped(() =>
    build({
      root: ROOT,
      logLevel: 'warn',
      configFile: resolve(ROOT, 'vite.single.config.ts'),
      build: { outDir, emptyOutDir: true },
    }),
  );
  return resolve(outDir, 'kemari-lab.html');
}
