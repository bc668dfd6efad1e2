/** Builds the site once into dist/ (browser journeys and benches load what ships). */
import { build } from 'vite';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = resolve(ROOT, 'dist');

export async function buildSite(): Promise<void> {
  await build({ root: ROOT, logLevel: 'warn', configFile: resolve(ROOT, 'vite.config.ts') });
}
