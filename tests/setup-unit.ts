// Every protocol and scenario loaded, as the runner has them, and every technique's descriptor, as the
// lab has them (a page that shows one technique loads only its own).
import '../src/world/all-protocols';
import '../src/view/techniques/all';
// Property tests explore new random cases on every local run; on CI (CI=true) they replay a fixed
// seed, so a green main stays green. FC_SEED=<n> replays any seed (fast-check prints it on failure).
import fc from 'fast-check';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20_261_125 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });
