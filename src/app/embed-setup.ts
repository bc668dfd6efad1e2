/**
 * Turns the embed's options (a query string: URL keys of the iframe page, or the element's attributes
 * made into one) into what the widget needs: its options, the run, the start time and speed, and
 * every message about a value that could not be used. A `scene` loads the tour's scenes on demand
 * (a separate chunk for the iframe page), so a widget without one does not carry them.
 */
import type { FieldError, RunSpec } from '../scenarios/run-spec';
import type { Micros } from '../sim/time';
import { readEmbedOptions, withScene, type EmbedOptions } from './embed-options';
import { readUrl } from './url-state';

export interface EmbedSetup {
  readonly options: EmbedOptions;
  readonly spec: RunSpec;
  readonly t: Micros;
  readonly speed: number;
  /** The scene's title, when a scene was asked for and found. */
  readonly sceneTitle: string | null;
  readonly errors: readonly FieldError[];
}

/** Reads the options and the run from `search`; a bad value is reported and its default used. */
export async function setUpEmbed(search: string): Promise<EmbedSetup> {
  const { options, errors } = readEmbedOptions(search);
  let query = search;
  let sceneTitle: string | null = null;
  if (options.scene !== null) {
    const { getScene, SCENES } = await import('../scenarios/scenes');
    const scene = getScene(options.scene);
    if (scene) {
      query = withScene(scene, search);
      sceneTitle = scene.title;
    } else {
      errors.push({ field: 'scene', message: `scene "${options.scene}" is not a scene of the tour; allowed: ${SCENES.map((s) => s.id).join(', ')}` });
    }
  }
  const url = readUrl(query);
  return {
    options: errors.some((e) => e.field === 'scene') ? { ...options, scene: null } : options,
    spec: url.spec,
    t: url.t,
    speed: url.speed,
    sceneTitle,
    errors: [...errors, ...url.errors],
  };
}
