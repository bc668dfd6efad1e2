/**
 * Binds a playback session to the page, the same for the lab and the compare view: the URL follows
 * the session (at most once a second while playing, at once otherwise), and `window.__kemariLab`
 * exposes what benches and journeys read. Call during a component's initialisation.
 */
import type { PlaybackSession } from './playback-session.svelte';

export function bindToPage(session: PlaybackSession, query: () => string): void {
  let lastUrlWrite = 0;
  $effect(() => {
    const now = performance.now();
    // While playing, the address is not even written out between two writes (the playhead moves on
    // every frame and brings this back; pausing does at once).
    if (session.playing && (void session.t, now - lastUrlWrite < 1000)) return;
    const q = query();
    lastUrlWrite = now;
    if (window.location.search !== q) window.history.replaceState(null, '', q);
  });

  (window as unknown as { __kemariLab: unknown }).__kemariLab = {
    framesDrawn: () => session.framesDrawn,
    t: () => session.t,
    playing: () => session.playing,
  };
}
