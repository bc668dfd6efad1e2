/**
 * No protocol: the unprotected VM. Host B only exchanges heartbeats with host A; it holds no copy, so
 * when A dies there is nothing to resume.
 */
import type { Installer } from './port';

export const installNone: Installer = (port) => {
  const frame = { kind: 'none', technique: port.spec.scenario } as const;
  return {
    mayRestartVm: false,
    keepsNoCopy: true,
    route: () => false,
    delivered: () => false,
    peerDead: () => {},
    frame: () => frame,
    result: () => ({ metrics: {}, invariants: [] }),
  };
};
