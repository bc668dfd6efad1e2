/** The tour's chunk, loaded on demand (a scene or presenter mode is opened): the panel and its parts. */
export { default as TourPanel } from './TourPanel.svelte';
