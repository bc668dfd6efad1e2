/**
 * The tour panel driving a real lab session (with prefers-reduced-motion, so each step shows its
 * pause point at once: no animation frames in the test): captions change step by step, a gate waits
 * and its button (or K) crashes host A, Back restores the exact earlier state, digits jump to scenes,
 * the glossary opens from a caption's term, and `?` opens the shortcut help that Escape closes.
 */
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultRun } from '../../src/scenarios/run-spec';
import { SCENES } from '../../src/scenarios/scenes';
import { Session } from '../../src/app/session.svelte';
import TourPanel from '../../src/app/tour/TourPanel.svelte';

let session: Session;
const calls = { highlight: [] as string[][], scene: [] as string[] };

function open(sceneIndex = 0) {
  session = new Session(defaultRun('migration'));
  return render(TourPanel, {
    props: {
      session,
      present: false,
      sceneId: SCENES[sceneIndex].id,
      onExit: () => {},
      onPresent: () => {},
      onHighlight: (p: readonly string[]) => calls.highlight.push([...p]),
      onScene: (id: string) => calls.scene.push(id),
    },
  });
}

const caption = () => screen.getByText((_, el) => el?.classList.contains('caption') === true).textContent ?? '';
const click = async (name: string | RegExp) => {
  await fireEvent.click(screen.getByRole('button', { name }));
  flushSync();
};

beforeEach(() => {
  vi.stubGlobal('matchMedia', (q: string) => ({ matches: q.includes('reduced-motion'), media: q, addEventListener() {}, removeEventListener() {} }));
  calls.highlight = [];
  calls.scene = [];
});
afterEach(() => {
  session?.destroy();
  vi.unstubAllGlobals();
});

describe('TourPanel', () => {
  it('opened by Present with no scene, starts at the first scene of the scenario on screen', () => {
    session = new Session(defaultRun('remus'));
    const props = { session, present: true, sceneId: '', onExit: () => {}, onPresent: () => {}, onHighlight: () => {}, onScene: () => {} };
    const { unmount } = render(TourPanel, { props: { ...props, fromScenario: 'remus' } });
    expect(screen.getByText('Scene 6 of 11 · step 1 of 4')).toBeInTheDocument();
    unmount();
    render(TourPanel, { props: { ...props, fromScenario: 'kemari' } });
    expect(screen.getByText('Scene 8 of 11 · step 1 of 5')).toBeInTheDocument();
  });

  it('steps through a scene, waits at the gate, and goes back to the exact earlier states', async () => {
    open(0);
    expect(screen.getByRole('heading', { name: 'The unprotected VM dies' })).toBeInTheDocument();
    expect(screen.getByText('Scene 1 of 11 · step 1 of 4')).toBeInTheDocument();
    expect(caption()).toMatch(/^A guest VM \(domU\) runs on host A/);
    expect(session.spec.scenario).toBe('unprotected');
    expect([session.t, session.playing]).toEqual([2_500_000, false]);
    expect(calls.highlight[0]).toEqual(['hostA', 'xclock']);
    expect(calls.scene).toContain('unprotected-dies');
    expect(screen.getByRole('button', { name: '← Back' })).toBeDisabled();

    await click('Next →');
    expect(caption()).toMatch(/^Host B is up, but nothing copies the VM/);
    expect(screen.getByText('Your turn: crash host A (press K, or the button)')).toBeInTheDocument();
    // The gate waits: nothing moves until host A goes down.
    expect([session.t, session.spec.faults]).toEqual([2_500_000, []]);

    await click('Crash host A for me');
    expect(caption()).toMatch(/^Host A stopped dead/);
    expect(session.spec.faults).toEqual([{ kind: 'crash', target: 'A', atUs: 2_500_000 }]);
    // Paused where host B has declared A dead, plus 200 ms.
    expect(session.t).toBe(2_900_100);
    expect(session.frame.hosts.A.power).toBe('crashed');

    await click('← Back');
    expect(caption()).toMatch(/^Host B is up/);
    expect([session.t, session.spec.faults]).toEqual([2_500_000, []]);
    expect(session.frame.hosts.A.power).toBe('up');

    await click('← Back');
    expect(caption()).toMatch(/^A guest VM/);
    expect(session.t).toBe(2_500_000);
  });

  it('K crashes host A at a gate and the tour goes on by itself', async () => {
    open(0);
    await click('Next →');
    await fireEvent.keyDown(window, { key: 'k' });
    flushSync();
    expect(session.spec.faults).toEqual([{ kind: 'crash', target: 'A', atUs: 2_500_000 }]);
    expect(caption()).toMatch(/^Host A stopped dead/);
  });

  it('arrow and page keys step, digits jump to scenes, R resets the scene', async () => {
    open(0);
    await fireEvent.keyDown(window, { key: 'PageDown' });
    expect(caption()).toMatch(/^Host B is up/);
    await fireEvent.keyDown(window, { key: 'ArrowLeft' });
    expect(caption()).toMatch(/^A guest VM/);
    await fireEvent.keyDown(window, { key: '7' });
    expect(screen.getByRole('heading', { name: 'Naive snapshots break' })).toBeInTheDocument();
    expect(session.spec.scenario).toBe('naive');
    await fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(screen.getByText('Scene 7 of 11 · step 2 of 3')).toBeInTheDocument();
    await fireEvent.keyDown(window, { key: 'r' });
    expect(screen.getByText('Scene 7 of 11 · step 1 of 3')).toBeInTheDocument();
    expect(session.t).toBe(3_260_000);
    // Back from the scene's start returns to where the jump came from.
    await fireEvent.keyDown(window, { key: 'PageUp' });
    expect(screen.getByRole('heading', { name: 'The unprotected VM dies' })).toBeInTheDocument();
  });

  it('opens the glossary at a caption term, and the shortcut help with ? (Escape closes it)', async () => {
    open(0);
    await fireEvent.click(screen.getByRole('link', { name: 'domU' }));
    flushSync();
    const glossary = screen.getByRole('region', { name: 'Glossary' });
    expect(within(glossary).getByText('domU')).toBeInTheDocument();
    expect(within(glossary).getByText(/An unprivileged guest domain/)).toBeInTheDocument();

    await fireEvent.keyDown(window, { key: '?' });
    const help = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(help).getByText('Kill the primary (crash the host that runs the VM)')).toBeInTheDocument();
    // While the help is open, other keys do nothing.
    await fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(caption()).toMatch(/^A guest VM/);
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
