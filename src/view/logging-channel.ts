/**
 * Lock-stepping's output-rule box on the stage in words: the log, the acknowledgements, what the rule
 * holds. Pure; loaded with the box (./LoggingChannel.svelte), only when a run shows lock-stepping.
 */
import type { LockstepFrame } from '../world/frame';
import { formatCount } from './count-format';

/** The logging channel's box on the stage: the log, the acknowledgements, what the output rule holds. */
export function logLines(l: LockstepFrame): { log: string; held: string } {
  if (l.primary === 'unprotected' || l.primary === 'down') return { log: `${formatCount(l.logged)} entries logged`, held: 'off: nothing to wait for' };
  return {
    log: `entry ${formatCount(l.logged)} logged · ${formatCount(l.acked)} acked`,
    held: l.held === 0 ? 'no output waiting' : `${l.held} output${l.held === 1 ? ' waits' : 's wait'} for the ack`,
  };
}
