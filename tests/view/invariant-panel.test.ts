import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { resolveRun } from '../../src/scenarios/run-spec';
import InvariantPanel from '../../src/view/InvariantPanel.svelte';
import { verdicts, verdictSummary } from '../../src/view/invariants';
import { TECHNIQUES } from '../../src/view/techniques/all';
import type { Violation } from '../../src/world/frame';
import { createWorld } from '../../src/world/world';

function run(scenario: string, faults: string[] = [], until = '8s') {
  const { spec } = resolveRun({ scenario, faults, until });
  const w = createWorld(spec);
  w.runUntil(spec.untilUs);
  return w;
}
const naive = run('naive', ['crash:A@3.3s']);
const kemari = run('kemari', ['crash:A@3.5s']);
const remus = run('remus', ['crash:A@3.3s']);

const panel = () => screen.getByRole('region', { name: 'Rules' });
const rule = (name: string) => within(panel()).getByText(name, { selector: 'code' }).closest('li')!;

describe('InvariantPanel', () => {
  it('naive after a harmful crash: output-commit and client-never-rolls-back broken, with when and how', () => {
    const f = naive.frameAt(8_000_000);
    render(InvariantPanel, { rules: TECHNIQUES.naive.rules, violations: f.violations });
    const items = within(panel()).getAllByRole('listitem');
    expect(items.map((li) => li.querySelector('code')!.textContent)).toEqual([
      'output-commit',
      'backup-disk-committed-only',
      'no-split-brain',
      'client-never-rolls-back',
    ]);
    const rollback = rule('client-never-rolls-back');
    expect(rollback).toHaveAttribute('data-verdict', 'broken');
    expect(rollback).toHaveTextContent('✖');
    expect(rollback).toHaveTextContent('client-never-rolls-back broken at t = 3.5 s');
    expect(rollback).toHaveTextContent('the client saw frame 14 again with other content');
    expect(rule('output-commit')).toHaveTextContent('output-commit broken at t = 0');
    expect(rule('output-commit')).toHaveTextContent('left host A before the backup held the state that produced it');
    const holds = rule('no-split-brain');
    expect(holds).toHaveAttribute('data-verdict', 'holds');
    expect(holds).toHaveTextContent('✓');
    expect(holds).toHaveTextContent('no-split-brain holds');
    expect(screen.getByText('3 of 4 rules broken: output-commit, backup-disk-committed-only, client-never-rolls-back.')).toBeInTheDocument();
  });

  it('the rollback is not broken before the crash takes effect', () => {
    render(InvariantPanel, { rules: TECHNIQUES.naive.rules, violations: naive.frameAt(3_400_000).violations });
    expect(rule('client-never-rolls-back')).toHaveAttribute('data-verdict', 'holds');
    expect(rule('output-commit')).toHaveAttribute('data-verdict', 'broken');
  });

  it('Kemari and Remus keep every rule across a crash of host A', () => {
    const { unmount } = render(InvariantPanel, { rules: TECHNIQUES.kemari.rules, violations: kemari.frameAt(8_000_000).violations });
    expect(within(panel()).getAllByRole('listitem').map((li) => li.querySelector('code')!.textContent)).toEqual(['sync-before-output', 'no-split-brain', 'client-never-rolls-back']);
    expect(within(panel()).queryAllByText('✖')).toHaveLength(0);
    expect(screen.getByText('All 3 rules hold so far.')).toBeInTheDocument();
    unmount();
    render(InvariantPanel, { rules: TECHNIQUES.remus.rules, violations: remus.frameAt(8_000_000).violations });
    expect(screen.getByText('All 4 rules hold so far.')).toBeInTheDocument();
  });

  it('is a polite live region only for its summary, which changes only with a verdict', async () => {
    const { rerender } = render(InvariantPanel, { rules: TECHNIQUES.naive.rules, violations: naive.frameAt(2_000_000).violations });
    const live = panel().querySelectorAll('[aria-live]');
    expect(live).toHaveLength(1);
    expect(live[0]).toHaveAttribute('aria-live', 'polite');
    const before = live[0].textContent;
    await rerender({ rules: TECHNIQUES.naive.rules, violations: naive.frameAt(3_000_000).violations });
    expect(live[0].textContent).toBe(before);
    await rerender({ rules: TECHNIQUES.naive.rules, violations: naive.frameAt(4_000_000).violations });
    expect(live[0].textContent).toBe('3 of 4 rules broken: output-commit, backup-disk-committed-only, client-never-rolls-back.');
  });

  it('shows a broken rule the technique does not list, so nothing broken is hidden', () => {
    const extra: Violation = { name: 'something-else', atUs: 1_000, detail: 'why' };
    render(InvariantPanel, { rules: TECHNIQUES.unprotected.rules, violations: [extra] });
    expect(within(panel()).getAllByRole('listitem')).toHaveLength(2);
    expect(rule('something-else')).toHaveTextContent('something-else broken at t = 1 ms');
    expect(rule('client-never-rolls-back')).toHaveAttribute('data-verdict', 'holds');
  });
});

describe('invariants (pure)', () => {
  it('keeps the first breach of each rule', () => {
    const list = verdicts(TECHNIQUES.kemari.rules, [
      { name: 'no-split-brain', atUs: 5, detail: 'first' },
      { name: 'no-split-brain', atUs: 9, detail: 'again' },
    ]);
    expect(list.find((v) => v.name === 'no-split-brain')).toMatchObject({ holds: false, atUs: 5, detail: 'first' });
    expect(list.filter((v) => v.holds).map((v) => v.name)).toEqual(['sync-before-output', 'client-never-rolls-back']);
    expect(verdictSummary(list)).toBe('1 of 3 rules broken: no-split-brain.');
  });

  it('lists the rules of each technique', () => {
    expect(TECHNIQUES.unprotected.rules.map((r) => r.name)).toEqual(['client-never-rolls-back']);
    expect(TECHNIQUES.kemari.rules.map((r) => r.name)).toEqual(['sync-before-output', 'no-split-brain', 'client-never-rolls-back']);
    expect(TECHNIQUES.remus.rules.map((r) => r.name)).toEqual(TECHNIQUES.naive.rules.map((r) => r.name));
    expect(TECHNIQUES.remus.rules.map((r) => r.name)).toEqual(['output-commit', 'backup-disk-committed-only', 'no-split-brain', 'client-never-rolls-back']);
  });

  it('offers to go to the instant each broken rule broke, and none for a rule that holds', async () => {
    const f = naive.frameAt(8_000_000);
    const onJump = vi.fn();
    render(InvariantPanel, { rules: TECHNIQUES.naive.rules, violations: f.violations, onJump });
    const broken = f.violations.find((v) => v.name === 'output-commit')!;
    await userEvent.setup().click(within(rule('output-commit')).getByRole('button', { name: /^Go to where output-commit broke/ }));
    expect(onJump).toHaveBeenCalledWith(broken.atUs);
    expect(within(rule('no-split-brain')).queryByRole('button')).toBeNull();
  });
});
