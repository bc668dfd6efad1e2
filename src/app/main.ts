/**
 * The app's entry: mounts the lab on the page, or the compare view (`?compare=1`) or presenter mode's
 * speaker notes (`?notes=1`), each loaded on demand.
 */
import { mount } from 'svelte';
import '../world/all-protocols';
import App from './App.svelte';
import { isCompareUrl } from './compare-url';
import './styles.css';

const target = document.getElementById('app');
if (!target) throw new Error('the page has no #app element');
if (isCompareUrl(window.location.search)) {
  // A separate chunk: the lab's first load does not carry the compare view.
  import('./CompareApp.svelte').then(
    ({ default: CompareApp }) => mount(CompareApp, { target }),
    (err: unknown) => {
      target.textContent = 'The compare view could not be loaded; reload the page to try again.';
      console.error(err);
    },
  );
} else if (new URLSearchParams(window.location.search).has('notes')) {
  // The speaker-notes window of presenter mode (src/app/tour), a separate chunk too.
  import('./tour/SpeakerNotes.svelte').then(
    ({ default: SpeakerNotes }) => mount(SpeakerNotes, { target }),
    (err: unknown) => {
      target.textContent = 'The speaker notes could not be loaded; reload the window to try again.';
      console.error(err);
    },
  );
} else {
  mount(App, { target });
}
