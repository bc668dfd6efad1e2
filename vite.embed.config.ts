import { resolve } from 'node:path';
import { mergeConfig, type UserConfig } from 'vite';
import site from './vite.config.js';

// The embeddable widget, dist/embed.html, built after the lab into the same dist/ (which it must not
// empty), with the site's plugins, target and base. On its own, its chunks hold only what the widget
// runs: built beside the lab, they were cut to suit both pages, and the widget's first load carried
// parts of the lab (about 6 KB gzipped of 77).
export default mergeConfig(site as UserConfig, {
  build: {
    emptyOutDir: false,
    copyPublicDir: false,
    rollupOptions: { input: resolve(import.meta.dirname, 'embed.html') },
  },
} satisfies UserConfig);
