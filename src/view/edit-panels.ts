/**
 * The lab's editing panels, a chunk of their own: the fault schedule and the parameters. Neither shows
 * when the page opens (the dock opens on "What happened"), so the page's first load does not carry them;
 * the dock loads them when one of their tabs is first shown.
 */
export { default as FaultPanel } from './FaultPanel.svelte';
export { default as ParamPanel } from './ParamPanel.svelte';
