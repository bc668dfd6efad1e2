/**
 * An accessibility scan with axe-core for browser journeys: injects axe's source into a page (or one
 * frame of it) and returns the violations, each with its rule id, impact, help text and the elements
 * at fault. Injection goes through `evaluate`, which DevTools runs whatever the page's
 * Content-Security-Policy says, so a page served under a strict CSP can be scanned as it ships.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

export interface AxeViolation {
  /** axe's rule id, such as `color-contrast` or `button-name`. */
  readonly id: string;
  /** `minor`, `moderate`, `serious` or `critical` (null when axe gives none). */
  readonly impact: string | null;
  readonly help: string;
  /** The elements at fault, as CSS selectors, with axe's summary of what is wrong with each. */
  readonly nodes: readonly string[];
}

let source: string | undefined;

/** axe-core's browser bundle as text (read once). */
function axeSource(): string {
  source ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return source;
}

/**
 * Scans the whole document of `page` (or of one frame) with axe-core's default rules (WCAG 2.x A and
 * AA and best practices) and returns every violation. Frames inside it are not entered: scan a frame
 * by passing it.
 */
export async function scanPage(page: Page | Frame): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.evaluate(axeSource());
  return page.evaluate(async () => {
    interface AxeNode {
      target: unknown[];
      failureSummary?: string;
    }
    interface AxeResult {
      id: string;
      impact?: string | null;
      help: string;
      nodes: AxeNode[];
    }
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeResult[] }> } }).axe;
    const result = await axe.run(document, { iframes: false, resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.map(String).join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
    }));
  });
}

/** The violations a journey must not have: impact `serious` or `critical`. */
export function seriousOrWorse(violations: readonly AxeViolation[]): AxeViolation[] {
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
