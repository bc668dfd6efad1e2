/**
 * The scene engine on a small made-up tour: forward through steps and across scenes, back restoring
 * the exact state left (run spec, playhead, speed), gates that wait for a crash and open for the user
 * when they go forward, jumps, resets, and pause points found in a trace.
 */
import { describe, expect, it } from 'vitest';
import { back, currentStep, forward, gateOpen, jump, pauseAtUs, resetScene, startScene, withCrash, type LabView, type Move } from '../../src/app/scene-engine';
import type { Scene } from '../../src/scenarios/scenes';
import type { TraceEvent } from '../../src/sim/trace';

const SCENES: Scene[] = [
  {
    id: 'one',
    title: 'One',
    summary: 'first',
    run: { scenario: 'unprotected' },
    startUs: 0,
    speed: 1,
    steps: [
      { caption: 'play to 2 s', playTo: { atUs: 2_000_000 } },
      { caption: 'your turn', gate: { action: 'crash', host: 'A', prompt: 'crash A' } },
      { caption: 'after the crash', playTo: { event: 'peer.dead' }, speed: 0.1 },
    ],
  },
  {
    id: 'two',
    title: 'Two',
    summary: 'second',
    run: { scenario: 'kemari', preset: 'busy' },
    startUs: 500_000,
    speed: 0.01,
    steps: [{ caption: 'kemari' }, { caption: 'still kemari', playTo: { atUs: 900_000 } }],
  },
];

const up = { A: false, B: false } as const;
/** What the lab shows after a move, optionally moved on to `t` (as playing would). */
function shown(move: Move, t = move.lab.t, down: LabView['down'] = up): LabView {
  return { ...move.lab, t, down };
}

