/**
 * A `scene=` embed's tour, loaded on demand with its captions (EmbedScene.svelte, which drives the
 * lab's own Tour class), so only embeds with a scene pay for the scenes and the tour engine: the
 * scene's run with the page's own keys laid over it, the scene as the tour plays it, its number in
 * the tour, and each step's words (the caption as plain text, a gate's prompt and button). Pure but
 * for the component it hands over.
 */
import type { RawRun } from '../scenarios/run-spec';
import { getScene, SCENES, type Scene } from '../scenarios/scenes';
import type { Micros } from '../sim/time';
import EmbedScene from './EmbedScene.svelte';
import { stepWords, type StepWords } from './step-words';
import { OTHER_KEYS, RUN_KEYS } from './url-state';

export { getScene, SCENES };
export { gateButtonLabel, type StepWords } from './step-words';

/** What the embed takes from a tour scene: its run (raw text), start time (µs) and speed. */
export interface SceneRun {
  readonly run: RawRun;
  readonly startUs: number;
  readonly speed: number;
}

/**
 * The query string for a scene's run with the page's own keys laid over it, field by field: a key
 * given in `search` (`seed`, a parameter, `t`...) wins over the scene's; `fault` keys, when given,
 * replace the scene's faults. The embed's own keys pass through.
 */
export function withScene(scene: SceneRun, search: string | URLSearchParams): string {
  const given = typeof search === 'string' ? new URLSearchParams(search) : search;
  const q = new URLSearchParams();
  const { run } = scene;
  if (run.scenario !== undefined) q.set('scenario', run.scenario);
  if (run.preset !== undefined) q.set('preset', run.preset);
  if (run.seed !== undefined) q.set('seed', run.seed);
  if (run.until !== undefined) q.set('until', run.until);
  for (const [name, value] of run.params ?? []) q.set(name, value);
  for (const f of run.faults ?? []) q.append('fault', f);
  q.set('t', `${Math.max(0, Math.round(scene.startUs))}us`);
  q.set('speed', String(scene.speed));
  if (given.has('fault')) q.delete('fault');
  for (const [key, value] of given) {
    if (key === 'fault') q.append(key, value);
    else q.set(key, value);
  }
  return `?${q.toString()}`;
}

/**
 * The run a query string names, as raw text (read as `readUrl` reads it), so the tour resolves the
 * very run the widget shows: a seed or parameter the page gives wins over the scene's.
 */
export function rawRunOf(query: string): RawRun {
  const q = new URLSearchParams(query);
  const text = (key: string) => q.get(key) ?? undefined;
  return {
    scenario: text('scenario'),
    preset: text('preset'),
    seed: text('seed'),
    until: text('until'),
    params: [...q].filter(([key]) => !RUN_KEYS.has(key) && !OTHER_KEYS.has(key)),
    faults: q.getAll('fault'),
  };
}

/** What a scene embed shows besides the run: the scene as the tour plays it, and its captions. */
export interface SceneTour {
  /** The scene with the page's keys laid over its run, start and speed (the tour plays this). */
  readonly scene: Scene;
  /** Its place in the tour (1-based), as the lab's tour numbers it. */
  readonly number: number;
  /** Each step's words, in order. */
  readonly words: readonly StepWords[];
  readonly Captions: typeof EmbedScene;
}

/**
 * The tour of `scene` as the widget plays it: `query` is the scene's run with the page's keys laid
 * over it (`withScene`), `startUs` and `speed` the start they give (as `readUrl` checked them).
 */
export function sceneTour(scene: Scene, query: string, startUs: Micros, speed: number): SceneTour {
  return {
    scene: { ...scene, run: rawRunOf(query), startUs, speed },
    number: SCENES.findIndex((s) => s.id === scene.id) + 1,
    words: scene.steps.map(stepWords),
    Captions: EmbedScene,
  };
}
