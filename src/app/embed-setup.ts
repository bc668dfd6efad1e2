/**
 * Turns the embed's options (a query string: URL keys of the iframe page, or the element's attributes
 * made into one) into what the widget needs: its options, the run, the start time and speed, and
 * every message about a value that could not be used. A `scene` loads the tour's scenes, the tour
 * engine and the captions on demand (a separate chunk for the iframe page), so a widget without one
 * does not carry them; they arrive before the widget is drawn, so its height does not jump.
 */
import type { Component } from 'svelte';
import type { FieldError, RunSpec } from '../scenarios/run-spec';
import type { Micros } from '../sim/time';
import { readEmbedOptions, type EmbedOptions } from './embed-options';
import type { SceneTour } from './embed-scene';
import type { FullControlsProps } from './EmbedControls.svelte';
import { scenarioIdOf } from '../scenarios/index';
import { loadTechnique } from './technique-loaders';
import { loadProtocol, loadRepair, needsRepair } from '../world/registry';
import { readUrl } from './url-state';

export interface EmbedSetup {
  readonly options: EmbedOptions;
  readonly spec: RunSpec;
  readonly t: Micros;
  readonly speed: number;
  /** No `until` given (by the page or the scene): the run extends as it plays, as the lab's does. */
  readonly live: boolean;
  /** The scene's title, when a scene was asked for and found. */
  readonly sceneTitle: string | null;
  /** The scene's tour and captions, when a scene was asked for and found. */
  readonly scene: SceneTour | null;
  /** The `full` controls, loaded before the widget is drawn (so it does not grow once they come). */
  readonly fullControls: Component<FullControlsProps> | null;
  readonly errors: readonly FieldError[];
}

/** Reads the options and the run from `search`; a bad value is reported and its default used. */
export async function setUpEmbed(search: string): Promise<EmbedSetup> {
  const { options, errors } = readEmbedOptions(search);
  const fullControls = options.controls === 'full' ? import('./EmbedFullControls.svelte').then((m) => m.default) : null;
  let query = search;
  let tourOf: ((t: Micros, speed: number) => SceneTour) | null = null;
  if (options.scene !== null) {
    const { getScene, SCENES, sceneTour, withScene } = await import('./embed-scene');
    const found = getScene(options.scene);
    if (found) {
      query = withScene(found, search);
      tourOf = (t, speed) => sceneTour(found, query, t, speed);
    } else {
      errors.push({ field: 'scene', message: `scene "${options.scene}" is not a scene of the tour; allowed: ${SCENES.map((s) => s.id).join(', ')}` });
    }
  }
  // Only the technique this widget shows is loaded (before it is drawn): its scenario's definition
  // (which reading the address needs), its descriptor, then its protocol.
  const scenario = await loadTechnique(scenarioIdOf(new URLSearchParams(query).get('scenario')));
  const url = readUrl(query);
  await Promise.all([loadProtocol(scenario.protocol), needsRepair(url.spec) ? loadRepair() : null]);
  // The tour starts where the page's keys said (t, speed), as `readUrl` checked them.
  const scene = tourOf?.(url.t, url.speed) ?? null;
  return {
    options: scene === null ? { ...options, scene: null } : options,
    spec: url.spec,
    t: url.t,
    speed: url.speed,
    live: url.live,
    sceneTitle: scene?.scene.title ?? null,
    scene,
    fullControls: fullControls && (await fullControls),
    errors: [...errors, ...url.errors],
  };
}
