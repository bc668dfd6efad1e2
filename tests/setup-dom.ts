import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/svelte';

// jsdom lays nothing out: a ResizeObserver that never reports (sizes stay 0, and components that
// measure themselves use their fallbacks).
if (!('ResizeObserver' in globalThis)) {
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

// waitFor and findBy* give up after 1 s by default: a component loaded on demand (a dynamic import)
// can take longer while the browser journeys run beside these tests on a 2-core machine. A guard
// against a hang, not a measure of speed.
configure({ asyncUtilTimeout: 10_000 });
