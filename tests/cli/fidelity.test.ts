/**
 * docs/fidelity.md never goes stale: the committed report must equal what `npm run fidelity` would
 * write now (scripts/fidelity-report.ts, pure and deterministic). It runs every migration of the report
 * (the worked examples, the stop-and-copy arithmetic and the three presets): a few seconds.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../scripts/fidelity-report';

const DOC = resolve(import.meta.dirname, '../../docs/fidelity.md');

describe('the fidelity report', () => {
  it('docs/fidelity.md is what `npm run fidelity` writes now, and every worked example is within tolerance', () => {
    const committed = readFileSync(DOC, 'utf8');
    const { text } = buildReport();
    // On failure: run `npm run fidelity` and read the diff of docs/fidelity.md before committing it.
    expect(committed === text, 'docs/fidelity.md is stale: run `npm run fidelity`').toBe(true);
    expect(text).not.toMatch(/outside tolerance|\*\*no\*\*|\*\*differs\*\*/);
  }, 60_000);
});
