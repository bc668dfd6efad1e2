/**
 * A Vite plugin for the production build: the page's bundles get `xstate` from src/machines/xstate-lite.ts,
 * which builds the machines' structure as XState does and carries its action creators (about 2 KB gzip),
 * instead of XState itself (about 13 KB): the page runs every machine on the lean runner
 * (src/machines/runner.ts), which needs nothing else. Server-side module loading (the build-time
 * renderings) keeps XState, as do the dev server and the tests.
 * @see ../tests/machines/xstate-lite.test.ts (the structure is XState's, machine by machine)
 */
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

const LITE = resolve(import.meta.dirname, '../src/machines/xstate-lite.ts');

export function liteXState(): Plugin {
  return {
    name: 'kemari:lite-xstate',
    apply: 'build',
    enforce: 'pre',
    resolveId(source, _importer, options) {
      if (source !== 'xstate' || options?.ssr) return null;
      return LITE;
    },
  };
}

/**
 * For the test project `lite`: the machines and the lean runner get `xstate` from xstate-lite, as in the
 * page's bundles, while the tests themselves keep XState.
 */
export function liteMachines(): Plugin {
  return {
    name: 'kemari:lite-machines',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== 'xstate' || !importer || !/[\\/]src[\\/]machines[\\/][^\\/]+\.ts$/.test(importer)) return null;
      return LITE;
    },
  };
}
