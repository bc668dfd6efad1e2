/** COLO: coarse-grained lock-stepping, output comparison with checkpoints on difference (Dong et al. 2013). */
import type { CheckpointFrame, ColoFigures } from '../../world/frame';
import { coloOf } from '../colo-words';
import { formatCount } from '../count-format';
import type { StandbyLines, TechniqueDescriptor } from '../technique';
import { NO_ROLLBACK, NO_SPLIT_BRAIN } from './rules';

/** What started a checkpoint, in a few words. */
function causeWords(cause: ColoFigures['cause']): string {
  return cause === 'divergence' ? 'an output differed' : cause === 'periodic' ? 'the periodic timer' : '';
}

/** The secondary VM on host B, in three short lines (its box on the stage). */
function secondaryLines(r: CheckpointFrame, colo: ColoFigures): StandbyLines {
  const title = colo.secondary === 'paused' ? 'secondary VM · stopped' : 'secondary VM · running';
  const holds = `same inputs · ${formatCount(colo.releasedAtOnce)} outputs matched`;
  const state =
    colo.secondary === 'paused'
      ? `loading checkpoint ${r.checkpoint} (${causeWords(colo.cause)})`
      : r.committed > 0
        ? `last checkpoint ${r.committed}: ${causeWords(colo.cause)}`
        : 'no checkpoint yet: none needed';
  return { title, holds, state };
}

/** What the primary is doing under COLO, in one line. */
function primaryWords(r: CheckpointFrame, colo: ColoFigures): string {
  if (r.primary === 'syncing') return `Host A: checkpoint ${r.checkpoint} (${causeWords(colo.cause)}) — both VMs stopped while A's dirty pages go to B`;
  return "Host A: protected — its proxy lets each output out as soon as the secondary's matches it";
}

export const colo: TechniqueDescriptor = {
  id: 'colo',
  name: 'COLO',
  heading: 'COLO · compare outputs, checkpoint on difference',
  noun: { one: 'checkpoint', many: 'checkpoints' },
  holdsLabel: (n) => `checkpoint ${n}`,
  rules: [
    { name: 'compare-before-release', meaning: "every output leaves host A only after the secondary's matched it, or after a checkpoint made the two VMs equal" },
    NO_SPLIT_BRAIN,
    NO_ROLLBACK,
  ],
  crashALabel: 'Crash host A',
  glyph: { shape: 'star', colour: 'var(--packet)' },
  panels: ['rules', 'latency'],
  compareLine: (p) =>
    `compares outputs, checkpoints on a difference (${p.divergencePerSec}/s) or every ${Number(p.checkpointIntervalMs) / 1000} s`,
  glossary: ['colo-proxy', 'divergence', 'checkpoint', 'output-commit', 'failover', 'split-brain'],
  stageWords: {
    // The secondary VM runs on host B (a paused standby copy once it is gone).
    standbyLines: (r) => {
      const c = coloOf(r);
      return r.kind === 'checkpoint' && c && c.secondary !== 'gone' ? secondaryLines(r, c) : null;
    },
    primaryLine: (r) => (r.kind === 'checkpoint' && r.colo ? primaryWords(r, r.colo) : null),
    backupLine: (r) => (r.kind === 'checkpoint' && coloOf(r) ? `Host B: runs the secondary VM on the same inputs; last checkpoint ${r.committed}` : null),
  },
};
