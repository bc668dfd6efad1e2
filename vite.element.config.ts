import { svelte } from '@sveltejs/vite-plugin-svelte';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { stripMachineDescriptions } from './build/strip-descriptions.js';
import { liteXState } from './build/lite-xstate.js';

// The <kemari-lab> custom element as ONE classic script, dist/kemari-lab.js, with everything inlined:
// Svelte's component styles are injected by the components (into the element's shadow root), the
// widget's stylesheet is imported as text, and lazily imported modules are bundled in. It is built
// after the site (`npm run build`) into the same dist/, which it must not empty.
export default defineConfig({
  base: './',
  // The element has no statechart panel: its machines go without their descriptions.
  plugins: [svelte({ emitCss: false }), stripMachineDescriptions(), liteXState()],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  publicDir: false,
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: false,
    copyPublicDir: false,
    lib: {
      entry: resolve(import.meta.dirname, 'src/app/embed-element.ts'),
      name: 'KemariLab',
      formats: ['iife'],
      fileName: () => 'kemari-lab.js',
    },
    rolldownOptions: {
      output: { codeSplitting: false },
    },
  },
});
