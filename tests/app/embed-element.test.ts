/**
 * The `<kemari-lab>` element in jsdom: commands given before its asynchronous setup finishes are
 * carried out, in order, once it has started; `ready` settles then; its light-DOM fallback is shown
 * (slotted) while it starts and when it cannot start, and hidden once it has; every attribute
 * `attributesToQuery` knows, the `faults` alias included, is observed and rebuilds the widget.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from '@testing-library/svelte';
import type { EmbedSetup } from '../../src/app/embed-setup';

/** Holds setups back until released, or makes them fail. */
const gate = vi.hoisted(() => ({
  release: null as (() => void) | null,
  held: null as Promise<void> | null,
  failure: null as Error | null,
  queries: [] as string[],
}));

vi.mock('../../src/app/embed-setup', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/app/embed-setup')>();
  return {
    setUpEmbed: async (search: string): Promise<EmbedSetup> => {
      gate.queries.push(search);
      if (gate.held) await gate.held;
      if (gate.failure) throw gate.failure;
      return real.setUpEmbed(search);
    },
  };
});

const { KemariLabElement } = await import('../../src/app/embed-element');
const { attributesToQuery } = await import('../../src/app/embed-options');

type Lab = InstanceType<typeof KemariLabElement>;

function hold(): void {
  gate.held = new Promise((resolve) => (gate.release = resolve));
}

function addLab(attrs: Record<string, string>, fallback = true): { lab: Lab; link: HTMLAnchorElement } {
  const lab = document.createElement('kemari-lab') as Lab;
  for (const [name, value] of Object.entries(attrs)) lab.setAttribute(name, value);
  const link = document.createElement('a');
  link.href = './index.html';
  link.textContent = 'Open Kemari Lab';
  if (fallback) lab.append(link);
  document.body.append(lab);
  return { lab, link };
}

const button = (lab: Lab, name: string) => Array.from(lab.shadowRoot!.querySelectorAll('button')).find((b) => b.textContent === name);

beforeEach(() => {
  vi.stubGlobal('requestAnimationFrame', () => 1);
  vi.stubGlobal('cancelAnimationFrame', () => {});
  gate.held = null;
  gate.release = null;
  gate.failure = null;
  gate.queries = [];
});
afterEach(() => {
  document.body.replaceChildren();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('<kemari-lab> commands before it has started', () => {
  it('keeps play() and seek() given during setup and carries them out in order once it starts', async () => {
    hold();
    const { lab } = addLab({ scenario: 'kemari', controls: 'minimal' });
    lab.seek('1s');
    lab.play();
    lab.pause();
    lab.seek('2.5s');
    await Promise.resolve();
    expect(lab.stats).toBeNull();
    gate.release!();
    await waitFor(() => expect(lab.stats).not.toBeNull());
    expect(lab.stats).toMatchObject({ t: 2_500_000, playing: false });
  });

  it('carries out a play() given on the element before it is even on the page', async () => {
    const lab = document.createElement('kemari-lab') as Lab;
    lab.setAttribute('scenario', 'kemari');
    lab.play();
    document.body.append(lab);
    await waitFor(() => expect(lab.stats).not.toBeNull());
    await waitFor(() => expect(lab.stats?.playing).toBe(true));
  });

  it('has a ready promise that resolves once the widget is up, after the queued commands ran', async () => {
    hold();
    const { lab } = addLab({ scenario: 'kemari' });
    lab.seek('3s');
    let started = false;
    const ready = lab.ready.then(() => (started = true));
    await Promise.resolve();
    expect(started).toBe(false);
    gate.release!();
    await ready;
    expect(lab.stats).toMatchObject({ t: 3_000_000 });
    expect(button(lab, 'Power off host A')).toBeDefined();
  });

  it('keeps commands given while an attribute change rebuilds it, for the new widget', async () => {
    const { lab } = addLab({ scenario: 'kemari' });
    await lab.ready;
    hold();
    lab.setAttribute('seed', '5');
    lab.seek('2s');
    gate.release!();
    await lab.ready;
    expect(lab.shadowRoot!.textContent).toContain('seed 5');
    expect(lab.stats).toMatchObject({ t: 2_000_000 });
  });
});

describe('<kemari-lab> fallback children', () => {
  it('shows them while the widget starts and hides them once it has', async () => {
    hold();
    const { lab, link } = addLab({ scenario: 'kemari' });
    await Promise.resolve();
    expect(link.assignedSlot?.getRootNode()).toBe(lab.shadowRoot);
    gate.release!();
    await lab.ready;
    expect(link.assignedSlot).toBeNull();
    expect(lab.shadowRoot!.querySelector('[role="group"]')).not.toBeNull();
  });

  it('shows them again, and rejects ready, when the widget cannot start', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    gate.failure = new Error('no setup');
    const { lab, link } = addLab({ scenario: 'kemari' });
    await expect(lab.ready).rejects.toThrow('no setup');
    expect(link.assignedSlot?.getRootNode()).toBe(lab.shadowRoot);
    expect(lab.shadowRoot!.querySelector('[role="group"]')).toBeNull();
    expect(error).toHaveBeenCalledWith('kemari-lab could not start', gate.failure);

    // A failed rebuild of a running widget shows them too, not a widget for stale attributes.
    gate.failure = null;
    lab.setAttribute('seed', '2');
    await lab.ready;
    expect(link.assignedSlot).toBeNull();
    gate.failure = new Error('no setup again');
    lab.setAttribute('seed', '3');
    await expect(lab.ready).rejects.toThrow('no setup again');
    expect(link.assignedSlot?.getRootNode()).toBe(lab.shadowRoot);
    expect(lab.shadowRoot!.querySelector('[role="group"]')).toBeNull();
  });
});

describe('<kemari-lab> attributes', () => {
  it('observes every attribute attributesToQuery reads as an option, the faults alias included', () => {
    const names = [...KemariLabElement.observedAttributes];
    expect(names).toContain('faults');
    expect(names).toContain('fault');
    expect(names).toContain('bandwidthmbps');
    for (const name of names) {
      // Each observed name is one attributesToQuery turns into a known key (never passed through as unknown).
      const key = [...new URLSearchParams(attributesToQuery([[name, 'x']])).keys()][0];
      expect(key?.toLowerCase(), name).toBe(name === 'faults' ? 'fault' : name);
    }
  });

  it('rebuilds when the faults attribute changes', async () => {
    const { lab } = addLab({ scenario: 'kemari', controls: 'minimal' });
    await lab.ready;
    expect(gate.queries).toHaveLength(1);
    lab.setAttribute('faults', 'crash:A@1s');
    await lab.ready;
    expect(gate.queries).toHaveLength(2);
    expect(new URLSearchParams(gate.queries[1]).getAll('fault')).toEqual(['crash:A@1s']);
    lab.seek('2s');
    await waitFor(() => expect(button(lab, 'Power off host A')?.disabled).toBe(true));
  });
});
