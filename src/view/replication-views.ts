/**
 * The replication view's components in one module, so the app can load them on demand (only runs of
 * `kemari`, `remus` and `naive` need them; the first load of the page stays small).
 */
export { default as CheckpointLanes } from './CheckpointLanes.svelte';
export { default as InvariantPanel } from './InvariantPanel.svelte';
export { default as LatencyChart } from './LatencyChart.svelte';
export { default as OutputBuffer } from './OutputBuffer.svelte';
export { default as ReplicationPanel } from './ReplicationPanel.svelte';
