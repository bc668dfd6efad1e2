/**
 * `npm run manifest`: writes custom-elements.json, the Custom Elements Manifest (schema 2.0.0) of the
 * `<kemari-lab>` element: its attributes (every one it observes: the run's keys, the widget's options and
 * each simulation parameter, with their meanings), its methods, its `ready` promise, its events and its
 * fallback slot. Editors and documentation tools read it; tests/app/custom-elements.test.ts checks that the
 * committed file is what this writes and that it lists exactly the attributes the element observes.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ATTRIBUTE_KEYS, CONTROLS, MAX_HEIGHT_PX, MIN_HEIGHT_PX, THEMES } from '../src/app/embed-options';
import { PARAMS, type ParamDef, type ParamName } from '../src/scenarios/params';
import { PARAM_MEANINGS } from '../src/scenarios/param-meanings';

export const MANIFEST_PATH = resolve(import.meta.dirname, '../custom-elements.json');

const RUN_ATTRIBUTES: Readonly<Record<string, { type: string; description: string }>> = {
  scenario: { type: 'string', description: 'The technique to run: unprotected, migration, postcopy, remus, naive, kemari, colo or lockstep.' },
  preset: { type: 'string', description: "One of the scenario's presets (its default otherwise)." },
  scene: { type: 'string', description: 'A tour scene to show with its captions instead of a run, such as kemari-takeover.' },
  seed: { type: 'string', description: 'The seed of the run (a whole number).' },
  t: { type: 'string', description: 'Where the playhead starts: a duration such as 2.5s, 40ms or 250us.' },
  until: { type: 'string', description: 'How long the run lasts (a duration); without it the run is live.' },
  speed: { type: 'string', description: 'Playback speed, such as 1, 10 or 0.1.' },
  autoplay: { type: 'boolean', description: 'Play once on screen (present, or autoplay="1").' },
  controls: { type: CONTROLS.map((c) => `'${c}'`).join(' | '), description: 'The widget\'s controls: none, minimal (Play/Pause, crash host A, Reset and the client\'s fate) or full (the lab\'s controls and timeline).' },
  theme: { type: THEMES.map((c) => `'${c}'`).join(' | '), description: 'Light, dark, or the reader\'s colour scheme (auto).' },
  height: { type: 'string', description: `A fixed height in CSS pixels, ${MIN_HEIGHT_PX} to ${MAX_HEIGHT_PX} (otherwise the widget fits its content).` },
  fault: { type: 'string', description: 'Faults, separated by spaces or commas: crash:A@3.5s, cut:link@2s, crash:A@checkpoint:12, restart:A@5s…' },
  faults: { type: 'string', description: 'The same as fault.' },
};

const typeOf = (p: ParamDef): string => (p.kind === 'number' ? 'number' : p.kind === 'bool' ? 'boolean' : p.options.map((o) => `'${o}'`).join(' | '));

/** The manifest, as the element is now. */
export function buildManifest(): object {
  const attributes = [...ATTRIBUTE_KEYS.entries()].map(([name, key]) => {
    const run = RUN_ATTRIBUTES[name];
    if (run) return { name, type: { text: run.type }, description: run.description };
    const p = PARAMS[key as keyof typeof PARAMS] as ParamDef;
    return { name, type: { text: typeOf(p) }, description: `${p.label}${'unit' in p && p.unit ? ` (${p.unit})` : ''}: ${PARAM_MEANINGS[key as ParamName]}`, fieldName: key };
  });
  const event = (name: string, detail: string, description: string) => ({ name, type: { text: `CustomEvent<${detail}>` }, description });
  return {
    schemaVersion: '2.0.0',
    readme: 'README.md',
    modules: [
      {
        kind: 'javascript-module',
        path: 'kemari-lab.js',
        declarations: [
          {
            kind: 'class',
            name: 'KemariLabElement',
            tagName: 'kemari-lab',
            customElement: true,
            description: 'Kemari Lab as one element: the stage, the client\'s xclock and the chosen controls of a deterministic run (or a tour scene), in a shadow root. Its light-DOM children are shown until it starts, and if it cannot.',
            superclass: { name: 'HTMLElement' },
            attributes,
            members: [
              { kind: 'method', name: 'play', description: 'Plays (once on screen).', return: { type: { text: 'void' } } },
              { kind: 'method', name: 'pause', description: 'Pauses.', return: { type: { text: 'void' } } },
              { kind: 'method', name: 'seek', description: 'Moves the playhead: t in µs, or a duration such as 2.5s.', parameters: [{ name: 't', type: { text: 'number | string' } }], return: { type: { text: 'void' } } },
              { kind: 'method', name: 'crash', description: 'Crashes host A (or B) now.', parameters: [{ name: 'host', type: { text: "'A' | 'B'" }, default: "'A'" }], return: { type: { text: 'void' } } },
              { kind: 'field', name: 'ready', type: { text: 'Promise<void>' }, readonly: true, description: 'Settles when the widget has started with its current attributes (rejected if it could not start).' },
            ],
            events: [
              event('kemari-lab:ready', '{ scenario: string; t: number; untilUs: number; playing: boolean }', 'The widget started (times in µs).'),
              event('kemari-lab:state', '{ t: number; playing: boolean }', 'Played, paused or moved.'),
              event('kemari-lab:crashed', "{ host: 'A' | 'B'; t: number }", 'A host was crashed.'),
              event('kemari-lab:session', '{ state: string; t: number }', "The client's session changed state (connected, stalled, reset, lost)."),
              event('kemari-lab:resize', '{ height: number }', 'The widget\'s height changed (CSS px).'),
            ],
            slots: [{ name: '', description: 'A fallback (such as a link to the lab), shown until the widget starts and if it cannot.' }],
          },
        ],
        exports: [
          { kind: 'js', name: 'KemariLabElement', declaration: { name: 'KemariLabElement', module: 'kemari-lab.js' } },
          { kind: 'custom-element-definition', name: 'kemari-lab', declaration: { name: 'KemariLabElement', module: 'kemari-lab.js' } },
        ],
      },
    ],
  };
}

/** The manifest's text as committed (two-space JSON and a final newline). */
export const manifestText = (): string => `${JSON.stringify(buildManifest(), null, 2)}\n`;

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  writeFileSync(MANIFEST_PATH, manifestText());
  console.log(`manifest: wrote ${MANIFEST_PATH}`);
}
