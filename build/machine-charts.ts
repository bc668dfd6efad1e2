/**
 * The statecharts of every machine, extracted from the machine objects. The layout plugin imports
 * this module fresh through Vite's module runner on each build, so edits to a machine (or to the
 * extractor) reach the diagrams without a restart.
 */
import { MACHINES } from '../src/machines/catalogue';
import { statechart, type Statechart } from '../src/machines/statechart';

export const charts: readonly Statechart[] = MACHINES.map(statechart);
