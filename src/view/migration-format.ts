/**
 * Words and numbers of the migration view: counts, rates, stop reasons and outcomes as the panel,
 * the round chart and the hosts print them (durations: `formatSpanForPeople` in src/sim/time.ts). Pure.
 * @see ../../shared/DESIGN.md §5 (Downtime, total migration time)
 */
import { PAGE_BITS } from '../sim/memory';
import type { MigrationOutcome } from '../world/frame';

export { formatCount } from './count-format';

/** A bit rate: `100 Mbit/s`, `106.0 Mbit/s`, `1 Gbit/s`. */
export function formatRate(bitsPerSec: number): string {
  const [value, unit] = bitsPerSec >= 1e9 ? [bitsPerSec / 1e9, 'Gbit/s'] : [bitsPerSec / 1e6, 'Mbit/s'];
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
}

/** Pages of 4 KiB a link sends per second at `bitsPerSec`. */
export function pagesPerSec(bitsPerSec: number): number {
  return bitsPerSec / PAGE_BITS;
}

/** A short count for axes: `950`, `1k`, `12k`, `1.5M`. */
export function formatShort(x: number): string {
  const abs = Math.abs(x);
  const trim = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1).replace(/\.0$/, ''));
  if (abs >= 1e6) return `${trim(x / 1e6)}M`;
  if (abs >= 1e3) return `${trim(abs >= 1e4 ? Math.round(x / 1e3) : x / 1e3)}k`;
  return trim(x);
}

const STOP_REASONS: Record<string, string> = {
  'few-pages': 'the last live round sent fewer than 50 pages',
  'max-rounds': 'the round limit was reached',
  'max-factor': 'more than 3 × the memory was sent',
  'rate-at-max': 'at the maximum rate a round sent more than the one before',
  'below-downtime-limit': 'what remains fits in the downtime limit',
  'stop-and-copy': 'no live rounds (stop-and-copy)',
};

/** Why pre-copy stopped, in words (unknown codes are shown as they are). */
export function stopReasonText(reason: string): string {
  return STOP_REASONS[reason] ?? reason;
}

/**
 * The outcome in words; `committed` says host A had committed (Clark's stage 4) before it ended, so an
 * abort then is host A taking its suspended copy back, not an abort before commitment.
 */
export function outcomeText(outcome: MigrationOutcome, committed = false): string {
  switch (outcome) {
    case 'not-started':
      return 'not started yet';
    case 'in-progress':
      return 'in progress';
    case 'completed':
      return 'completed: the VM runs on host B';
    case 'aborted':
      return 'aborted before commitment: the VM keeps running on host A';
    case 'vm-lost':
      return committed
        ? 'VM lost: host B did not run the VM after host A committed, and past the commitment point host A never runs it again'
        : 'VM lost: host A failed before commitment (migration is not high availability)';
  }
}
