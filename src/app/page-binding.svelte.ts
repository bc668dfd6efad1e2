/**
 * Binds a playback session to the page, the same for the lab and the compare view: the URL follows
 * the session (at most once a second while playing, at once otherwise), and `window.__kemariLab`
 * exposes what benches and journeys read. Call during a component's initialisation.
 */
import type { PlaybackSession } from './playback-session.svelte';

export function bindToPage(session: PlaybackSession, query: () => string): void {
  let lastUrlWrite = 0;
  $effect(() => {
    const q = query();
    const now = performance.now();
    if (session.playing && now - lastUrlWrite < 1000) return;
    lastUrlWrite = now;
    if (window.location.search !== q) window.history.replaceState(null, '', q);
  });

  (window as unknown as { __kemariLab: unknown }).__kemariLab = {
    framesDrawn: () => session.framesDrawn,
    t: () => session.t,
    playing: () => session.playing,
  };
}
