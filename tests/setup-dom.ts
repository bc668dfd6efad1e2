import '@testing-library/jest-dom/vitest';

// jsdom lays nothing out: a ResizeObserver that never reports (sizes stay 0, and components that
// measure themselves use their fallbacks).
if (!('ResizeObserver' in globalThis)) {
  (globalThis as { ResizeObserver?: unknown }).ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}
