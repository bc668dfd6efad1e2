/** Scenario `unprotected`'s "About the model": its sources and simplifications (loaded on demand). */
import { BASE_SIMPLIFICATIONS, BASE_SOURCES } from './common-about';
import type { ScenarioAbout } from './scenario';

export const about: ScenarioAbout = {
  sources: BASE_SOURCES,
  simplifications: [
    ...BASE_SIMPLIFICATIONS,
    'Host B takes no part: it only exchanges heartbeats, so it notices that A is gone but has nothing to resume.',
  ],
};
