/** Scenario `unprotected`'s "About the model": its sources and simplifications (loaded on demand). */
import { BASE_SIMPLIFICATIONS, BASE_SOURCES } from './common-about';
import type { ScenarioAbout } from './scenario';

export const about: ScenarioAbout = {
  summary:
    'The VM runs on host A only. Host B has no copy of it: when A dies, the VM dies with it and the client\'s session is lost.',
  sources: BASE_SOURCES,
  simplifications: [
    ...BASE_SIMPLIFICATIONS,
    'Host B takes no part: it only exchanges heartbeats, so it notices that A is gone but has nothing to resume.',
  ],
};
