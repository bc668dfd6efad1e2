/**
 * Before the browser journeys: fail at once, with the install hint, when there is no Chromium; build
 * the site into dist/ so journeys load exactly what ships.
 */
import { findChromium, NO_BROWSER_MESSAGE } from '../support/chromium';
import { buildSite } from '../support/build';

export default async function setup(): Promise<void> {
  if (!findChromium()) throw new Error(NO_BROWSER_MESSAGE);
  await buildSite();
}
