/**
 * A `scene=` embed shows the scene's captions with Back and Next, driven by the lab's own Tour: where
 * the tour is, the caption as plain text, a gate's prompt with a button worded as the prompt (power
 * off or crash), keys while the widget has the focus, and Reset starting the scene again. The page's
 * own keys (a seed) still win over the scene's.
 */
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import EmbedApp from '../../src/app/EmbedApp.svelte';
import { gateButtonLabel, rawRunOf, sceneTour, withScene } from '../../src/app/embed-scene';
import { setUpEmbed } from '../../src/app/embed-setup';
import { getScene } from '../../src/scenarios/scenes';

beforeEach(() => {
  vi.stubGlobal('requestAnimationFrame', () => 1);
  vi.stubGlobal('cancelAnimationFrame', () => {});
});
afterEach(() => vi.unstubAllGlobals());

async function open(query: string) {
  const setup = await setUpEmbed(query);
  const view = render(EmbedApp, { ...setup, labHref: './index.html', emit: () => {} });
  flushSync();
  return { setup, user: userEvent.setup(), ...view };
}

const scene = () => screen.getByRole('region', { name: 'Scene' });
const where = () => within(scene()).getByText(/^Scene \d+ · step \d+ of \d+$/).textContent;
const back = () => screen.getByRole('button', { name: 'Back' });
const next = () => screen.getByRole('button', { name: 'Next' });
/** The step shown (beside it, unseen copies of every step hold the height; they are aria-hidden). */
const shown = () => scene().querySelector<HTMLElement>('.embed-captions > .embed-step')!;
const caption = () => shown().querySelector('.embed-caption')?.textContent;
const time = () => screen.getByRole('timer', { name: 'Simulated time' }).textContent;

