/** The heartbeat-only technique's descriptor (tests only): what the view reads of it. */
import type { TechniqueDescriptor } from '../../../src/view/technique';
import { NO_ROLLBACK } from '../../../src/view/techniques/rules';

export const heartbeatDescriptor: TechniqueDescriptor = {
  id: 'heartbeat',
  name: 'Heartbeats only',
  heading: 'Heartbeats only · an alarm, no copy',
  noun: null,
  holdsLabel: () => 'nothing',
  rules: [{ name: 'alarm-raised', meaning: 'when host A falls silent, host B raises the alarm' }, NO_ROLLBACK],
  crashALabel: 'Crash host A',
  glyph: { shape: 'star', colour: 'var(--ink)' },
  panels: ['rules'],
  compareLine: (p) => `host B raises an alarm after ${p.failureTimeoutMs} ms of silence`,
  glossary: ['heartbeat'],
  family: { backupHolds: 'nothing', outputLeaves: 'at once', primaryCrash: 'an alarm on B; the VM is lost', backupCrash: 'nothing', traffic: 'heartbeats only' },
};
