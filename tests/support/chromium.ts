/**
 * Finds and launches Debian's Chromium for browser journeys and benches. Never downloads a browser:
 * `CHROMIUM_PATH` overrides, else /usr/lib/chromium/chromium (the binary) or /usr/bin/chromium.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_CANDIDATES = ['/usr/lib/chromium/chromium', '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** Flags for a headless Chromium on a machine with no outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const NO_BROWSER_MESSAGE =
  'No Chromium found for the browser tests. Install it with `apt-get update && apt-get install -y chromium` ' +
  '(binary /usr/lib/chromium/chromium), or set CHROMIUM_PATH to a Chromium binary.';

/** The Chromium binary to use, or undefined when there is none. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CHROMIUM_CANDIDATES.find((p) => existsSync(p));
}

/** Launches headless Chromium, or throws with the install hint. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(NO_BROWSER_MESSAGE);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
