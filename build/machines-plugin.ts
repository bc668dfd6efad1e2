/**
 * A Vite plugin that serves the laid-out statecharts as the module `virtual:machine-layouts`
 * (a JSON object, default export). It imports the machines in Node through Vite's module runner
 * (`runnerImport`, the same path Vite uses for TypeScript config files), so it works alike in the
 * dev server, the production build and Vitest; ELK runs here and never reaches the browser. A
 * layout failure fails the build with the machine's name.
 */
import { resolve } from 'node:path';
import { runnerImport, type Plugin } from 'vite';
import type { Statechart } from '../src/machines/statechart';
import type { MachineLayouts } from '../src/view/machine-layout';
import { layoutMachines } from './machine-layout.js';

export const MACHINE_LAYOUTS_ID = 'virtual:machine-layouts';
const RESOLVED_ID = `\0${MACHINE_LAYOUTS_ID}`;

/** Extracts and lays out every machine, importing the sources under `root` afresh. */
export async function generateLayouts(root: string): Promise<{ layouts: MachineLayouts; files: readonly string[] }> {
  const { module, dependencies } = await runnerImport<{ charts: readonly Statechart[] }>(resolve(root, 'build/machine-charts.ts'), {
    root,
    logLevel: 'silent',
  });
  return { layouts: await layoutMachines(module.charts), files: dependencies };
}

export function machineLayouts(): Plugin {
  let root = process.cwd();
  return {
    name: 'kemari:machine-layouts',
    configResolved(config) {
      root = config.root;
    },
    resolveId(id) {
      return id === MACHINE_LAYOUTS_ID ? RESOLVED_ID : undefined;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const { layouts, files } = await generateLayouts(root);
      for (const file of files) this.addWatchFile(file);
      // A string literal parsed once is smaller and faster to load than the same object as code.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(layouts))});`;
    },
  };
}
