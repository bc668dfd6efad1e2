/**
 * What the embed's posters are rendered from at build time (build/embed-poster.ts loads this through
 * Vite's SSR): the widget as each scenario's default embed opens, at its first instant, rendered to
 * HTML by Svelte's server renderer. The page paints it before its script loads; the script then
 * hydrates it (the live widget keeps its elements and draws the same first frame).
 */
import { render } from 'svelte/server';
// Everything loaded up front: the module runner is closed once this module is in, so nothing may be imported on demand later.
import '../src/world/all-protocols';
import '../src/view/techniques/all';
import EmbedApp from '../src/app/EmbedApp.svelte';
import { setUpEmbed } from '../src/app/embed-setup';

import { SCENARIOS } from '../src/scenarios/all';

/** Each scenario's default embed (`?scenario=<id>`) at its first instant, as HTML, by scenario id. */
export async function renderPosters(): Promise<Record<string, string>> {
  const posters: Record<string, string> = {};
  for (const s of SCENARIOS) {
    const setup = await setUpEmbed(`?scenario=${s.id}`);
    posters[s.id] = render(EmbedApp, { props: { ...setup, labHref: './index.html', emit: () => {} } }).body;
  }
  return posters;
}

/** The protocol each scenario runs (the page loads its code on demand: the poster's script asks for it early). */
export function posterProtocols(): Record<string, string> {
  return Object.fromEntries(SCENARIOS.map((s) => [s.id, s.protocol]));
}