describe('a scene embed', () => {
  it('shows the first step: where it is, the caption as plain text, Back off and Next on', async () => {
    await open('?scene=kemari-takeover');
    expect(where()).toBe('Scene 8 · step 1 of 5');
    expect(caption()).toBe(
      "Kemari (Tamura et al. 2008) has no epochs. When the guest's frontend notifies its backend through the event channel, the hypervisor traps the notify before dom0 sees it.",
    );
    expect(back()).toBeDisabled();
    expect(next()).toBeEnabled();
    // The playback bar is still there, and the foot names the scene.
    expect(screen.getByRole('button', { name: 'Power off host A' })).toBeEnabled();
    expect(screen.getByText('The Kemari takeover · seed 1')).toBeInTheDocument();
  });

  it('steps forward and back with Next and Back; Back restores the state it left', async () => {
    const { user } = await open('?scene=kemari-takeover');
    expect(time()).toBe('t = 980.000ms');
    // Next first finishes the step (to its pause point: the first trapped notify), then moves on.
    await user.click(next());
    expect(where()).toBe('Scene 8 · step 2 of 5');
    expect(caption()).toMatch(/^The guest pauses; its dirty pages and vCPU state go to B \(a synchronization\); B acknowledges/);
    expect(time()).toBe('t = 1000.000ms');
    await user.click(next());
    expect(where()).toBe('Scene 8 · step 3 of 5');
    expect(time()).toBe('t = 1016.257ms');
    await user.click(back());
    expect(where()).toBe('Scene 8 · step 2 of 5');
    expect(time()).toBe('t = 1016.257ms');
    await user.click(back());
    expect(where()).toBe('Scene 8 · step 1 of 5');
    expect(time()).toBe('t = 1000.000ms');
    expect(back()).toBeDisabled();
  });

  it('asks at the gate with a button worded as its prompt, which powers host A off and moves on', async () => {
    const { user } = await open('?scene=kemari-takeover');
    await user.click(next());
    await user.click(next());
    expect(where()).toBe('Scene 8 · step 3 of 5');
    expect(within(shown()).getByText('Your turn: power off host A (press K, or the button)')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Power off host A for me' }));
    expect(where()).toBe('Scene 8 · step 4 of 5');
    expect(screen.getByRole('button', { name: 'Power off host A' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Power off host A for me' })).toBeNull();
    await user.click(next());
    expect(where()).toBe('Scene 8 · step 5 of 5');
    expect(next()).toBeDisabled();
  });

  it('words a crash gate as a crash', async () => {
    const { user } = await open('?scene=unprotected-dies');
    await user.click(next());
    expect(where()).toBe('Scene 1 · step 2 of 4');
    expect(within(shown()).getByText('Your turn: crash host A (press K, or the button)')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Crash host A for me' })).toBeEnabled();
  });

  it('takes → / Page Down, ← / Page Up and K while the widget has the focus', async () => {
    const { user } = await open('?scene=kemari-takeover');
    screen.getByRole('group', { name: 'Kemari Lab: Kemari takeover' }).focus();
    await user.keyboard('{ArrowRight}');
    expect(where()).toBe('Scene 8 · step 2 of 5');
    await user.keyboard('{PageDown}');
    expect(where()).toBe('Scene 8 · step 3 of 5');
    await user.keyboard('k');
    expect(where()).toBe('Scene 8 · step 4 of 5');
    await user.keyboard('{PageUp}');
    expect(where()).toBe('Scene 8 · step 3 of 5');
    expect(screen.getByRole('button', { name: 'Power off host A' })).toBeEnabled();
    await user.keyboard('{ArrowLeft}');
    expect(where()).toBe('Scene 8 · step 2 of 5');
  });

  it('starts the scene again on Reset', async () => {
    const { user } = await open('?scene=kemari-takeover');
    await user.click(next());
    await user.click(next());
    await user.click(screen.getByRole('button', { name: 'Power off host A for me' }));
    await user.click(screen.getByRole('button', { name: 'Reset' }));
    expect(where()).toBe('Scene 8 · step 1 of 5');
    expect(back()).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Power off host A' })).toBeEnabled();
    expect(screen.getByRole('timer', { name: 'Simulated time' })).toHaveTextContent('t = 980.000ms');
  });

  it('keeps the seed the page gives', async () => {
    const { setup } = await open('?scene=kemari-takeover&seed=5');
    expect(setup.spec.seed).toBe(5);
    expect(setup.scene?.scene.run.seed).toBe('5');
    expect(screen.getByText('The Kemari takeover · seed 5')).toBeInTheDocument();
  });

  it('shows no captions without a scene, or with an unknown one', async () => {
    await open('?scenario=kemari');
    expect(screen.queryByRole('region', { name: 'Scene' })).toBeNull();
    const { setup } = await open('?scene=no-such-scene');
    expect(setup.scene).toBeNull();
    expect(screen.queryByRole('region', { name: 'Scene' })).toBeNull();
  });
});

describe('embed-scene', () => {
  it('words the gate button as the prompt: power off or crash', () => {
    expect(gateButtonLabel({ action: 'crash', host: 'A', prompt: 'Your turn: power off host A (press K, or the button)' })).toBe('Power off host A for me');
    expect(gateButtonLabel({ action: 'crash', host: 'B', prompt: 'Your turn: crash host B' })).toBe('Crash host B for me');
  });

  it('reads the run back from the query as readUrl does, and numbers the scene as the tour does', () => {
    expect(rawRunOf('?scenario=kemari&preset=stage&seed=5&clockHz=2&fault=crash:A@4s&t=1s&speed=2&scene=x&controls=none')).toEqual({
      scenario: 'kemari',
      preset: 'stage',
      seed: '5',
      until: undefined,
      params: [['clockHz', '2']],
      faults: ['crash:A@4s'],
    });
    const s = getScene('remus-buffering')!;
    const tour = sceneTour(s, withScene(s, '?seed=3'), 990_000, 0.01);
    expect(tour.number).toBe(6);
    expect(tour.scene.run).toMatchObject({ scenario: 'remus', preset: 'default', seed: '3', until: '6s' });
    expect(tour.words[2]).toEqual({ caption: 'The client has shown the frame, and B already holds the state behind it.', gate: { prompt: 'Your turn: crash host A (press K, or the button)', button: 'Crash host A for me' } });
  });
});