describe('scene engine', () => {
  it('starts a scene at its run, start time and speed, playing when its first step has a pause point ahead', () => {
    const m = startScene(SCENES, 1);
    expect(m.state).toEqual({ sceneIndex: 1, stepIndex: 0, enteredAtUs: 500_000, history: [] });
    expect(m.lab.spec).toMatchObject({ scenario: 'kemari', preset: 'busy', faults: [] });
    expect(m.lab.t).toBe(500_000);
    expect(m.lab.speed).toBe(0.01);
    expect(m.play).toBe(false);
    expect(startScene(SCENES, 0).play).toBe(true);
  });

  it('goes forward from where the lab is, into the next step and then the next scene', () => {
    const s0 = startScene(SCENES, 0);
    const s1 = forward(SCENES, s0.state, shown(s0, 2_000_000))!;
    expect(s1.state).toMatchObject({ sceneIndex: 0, stepIndex: 1, enteredAtUs: 2_000_000 });
    expect(currentStep(SCENES, s1.state).caption).toBe('your turn');
    expect(s1.lab.t).toBe(2_000_000);
    expect(s1.play).toBe(false);
    // The gate is open once host A is down; forward then keeps the run the user made.
    const crashed = withCrash(s1.lab.spec, 'A', 2_300_000);
    const s2 = forward(SCENES, s1.state, { ...shown(s1, 2_300_000), spec: crashed, down: { A: true, B: false } })!;
    expect(s2.state.stepIndex).toBe(2);
    expect(s2.lab.spec.faults).toEqual([{ kind: 'crash', target: 'A', atUs: 2_300_000 }]);
    expect(s2.lab.speed).toBe(0.1);
    expect(s2.play).toBe(true);
    const s3 = forward(SCENES, s2.state, shown(s2, 2_600_000))!;
    expect(s3.state).toMatchObject({ sceneIndex: 1, stepIndex: 0 });
    expect(s3.lab.spec.scenario).toBe('kemari');
    expect(s3.state.history).toHaveLength(3);
    const s4 = forward(SCENES, s3.state, shown(s3))!;
    expect(forward(SCENES, s4.state, shown(s4, 900_000))).toBeNull();
  });

  it('a closed gate is opened for the user: forward crashes the host at the playhead', () => {
    const s0 = startScene(SCENES, 0);
    const s1 = forward(SCENES, s0.state, shown(s0, 2_000_000))!;
    expect(gateOpen(currentStep(SCENES, s1.state), up)).toBe(false);
    expect(gateOpen(currentStep(SCENES, s1.state), { A: true, B: false })).toBe(true);
    expect(gateOpen(currentStep(SCENES, s0.state), up)).toBe(true);
    const s2 = forward(SCENES, s1.state, shown(s1, 2_100_000))!;
    expect(s2.lab.spec.faults).toEqual([{ kind: 'crash', target: 'A', atUs: 2_100_000 }]);
    expect(s2.lab.t).toBe(2_100_000);
  });

  it('back restores exactly the state left, step by step, across scenes, paused', () => {
    const s0 = startScene(SCENES, 0);
    const at0 = shown(s0, 2_000_000, up);
    const s1 = forward(SCENES, s0.state, { ...at0, speed: 2 })!;
    const s2 = forward(SCENES, s1.state, shown(s1, 2_000_000))!; // gate opened for the user
    const s3 = forward(SCENES, s2.state, shown(s2, 2_400_000, { A: true, B: false }))!;

    const b1 = back(s3.state)!;
    expect(b1.state).toMatchObject({ sceneIndex: 0, stepIndex: 2, enteredAtUs: 2_000_000 });
    expect(b1.lab).toEqual({ spec: s2.lab.spec, t: 2_400_000, speed: 0.1 });
    expect(b1.play).toBe(false);

    const b2 = back(b1.state)!;
    // Back at the gate: the crash that opened it is gone, so the gate waits again.
    expect(b2.state).toMatchObject({ sceneIndex: 0, stepIndex: 1 });
    expect(b2.lab.spec.faults).toEqual([]);
    expect(b2.lab.t).toBe(2_000_000);

    const b3 = back(b2.state)!;
    expect(b3.state).toMatchObject({ sceneIndex: 0, stepIndex: 0, history: [] });
    expect(b3.lab).toEqual({ spec: s0.lab.spec, t: 2_000_000, speed: 2 });
    expect(back(b3.state)).toBeNull();
  });

  it('back keeps faults the user added outside a gate', () => {
    const s0 = startScene(SCENES, 0);
    const cut = { ...s0.lab.spec, faults: [{ kind: 'cut', target: 'link', atUs: 1_000_000 } as const] };
    const s1 = forward(SCENES, s0.state, { ...shown(s0, 2_000_000), spec: cut })!;
    expect(back(s1.state)!.lab.spec).toBe(cut);
  });

  it('jumps to a scene and back to where it was; reset forgets the steps of this scene only', () => {
    const s0 = startScene(SCENES, 0);
    const s1 = forward(SCENES, s0.state, shown(s0, 2_000_000))!;
    const j = jump(SCENES, s1.state, shown(s1, 2_000_000), 1)!;
    expect(j.state).toMatchObject({ sceneIndex: 1, stepIndex: 0 });
    expect(jump(SCENES, s1.state, shown(s1), 7)).toBeNull();
    const j1 = forward(SCENES, j.state, shown(j))!;
    const r = resetScene(SCENES, j1.state);
    expect(r.state).toMatchObject({ sceneIndex: 1, stepIndex: 0 });
    expect(r.state.history).toEqual(j.state.history);
    const home = back(r.state)!;
    expect(home.state).toMatchObject({ sceneIndex: 0, stepIndex: 1 });
    expect(home.lab.t).toBe(2_000_000);
  });

  it('finds pause points: a time (or now, if past), or the first matching event at or after the start', () => {
    const ev = (at: number, actor: string, type: string): TraceEvent => ({ seq: at, at, actor, type, data: {} });
    const trace = [ev(10, 'hostB', 'peer.dead'), ev(20, 'client', 'frame.shown'), ev(30, 'hostB', 'peer.dead'), ev(40, 'hostA', 'peer.dead')];
    expect(pauseAtUs({ atUs: 25 }, trace, 5)).toBe(25);
    expect(pauseAtUs({ atUs: 25 }, trace, 28)).toBe(28);
    expect(pauseAtUs({ event: 'peer.dead' }, trace, 10)).toBe(10);
    expect(pauseAtUs({ event: 'peer.dead' }, trace, 11)).toBe(30);
    expect(pauseAtUs({ event: 'peer.dead', actor: 'hostA' }, trace, 0)).toBe(40);
    expect(pauseAtUs({ event: 'peer.dead', afterUs: 5 }, trace, 31)).toBe(45);
    expect(pauseAtUs({ event: 'takeover' }, trace, 0)).toBeNull();
  });
});
