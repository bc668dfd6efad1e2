import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { machineLayouts } from './build/machines-plugin.js';
import { embedPoster } from './build/embed-poster.js';
import { stripMachineDescriptions } from './build/strip-descriptions.js';
import { liteMachines, liteXState } from './build/lite-xstate.js';

/**
 * Test files that mock a module (vi.mock) or import modules afresh (vi.resetModules): they run in a
 * project of their own, isolated.
 */
const MOCKING_FILES = ['tests/app/embed-controls.test.ts', 'tests/app/embed-element.test.ts', 'tests/app/technique-loaders.test.ts'];

// One config for the app build and every test project. `base: './'` lets dist/ work from any
// static server and sub-path.
export default defineConfig({
  base: './',
  // machineLayouts: the statechart panel's diagrams (virtual:machine-layouts), laid out at build time,
  // which carry the machines' descriptions: the shipped machines go without (stripMachineDescriptions).
  // embedPoster: embed.html carries its widget's first frame, rendered at build time.
  // liteXState: the shipped machines are built by src/machines/xstate-lite.ts and run on the lean runner.
  plugins: [svelte(), machineLayouts(), stripMachineDescriptions(), liteXState(), embedPoster()],
  worker: { plugins: () => [stripMachineDescriptions(), liteXState()] },
  build: {
    target: 'es2022',
    // No modulepreload polyfill (0.2 KB gz of each page's first load): every browser that runs ES2022
    // modules but lacks modulepreload (Firefox before 115) still loads every chunk, one request later.
    modulePreload: { polyfill: false },
    rollupOptions: {
      // The lab. The embeddable widget (embed.html) is built next, on its own (vite.embed.config.ts), and
      // the <kemari-lab> element last (vite.element.config.ts).
      input: { index: resolve(import.meta.dirname, 'index.html') },
    },
  },
  test: {
    // A guard against a hung test, not a measure of speed (npm run bench measures): with the browser
    // journeys running beside the other projects (scripts/test.mjs), a test that spawns the runner can
    // take several seconds on a 2-core machine.
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          // One module cache per worker instead of per file: the same tests in less than half the time
          // (transform and import dominated). Files that mock a module run isolated (project dom-mocks).
          isolate: false,
          // The app's fuzz tests read text with pure functions: no DOM to set up for them.
          include: ['tests/{sim,machines,world,scenarios,cli,build,architecture}/**/*.test.ts', 'tests/app/fuzz-*.test.ts'],
          setupFiles: ['tests/setup-unit.ts'],
        },
      },
      {
        extends: true,
        plugins: [svelteTesting()],
        resolve: { conditions: ['module', 'browser', 'development|production'] },
        test: {
          name: 'dom',
          environment: 'jsdom',
          isolate: false,
          include: ['tests/{view,app}/**/*.test.ts'],
          exclude: ['tests/app/fuzz-*.test.ts', ...MOCKING_FILES],
          setupFiles: ['tests/setup-unit.ts', 'tests/setup-dom.ts'],
        },
      },
      {
        // Files whose vi.mock must replace a module before anything imports it: a fresh module cache each.
        extends: true,
        plugins: [svelteTesting()],
        resolve: { conditions: ['module', 'browser', 'development|production'] },
        test: {
          name: 'dom-mocks',
          environment: 'jsdom',
          include: MOCKING_FILES,
          setupFiles: ['tests/setup-unit.ts', 'tests/setup-dom.ts'],
        },
      },
      {
        // The shipped machines: built by src/machines/xstate-lite.ts (as the page's bundles build them),
        // they must write the same golden traces and verdicts.
        extends: true,
        plugins: [liteMachines()],
        test: {
          name: 'lite',
          environment: 'node',
          isolate: false,
          include: ['tests/lite/**/*.test.ts', 'tests/world/golden.test.ts', 'tests/world/verdicts.test.ts'],
          setupFiles: ['tests/setup-unit.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
