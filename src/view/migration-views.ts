/**
 * The migration view's components in one module, so the app can load them on demand (only runs of
 * `migration` need them; the first load of the page stays small).
 */
export { default as MemoryGrid } from './MemoryGrid.svelte';
export { default as MemoryLegend } from './MemoryLegend.svelte';
export { default as MigrationPanel } from './MigrationPanel.svelte';
export { default as RoundChart } from './RoundChart.svelte';
