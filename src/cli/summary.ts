/** A short human summary of a run result, for `--format summary`. Pure. */
import { formatMillis } from '../sim/time';
import type { RunResult } from '../world/result';

export function formatSummary(r: RunResult): string {
  const c = r.client;
  const lines = [
    `${r.scenario} (preset ${r.preset}, seed ${r.seed}) until ${formatMillis(r.untilUs)}; faults: ${r.faults.join(', ') || 'none'}`,
    `client: session ${c.sessionState}; shows ${c.shows ?? '--:--:--'}; ${c.framesReceived} frames, last at ${c.lastFrameAtUs === null ? 'never' : formatMillis(c.lastFrameAtUs)}; max stall ${formatMillis(c.maxStallUs)}; gaps ${c.gaps}, duplicates ${c.duplicates}, rollbacks ${c.rollbacks}`,
    `vm: ${r.vm.state}${r.vm.host ? ` on host ${r.vm.host}` : ''}${r.vm.lostAtUs !== null ? `, lost at ${formatMillis(r.vm.lostAtUs)}` : ''}`,
    `outputs: ${r.metrics.outputs.issued} issued, ${r.metrics.outputs.left} left the host, ${r.metrics.outputs.lost} lost`,
    ...r.invariants.map((i) => `${i.holds ? 'holds   ' : 'VIOLATED'} ${i.name}: ${i.detail}`),
    `trace: ${r.traceEvents} events, hash ${r.traceHash}`,
  ];
  return `${lines.join('\n')}\n`;
}
