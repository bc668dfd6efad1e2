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
    ...migrationLines(r),
    ...r.invariants.map((i) => `${i.pending ? 'pending ' : i.holds ? 'holds   ' : 'VIOLATED'} ${i.name}: ${i.detail}`),
    `trace: ${r.traceEvents} events, hash ${r.traceHash}`,
  ];
  return `${lines.join('\n')}\n`;
}

function migrationLines(r: RunResult): string[] {
  const m = r.metrics.migration;
  if (!m) return [];
  const rounds = m.rounds.map((x) => x.pagesSent).join(', ');
  return [
    `migration: ${m.outcome}; stop reason ${m.stopReason ?? '-'}; ${m.rounds.length} round(s): ${rounds || '-'}; ${m.totalPagesSent} pages sent`,
    `migration: downtime ${m.downtimeUs === null ? '-' : formatMillis(m.downtimeUs)}; total time ${m.totalTimeUs === null ? '-' : formatMillis(m.totalTimeUs)}`,
  ];
}
