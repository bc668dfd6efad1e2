/**
 * The tour's data against the simulation: every scene's run is valid, speeds are offered ones,
 * captions link only to glossary terms, and walking each scene step by step (crashing host A at each
 * gate, as the fallback does) reaches every pause point and ends as the captions say.
 */
import { describe, expect, it } from 'vitest';
import { forward, pauseAtUs, startScene, type LabView } from '../../src/app/scene-engine';
import { SPEEDS } from '../../src/app/playback';
import { unknownTerms } from '../../src/scenarios/glossary';
import { resolveRun } from '../../src/scenarios/run-spec';
import { getScene, SCENES } from '../../src/scenarios/scenes';
import { createWorld } from '../../src/world/world';
import type { Frame, MigrationFrame } from '../../src/world/frame';

describe('scenes', () => {
  it('have unique url-safe ids, valid runs and offered speeds; getScene finds them', () => {
    expect(SCENES.length).toBeGreaterThanOrEqual(6);
    expect(new Set(SCENES.map((s) => s.id)).size).toBe(SCENES.length);
    for (const scene of SCENES) {
      expect(scene.id).toMatch(/^[a-z0-9-]+$/);
      expect(resolveRun(scene.run).errors, scene.id).toEqual([]);
      expect(SPEEDS, scene.id).toContain(scene.speed);
      for (const step of scene.steps) if (step.speed !== undefined) expect(SPEEDS, `${scene.id}: ${step.caption}`).toContain(step.speed);
      expect(getScene(scene.id)).toBe(scene);
    }
    expect(getScene('no-such-scene')).toBeUndefined();
  });

  it('link captions and notes only to glossary entries', () => {
    for (const scene of SCENES) for (const step of scene.steps) expect(unknownTerms(`${step.caption} ${step.notes ?? ''}`), step.caption).toEqual([]);
  });

  // How each scene ends (what its last caption tells).
  const ending: Record<string, (f: Frame) => void> = {
    'unprotected-dies': (f) => expect([f.client.sessionState, f.vm.host]).toEqual(['stalled', null]),
    'live-migration': (f) => expect([f.vm.host, f.client.sessionState]).toEqual(['B', 'connected']),
    'rounds-shrink': (f) => expect([f.vm.host, f.client.sessionState]).toEqual(['B', 'connected']),
    'rounds-do-not-shrink': (f) => expect([f.vm.host, f.client.sessionState]).toEqual(['B', 'connected']),
    // Host B crashed with the VM's newest state; A's pages are out of date: no copy of the VM runs.
    'post-copy': (f) => expect([f.vm.host, f.vm.state, f.hosts.B.power, f.hosts.A.power, (f.protocol as MigrationFrame).outcome]).toEqual([null, 'destroyed', 'crashed', 'up', 'vm-lost']),
    'remus-buffering': (f) => expect([f.vm.host, f.client.sessionState, f.client.rollbacks]).toEqual(['B', 'connected', 0]),
    'naive-breaks': (f) => expect(f.client.sessionState).toBe('reset'),
    'kemari-takeover': (f) => expect([f.vm.host, f.client.sessionState, f.client.rollbacks]).toEqual(['B', 'connected', 0]),
    // The secondary, which ran all along, serves the client after the crash of A.
    'colo-compare': (f) => expect([f.vm.host, f.client.sessionState, f.client.rollbacks, f.hosts.A.power]).toEqual(['B', 'connected', 0, 'crashed']),
    // B replayed the log and went live after the crash of A.
    'lockstep-replay': (f) => expect([f.vm.host, f.client.sessionState, f.client.rollbacks, f.hosts.A.power]).toEqual(['B', 'connected', 0, 'crashed']),
    // Two failures, one VM: A, repaired and resynchronized, took over from B.
    'repair-cycle': (f) => expect([f.vm.host, f.client.sessionState, f.client.rollbacks, f.hosts.B.power]).toEqual(['A', 'connected', 0, 'crashed']),
  };

  for (const [index, scene] of SCENES.entries()) {
    it(`walks "${scene.id}" to its end: every pause point is reached`, () => {
      let move = startScene(SCENES, index);
      let world = createWorld(move.lab.spec);
      world.runUntil(move.lab.spec.untilUs);
      for (;;) {
        const step = SCENES[index].steps[move.state.stepIndex];
        let t = move.lab.t;
        if (step.playTo) {
          const at = pauseAtUs(step.playTo, world.trace.events, move.state.enteredAtUs);
          expect(at, `${scene.id} step ${move.state.stepIndex + 1} pause point`).not.toBeNull();
          expect(at!).toBeLessThanOrEqual(move.lab.spec.untilUs);
          t = at!;
        } else if (step.live) {
          // A live step plays on until the presenter moves on: let it play three seconds.
          t = Math.min(move.lab.spec.untilUs, t + 3_000_000);
        }
        const frame = world.frameAt(t);
        const lab: LabView = { ...move.lab, t, down: { A: frame.hosts.A.power !== 'up', B: frame.hosts.B.power !== 'up' } };
        if (move.state.stepIndex === scene.steps.length - 1) {
          expect(ending[scene.id], `an ending check for ${scene.id}`).toBeDefined();
          ending[scene.id](frame);
          break;
        }
        const next = forward(SCENES, move.state, lab)!;
        if (next.lab.spec !== move.lab.spec) {
          world = createWorld(next.lab.spec);
          world.runUntil(next.lab.spec.untilUs);
        }
        move = next;
      }
    });
  }
});
