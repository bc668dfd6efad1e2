import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import EmbedApp from '../../src/app/EmbedApp.svelte';
import type { EmbedEvent } from '../../src/app/embed-messages';
import { DEFAULT_EMBED_OPTIONS, type EmbedOptions } from '../../src/app/embed-options';
import { resolveRun } from '../../src/scenarios/run-spec';

beforeEach(() => {
  vi.stubGlobal('requestAnimationFrame', () => 1);
  vi.stubGlobal('cancelAnimationFrame', () => {});
});
afterEach(() => vi.unstubAllGlobals());

function setup(options: Partial<EmbedOptions> = {}, extra: Record<string, unknown> = {}) {
  const events: EmbedEvent[] = [];
  const view = render(EmbedApp, {
    spec: resolveRun({ scenario: 'kemari' }).spec,
    options: { ...DEFAULT_EMBED_OPTIONS, ...options },
    labHref: './index.html',
    emit: (e: EmbedEvent) => events.push(e),
    ...extra,
  });
  flushSync();
  return { events, user: userEvent.setup(), ...view };
}

const widget = () => screen.getByRole('group', { name: 'Kemari Lab: Kemari takeover' });

describe('EmbedApp', () => {
  it('shows the stage, the xclock with its session, and the minimal controls', () => {
    const { events } = setup();
    expect(screen.getByRole('img', { name: /^Stage\./ })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /^xclock shows / })).toBeInTheDocument();
    expect(screen.getByText(/^Session:/)).toHaveTextContent('Session: connected');
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Play', 'Power off host A', 'Reset']);
    expect(screen.getByRole('link', { name: /Open in Kemari Lab/ }).getAttribute('href')).toMatch(/^\.\/index\.html\?v=1&scenario=kemari&/);
    expect(events[0]).toEqual({ type: 'kemari-lab:ready', scenario: 'kemari', t: 0, untilUs: expect.any(Number), playing: false });
  });

  it('shows no controls with controls=none', () => {
    setup({ controls: 'none' });
    expect(screen.queryAllByRole('button')).toEqual([]);
  });

  it('loads the lab\'s controls and timeline with controls=full', async () => {
    setup({ controls: 'full' });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Crash host B' })).toBeInTheDocument());
    expect(screen.getByRole('slider', { name: 'Playhead' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Power off host A' })).toBeInTheDocument();
  });

  it('lists bad options as text, never as markup', () => {
    const { container } = setup({}, { errors: [{ field: 'controls', message: 'controls must be one of none, minimal, full; got "<img src=x>"' }] });
    expect(screen.getByRole('status')).toHaveTextContent('controls: controls must be one of none, minimal, full; got "<img src=x>"');
    expect(container.querySelector('img')).toBeNull();
  });

  it('answers its keys only while it has the focus', async () => {
    const { user, events } = setup();
    document.body.focus();
    await user.keyboard(' ');
    expect(screen.getByRole('button', { name: 'Play' })).toBeInTheDocument();
    widget().focus();
    await user.keyboard(' ');
    expect(screen.getByRole('button', { name: 'Pause' })).toBeInTheDocument();
    expect(events.at(-1)).toMatchObject({ type: 'kemari-lab:state', playing: true });
  });

  it('reports a crash made with its button', async () => {
    const { user, events } = setup({}, { t: 1_000_000 });
    await user.click(screen.getByRole('button', { name: 'Power off host A' }));
    expect(screen.getByRole('button', { name: 'Power off host A' })).toBeDisabled();
    expect(events).toContainEqual({ type: 'kemari-lab:crashed', host: 'A', t: 1_000_000 });
  });
});
