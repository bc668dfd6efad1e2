/**
 * The iframe page's entry (embed.html): reads the options from the URL, mounts the widget, and talks
 * to the embedding page by postMessage: commands are taken only from the parent window and checked
 * (`parseCommand`), events and the widget's height (auto-resize) go to the parent. No key listener
 * on the window: the widget's own element takes its shortcuts, so only a focused widget answers.
 */
import { hydrate, mount } from 'svelte';
import EmbedApp from './EmbedApp.svelte';
import { MESSAGE_VERSION, parseCommand, type EmbedEvent } from './embed-messages';
import { setUpEmbed } from './embed-setup';
import './embed.css';

const target = document.getElementById('kemari-embed');
if (!target) throw new Error('the embed page has no #kemari-embed element');
const host = target;
const parent = window.parent !== window ? window.parent : null;

function emit(e: EmbedEvent): void {
  // Nothing here is secret (times, play state, host names), so any embedding origin may hear it.
  parent?.postMessage({ ...e, v: MESSAGE_VERSION }, '*');
}

setUpEmbed(window.location.search).then(
  (setup) => {
    // The build-time poster, if any (build/embed-poster.ts), becomes the live widget: hydrated, its
    // elements are kept (no second layout of the stage), and only what differs is redrawn.
    const props = { ...setup, labHref: './index.html', emit };
    const app = host.firstChild ? hydrate(EmbedApp, { target: host, props }) : mount(EmbedApp, { target: host, props });
    performance.mark('kemari-lab:mounted');

    window.addEventListener('message', (e) => {
      if (parent === null || e.source !== parent) return;
      const cmd = parseCommand(e.data);
      if (cmd) app.command(cmd);
    });

    if (parent !== null && typeof ResizeObserver !== 'undefined') {
      let last = 0;
      new ResizeObserver(() => {
        const height = Math.ceil(host.getBoundingClientRect().height);
        if (height !== last) {
          last = height;
          emit({ type: 'kemari-lab:resize', height });
        }
      }).observe(host);
    }

    // What benches and journeys read (the same hooks as the lab's page).
    (window as unknown as { __kemariLab: unknown }).__kemariLab = {
      framesDrawn: () => app.stats().framesDrawn,
      t: () => app.stats().t,
      playing: () => app.stats().playing,
    };
  },
  (err: unknown) => {
    host.textContent = 'Kemari Lab could not start here; reload the page to try again.';
    console.error(err);
  },
);
