/**
 * The app's entry: mounts the lab on the page, or the compare view (`?compare=1`) or presenter mode's
 * speaker notes (`?notes=1`), each loaded on demand. Each technique's code is loaded on demand too:
 * the lab waits only for the one it opens with, and fetches the others once it is drawn.
 */
import { mount, type Component } from 'svelte';
import App from './App.svelte';
// The lab lists every scenario and technique: their definitions and descriptors come with its first load.
import '../scenarios/all';
import '../view/techniques/all';
import { getScenario } from '../scenarios/index';
import type { ProtocolId } from '../scenarios/scenario';
import { recordEdges } from '../world/edge-log';
import { loadProtocol, loadRepair, needsRepair, PROTOCOL_LOADERS } from '../world/registry';
import { isCompareUrl, readUrl } from './url-state';
import './styles.css';

/** Loads every technique's code and the repair cycle (the compare view runs them all; the lab fetches the rest after its own). */
const loadAll = () => Promise.all([...(Object.keys(PROTOCOL_LOADERS) as ProtocolId[]).map(loadProtocol), loadRepair()]);

// The lab's statechart panel lights up the transitions of each frame's instant (the embed draws none).
recordEdges();

const target = document.getElementById('app');
if (!target) throw new Error('the page has no #app element');
/** Mounts `component` (a page with no props) in place of the loading line index.html paints while the code loads. */
const show = (component: Component) => {
  target.replaceChildren();
  return mount(component, { target });
};
/** Says on the page that a part could not be loaded. */
const failed = (what: string) => (err: unknown) => {
  target.textContent = `${what} could not be loaded; reload the page to try again.`;
  console.error(err);
};
if (isCompareUrl(window.location.search)) {
  // A separate chunk: the lab's first load does not carry the compare view.
  Promise.all([import('./CompareApp.svelte'), loadAll()]).then(([{ default: CompareApp }]) => show(CompareApp), failed('The compare view'));
} else if (new URLSearchParams(window.location.search).has('notes')) {
  // The speaker-notes window of presenter mode (src/app/tour), a separate chunk too.
  Promise.all([import('./tour/SpeakerNotes.svelte'), loadAll()]).then(([{ default: SpeakerNotes }]) => show(SpeakerNotes), failed('The speaker notes'));
} else {
  // The technique the link opens with (and the repair cycle if its run restarts a host), then the lab;
  // the others arrive while it is being looked at.
  const { spec } = readUrl(window.location.search);
  const opening = getScenario(spec.scenario)?.protocol ?? 'none';
  Promise.all([loadProtocol(opening), needsRepair(spec) ? loadRepair() : null]).then(() => {
    show(App);
    void loadAll();
  }, failed('The lab'));
}
