/**
 * The client's figures in "What happened": frames, stall, gaps, duplicates, rollbacks; and, in a run
 * whose client sends requests, how many were answered and lost and how long an answer took.
 */
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import ClientStats from '../../src/view/ClientStats.svelte';
import { createWorld } from '../../src/world/world';

function frameOf(params: [string, string][], until = '6s') {
  const { spec } = resolveRun({ scenario: 'remus', until, params, faults: ['crash:A@3s'] });
  const w = createWorld(spec);
  w.runUntil(spec.untilUs);
  return w.frameAt(spec.untilUs);
}

const value = (term: string) => {
  const dt = within(screen.getByLabelText('Client figures')).queryByText(term, { selector: 'dt' });
  return dt ? dt.nextElementSibling?.textContent?.trim() : null;
};

describe('ClientStats', () => {
  it("shows the requests' figures when the client sends requests: Remus answers after its checkpoint", () => {
    const frame = frameOf([['requestsPerSec', '20']]);
    render(ClientStats, { client: frame.client, requests: frame.requests });
    expect(value('requests answered')).toBe('104 of 111');
    expect(value('requests lost')).toBe('6');
    expect(value('reply time (mean)')).toBe('6.98 ms');
    expect(value('reply time (p95)')).toBe('25.8 ms');
  });

  it('shows no request figures when the client sends none', () => {
    const frame = frameOf([], '2s');
    render(ClientStats, { client: frame.client, requests: frame.requests });
    expect(value('frames')).toBe('2');
    expect(value('requests answered')).toBeNull();
  });
});
