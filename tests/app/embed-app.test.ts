import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import EmbedApp from '../../src/app/EmbedApp.svelte';
import type { EmbedEvent } from '../../src/app/embed-messages';
import { DEFAULT_EMBED_OPTIONS, type EmbedOptions } from '../../src/app/embed-options';
import { setUpEmbed } from '../../src/app/embed-setup';
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
    expect(screen.getByRole('link', { name: /Open in Kemari Lab/ }).getAttribute('href')).toMatch(/^\.\/index\.html\?v=2&scenario=kemari&/);
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

  it('starts with a bad value given twice, listing it once (a repeated key crashed the list before)', () => {
    const bad = { field: 'fault', message: 'fault "crash:C@1s": target must be A or B; got "C"' };
    setup({}, { errors: [bad, { ...bad }] });
    expect(screen.getByRole('status').querySelectorAll('li')).toHaveLength(1);
    expect(screen.getByRole('button', { name: 'Play' })).toBeInTheDocument();
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

  it('says the client\'s fate in one line under the minimal controls once a host is down, in room kept for it', async () => {
    const setup = await setUpEmbed('?scenario=kemari&controls=minimal&fault=crash:A@3.5s&t=5s');
    render(EmbedApp, { ...setup, emit: () => {} });
    expect(await screen.findByText('Host B took over in 200 ms; frames came at most 25.9 ms late.')).toHaveClass('embed-outcome');
  });

  it('keeps the outcome line empty before a crash, says a stopped clock or a session lost to the watchdog, and has none without minimal controls', async () => {
    const { container, user } = setup({}, { t: 3_000_000 });
    const line = container.querySelector('.embed-outcome');
    expect(line).toHaveTextContent('');
    await user.click(screen.getByRole('button', { name: 'Power off host A' }));
    expect(await screen.findByText('No copy of the VM runs yet: host B has not taken over.')).toBe(line);

    // No copy of the VM runs: the session is stalled for good; the outcome line says so (the widget keeps its height: no extra line under the clock).
    const stalled = await setUpEmbed('?scenario=unprotected&until=8s&fault=crash:A@3s&t=8s');
    const stalledView = render(EmbedApp, { ...stalled, emit: () => {} });
    expect(await screen.findByText("No copy of the VM runs: the client's clock has stopped.")).toHaveClass('embed-outcome');
    expect(screen.getByText('Session: stalled')).toBeInTheDocument();
    expect(screen.queryByText('No copy of the VM runs anywhere: this session cannot recover.')).toBeNull();
    stalledView.unmount();

    // With the viewer's watchdog at 2.5 s the session is lost (at 4.5002 s).
    const lost = await setUpEmbed('?scenario=unprotected&until=8s&fault=crash:A@3s&clientTimeoutMs=2500&t=8s');
    render(EmbedApp, { ...lost, emit: () => {} });
    expect(await screen.findByText("No copy of the VM runs: the client's session was lost.")).toHaveClass('embed-outcome');

    const none = render(EmbedApp, { ...(await setUpEmbed('?scenario=kemari&controls=none&fault=crash:A@3.5s&t=5s')), emit: () => {} });
    expect(none.container.querySelector('.embed-outcome')).toBeNull();
  });

  it('is live (its run extends as it plays) unless the page or the scene gives an `until`', async () => {
    expect((await setUpEmbed('?scenario=kemari')).live).toBe(true);
    expect((await setUpEmbed('?scenario=kemari&until=5s')).live).toBe(false);
    // The Kemari climax scene names no length; the Remus buffering scene runs 6 s.
    expect((await setUpEmbed('?scene=kemari-takeover')).live).toBe(true);
    expect((await setUpEmbed('?scene=remus-buffering')).live).toBe(false);
    const live = await setUpEmbed('?scenario=kemari&t=19s');
    const events: EmbedEvent[] = [];
    const { component } = render(EmbedApp, { ...live, emit: (e: EmbedEvent) => events.push(e) });
    // 20 s is the scenario's own length; within 2 s of it the live run has grown by 10 s.
    expect(component.stats().t).toBe(19_000_000);
    await vi.waitFor(() => expect(events.find((e) => e.type === 'kemari-lab:ready')).toMatchObject({ untilUs: 30_000_000 }));
    expect(screen.getByRole('img', { name: 'xclock shows 00:00:18' })).toBeInTheDocument();
  });
});
