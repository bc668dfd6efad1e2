/**
 * What every scenario shares: the world's parameters (./common-about.ts has the sources and
 * simplifications of the foundation that every "About the model" panel lists).
 */

/** Parameters of the world itself (hosts, link, guest, workload, detectors, client). */
export const WORLD_PARAMS: readonly string[] = [
  'memoryMiB',
  'dirtyPagesPerSec',
  'hotSetPages',
  'writer',
  'framebufferPages',
  'clockHz',
  'packetsPerSec',
  'diskWritesPerSec',
  'requestsPerSec',
  'bandwidthMbps',
  'latencyUs',
  'heartbeatMs',
  'failureTimeoutMs',
  'clientTimeoutMs',
];
