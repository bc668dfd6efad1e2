/**
 * A Vite plugin for the production build: drops the teaching `description` strings from the XState
 * machines (src/machines/*.machine.ts) in the shipped code. The statechart panel shows them from its
 * build-time layouts (machines-plugin.ts reads the sources as written), and nothing else at run time
 * reads them: about 3 KB gzip of the page's first load. The dev server, the tests and the runner keep
 * them.
 */
import type { Plugin } from 'vite';

/** A `description: '…'` or `description: "…"` property (and its comma), as the machines write them. */
const DESCRIPTION = /\bdescription:\s*(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")\s*,?/g;

/** The source of a machine module without its description properties. */
export function stripDescriptions(source: string): string {
  return source.replace(DESCRIPTION, '');
}

export function stripMachineDescriptions(): Plugin {
  return {
    name: 'kemari:strip-machine-descriptions',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/]machines[\\/][^\\/]+\.machine\.ts$/.test(id)) return undefined;
      return { code: stripDescriptions(code), map: null };
    },
  };
}
