/**
 * The embed's crash button takes its wording from the lab's `crashALabel` (crash-label), so the
 * lab and the widget cannot word it differently.
 */
import { render, screen } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import EmbedApp from '../../src/app/EmbedApp.svelte';
import { DEFAULT_EMBED_OPTIONS } from '../../src/app/embed-options';
import { crashALabel } from '../../src/app/crash-label';
import { resolveRun } from '../../src/scenarios/run-spec';

vi.mock('../../src/app/crash-label', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/app/crash-label')>();
  return { ...real, crashALabel: vi.fn((scenario: string) => `${real.crashALabel(scenario)} (${scenario})`) };
});

beforeEach(() => {
  vi.stubGlobal('requestAnimationFrame', () => 1);
  vi.stubGlobal('cancelAnimationFrame', () => {});
});
afterEach(() => vi.unstubAllGlobals());

describe('EmbedControls', () => {
  it.each(['kemari', 'remus', 'unprotected'])('labels the crash button with crashALabel for %s', (scenario) => {
    render(EmbedApp, { spec: resolveRun({ scenario }).spec, options: DEFAULT_EMBED_OPTIONS, emit: () => {} });
    flushSync();
    expect(screen.getByRole('button', { name: crashALabel(scenario) })).toBeInTheDocument();
    expect(crashALabel).toHaveBeenCalledWith(scenario);
  });
});
