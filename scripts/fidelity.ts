/**
 * `npm run fidelity`: writes docs/fidelity.md, the simulator's migration, post-copy, Remus, COLO and lock-stepping figures
 * beside the published ones (see scripts/fidelity-report.ts, scripts/fidelity-postcopy.ts and
 * scripts/fidelity-remus.ts). Deterministic: the same sources give the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildReport } from './fidelity-report';

export const REPORT_PATH = resolve(import.meta.dirname, '../docs/fidelity.md');

const started = performance.now();
const { text } = buildReport();
mkdirSync(dirname(REPORT_PATH), { recursive: true });
writeFileSync(REPORT_PATH, text);
console.log(`fidelity: wrote ${relative(process.cwd(), REPORT_PATH)} (${text.length.toLocaleString('en-US')} characters) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
