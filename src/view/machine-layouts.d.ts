// The statechart layouts, generated at build time by build/machines-plugin.ts.
declare module 'virtual:machine-layouts' {
  const layouts: import('./machine-layout').MachineLayouts;
  export default layouts;
}
