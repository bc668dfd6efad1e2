/** Lock-stepping by deterministic replay (VMware FT, Scales et al. 2010; Bressoud and Schneider 1995). */
import { formatSpanForPeople } from '../../sim/time';
import type { LockstepFrame } from '../../world/frame';
import { formatCount } from '../count-format';
import type { StandbyLines, TechniqueDescriptor } from '../technique';
import { NO_ROLLBACK, NO_SPLIT_BRAIN } from './rules';

/** The backup VM on host B, in three short lines (its box on the stage). */
function replayLines(l: LockstepFrame): StandbyLines {
  return {
    title: 'backup VM · replaying the log',
    holds: `replayed entry ${formatCount(l.replayed)} of ${formatCount(l.logged)}`,
    state: l.replayed < l.logged ? `entry ${formatCount(l.replayed + 1)} on its way${l.lagUs > 0 ? ` (${formatSpanForPeople(l.lagUs)})` : ''}` : 'caught up with host A',
  };
}

/** What the primary is doing under lock-stepping, in one line. */
function primaryWords(l: LockstepFrame): string {
  return l.held > 0
    ? `Host A: protected — ${l.held === 1 ? '1 output waits' : `${l.held} outputs wait`} for B's acknowledgement of the log entries before ${l.held === 1 ? 'it' : 'them'}`
    : 'Host A: protected — it logs every input to B; outputs leave once B acknowledged the entries before them';
}

export const lockstep: TechniqueDescriptor = {
  id: 'lockstep',
  name: 'Lock-stepping',
  heading: 'Lock-stepping · deterministic replay',
  noun: { one: 'log entry', many: 'log entries' },
  holdsLabel: (n) => `log entry ${n}`,
  rules: [
    { name: 'output-rule', meaning: 'an output leaves host A only after B acknowledged every log entry before it' },
    NO_SPLIT_BRAIN,
    NO_ROLLBACK,
  ],
  crashALabel: 'Crash host A',
  glyph: { shape: 'times', colour: 'var(--ok)' },
  panels: ['rules'],
  compareLine: () => 'logs every input to host B, which replays it; outputs wait for its acknowledgement',
  glossary: ['deterministic-replay', 'logging-channel', 'output-rule', 'test-and-set', 'failover', 'split-brain'],
  stageWords: {
    // The backup VM replays the log: not a paused copy.
    standbyLines: (r) => (r.kind === 'lockstep' ? replayLines(r) : null),
    primaryLine: (r) => (r.kind === 'lockstep' ? primaryWords(r) : null),
    backupLine: (r) => (r.kind === 'lockstep' ? `Host B: replays host A's log (entry ${r.replayed} of ${r.logged}), a step behind` : null),
  },
};
