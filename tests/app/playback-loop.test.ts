/**
 * The one animation loop (PlaybackLoop) and the playhead it drives (PlaybackSession), with animation
 * frames run by hand at chosen wall times: simulated time advances by wall time x speed, a long gap
 * advances at most 100 ms of wall time, and paused means idle (no frame requested).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FAST_FRAME_MS, FAST_SPEED, MAX_FRAME_GAP_MS, PlaybackLoop } from '../../src/app/playback-loop';
import { PlaybackSession } from '../../src/app/playback-session.svelte';
import type { Micros } from '../../src/sim/time';

/** Frame requests waiting for the next frame, by id; and how many were ever made. */
let pending = new Map<number, FrameRequestCallback>();
let requests = 0;

beforeEach(() => {
  pending = new Map();
  requests = 0;
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
    pending.set(++requests, cb);
    return requests;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => pending.delete(id));
});
afterEach(() => vi.unstubAllGlobals());

/** Draws one animation frame at wall time `wallMs`: runs the callbacks requested before it, as a browser does. */
function frame(wallMs: number): void {
  const due = [...pending.values()];
  pending.clear();
  for (const cb of due) cb(wallMs);
}

/** A loop at `speed()` that records each advance (µs); `onAdvance` may stop it. */
function recordingLoop(speed: () => number = () => 1, onAdvance: (loop: PlaybackLoop, total: Micros) => void = () => {}) {
  const advanced: Micros[] = [];
  const loop: PlaybackLoop = new PlaybackLoop(speed, (us) => {
    advanced.push(us);
    onAdvance(loop, advanced.reduce((a, x) => a + x, 0));
  });
  return { loop, advanced };
}

describe('PlaybackLoop', () => {
  it('requests no frame until started, then one frame per frame drawn; the first frame advances nothing', () => {
    const { loop, advanced } = recordingLoop();
    expect([requests, loop.framesDrawn]).toEqual([0, 0]);
    loop.start();
    expect(requests).toBe(1);
    expect(advanced).toEqual([]);
    frame(1000);
    expect(advanced).toEqual([0]);
    expect([requests, pending.size, loop.framesDrawn]).toEqual([2, 1, 1]);
    frame(1016);
    frame(1032.5);
    expect(advanced).toEqual([0, 16_000, 16_500]);
    expect([requests, pending.size, loop.framesDrawn]).toEqual([4, 1, 3]);
  });

  it('advances by the wall time since the last frame times the speed, read at each frame (whole µs)', () => {
    let speed = 0.25;
    const { loop, advanced } = recordingLoop(() => speed);
    loop.start();
    frame(0);
    frame(20);
    speed = 100;
    frame(53);
    speed = 0.0001;
    frame(69.7);
    expect(advanced).toEqual([0, 5_000, 3_300_000, 2]);
  });

  it('draws at most 30 frames a second above 2x: at 60 Hz one frame in two advances nothing, the next covers both', () => {
    expect([FAST_SPEED, FAST_FRAME_MS]).toEqual([2, 1000 / 30 - 4]);
    let speed = 2;
    const { loop, advanced } = recordingLoop(() => speed);
    loop.start();
    frame(0);
    frame(16.7);
    frame(33.4);
    expect(advanced).toEqual([0, 33_400, 33_400]);
    speed = 10;
    frame(50.1); // 16.7 ms after the last drawn: skipped
    expect(advanced).toHaveLength(3);
    expect([pending.size, loop.framesDrawn]).toEqual([1, 3]);
    frame(66.8);
    frame(83.5); // skipped
    frame(100.2);
    expect(advanced).toEqual([0, 33_400, 33_400, 334_000, 334_000]);
    // A display frame a little early (30 ms after the last drawn) still draws; a slow display draws every frame.
    frame(130.2);
    frame(180.2);
    expect(advanced.slice(5)).toEqual([300_000, 500_000]);
    expect(loop.framesDrawn).toBe(7);
  });

  it('covers at most 100 ms of wall time in one frame (a hidden tab, a breakpoint), and keeps no backlog', () => {
    expect(MAX_FRAME_GAP_MS).toBe(100);
    let speed = 1;
    const { loop, advanced } = recordingLoop(() => speed);
    loop.start();
    frame(1_000);
    frame(61_000); // a minute away
    frame(61_016);
    frame(61_116); // exactly the limit
    frame(61_216.5); // just over it
    speed = 10;
    frame(71_216.5);
    expect(advanced).toEqual([0, 100_000, 16_000, 100_000, 100_000, 1_000_000]);
    expect(loop.framesDrawn).toBe(6);
  });

  it('never moves time back when a frame is stamped before the last one', () => {
    const { loop, advanced } = recordingLoop();
    loop.start();
    frame(1000);
    frame(990);
    frame(1006);
    expect(advanced).toEqual([0, 0, 16_000]);
  });

  it('stopped, cancels its frame and requests no other: later frames, even a stale callback, draw nothing', () => {
    const { loop, advanced } = recordingLoop();
    loop.start();
    frame(1000);
    frame(1016);
    const stale = [...pending.values()][0];
    loop.stop();
    expect(pending.size).toBe(0);
    frame(1032);
    stale(1048);
    expect(advanced).toEqual([0, 16_000]);
    expect([requests, loop.framesDrawn]).toEqual([3, 2]);
    // Stopping again, or a loop never started, is harmless.
    loop.stop();
    expect(() => recordingLoop().loop.stop()).not.toThrow();
  });

  it('requests no next frame when the advance stops it (the end of the run)', () => {
    const { loop, advanced } = recordingLoop(
      () => 1,
      (l, total) => total >= 30_000 && l.stop(),
    );
    loop.start();
    frame(0);
    frame(16);
    frame(32);
    expect(advanced).toEqual([0, 16_000, 16_000]);
    expect(pending.size).toBe(0);
    expect([requests, loop.framesDrawn]).toEqual([3, 3]);
    frame(48);
    expect(advanced).toHaveLength(3);
  });

  it('started again, does not count the time it was stopped, and keeps counting frames drawn', () => {
    const { loop, advanced } = recordingLoop();
    loop.start();
    frame(1000);
    frame(1016);
    loop.stop();
    loop.start();
    frame(9000);
    frame(9016);
    expect(advanced).toEqual([0, 16_000, 0, 16_000]);
    expect(loop.framesDrawn).toBe(4);
  });
});

/** The smallest session: a run `endUs` long; `approach` may grow it, and `busy` holds the playhead. */
class Playhead extends PlaybackSession {
  endUs: Micros;
  isBusy = false;
  /** Grows the run by this much when the playhead would pass its end (a live run). */
  growUs = 0;
  approached: Micros[] = [];

  constructor(endUs: Micros) {
    super();
    this.endUs = endUs;
  }

  get untilUs(): Micros {
    return this.endUs;
  }

  seek(t: Micros): void {
    this.t = Math.max(0, Math.min(t, this.untilUs));
  }

  protected busy(): boolean {
    return this.isBusy;
  }

  protected approach(t: Micros): void {
    this.approached.push(t);
    if (this.growUs > 0 && t >= this.endUs) this.endUs += this.growUs;
  }
}

describe('PlaybackSession with its loop', () => {
  it('plays: the playhead moves by wall time x speed at each frame, one frame requested at a time', () => {
    const s = new Playhead(10_000_000);
    s.setSpeed(2);
    expect(requests).toBe(0);
    s.play();
    expect(s.playing).toBe(true);
    expect(requests).toBe(1);
    frame(0);
    frame(16);
    frame(32);
    expect(s.t).toBe(64_000);
    expect(s.framesDrawn).toBe(3);
    expect(pending.size).toBe(1);
    // A speed set while playing counts from the next frame (drawn 30 times a second at 5x).
    s.faster(1);
    expect(s.speed).toBe(5);
    frame(64);
    expect(s.t).toBe(224_000);
  });

  it('paused, requests no frame and the playhead stays; playing again does not count the pause', () => {
    const s = new Playhead(10_000_000);
    s.play();
    frame(0);
    frame(16);
    s.pause();
    expect(s.playing).toBe(false);
    expect(pending.size).toBe(0);
    const made = requests;
    frame(32);
    frame(5_000);
    expect([s.t, s.framesDrawn, requests]).toEqual([16_000, 2, made]);
    s.play();
    frame(9_000);
    expect(s.t).toBe(16_000);
    frame(9_010);
    expect(s.t).toBe(26_000);
  });

  it('play and toggle: playing twice asks for one frame; toggle pauses and plays', () => {
    const s = new Playhead(10_000_000);
    s.play();
    s.play();
    expect([requests, pending.size]).toEqual([1, 1]);
    s.toggle();
    expect([s.playing, pending.size]).toEqual([false, 0]);
    s.toggle();
    expect([s.playing, requests, pending.size]).toEqual([true, 2, 1]);
  });

  it('moves at most 100 ms of wall time x speed after a long gap', () => {
    const s = new Playhead(100_000_000);
    s.setSpeed(10);
    s.play();
    frame(0);
    frame(30_000);
    expect(s.t).toBe(1_000_000);
  });

  it('stops at the end of the run, showing its last instant, with no frame requested; playing again starts over', () => {
    const s = new Playhead(40_000);
    s.play();
    frame(0);
    frame(16);
    frame(32);
    expect(s.t).toBe(32_000);
    frame(48);
    expect([s.t, s.playing, pending.size, s.framesDrawn]).toEqual([40_000, false, 0, 4]);
    frame(64);
    expect(s.framesDrawn).toBe(4);
    s.play();
    expect([s.t, s.playing]).toEqual([0, true]);
  });

  it('lets a live run grow as the playhead nears its end: approach sees the next instant before the seek', () => {
    const s = new Playhead(20_000);
    s.growUs = 100_000;
    s.play();
    frame(0);
    frame(16);
    frame(32);
    expect([s.t, s.playing, s.untilUs]).toEqual([32_000, true, 120_000]);
    // play() approaches the playhead it starts from; each frame, the instant it moves to.
    expect(s.approached).toEqual([0, 0, 16_000, 32_000]);
  });

  it('while busy, keeps drawing frames but holds the playhead, and afterwards moves by the last frame only', () => {
    const s = new Playhead(10_000_000);
    s.play();
    frame(0);
    frame(16);
    s.isBusy = true;
    frame(32);
    frame(48);
    expect([s.t, s.framesDrawn, pending.size]).toEqual([16_000, 4, 1]);
    s.isBusy = false;
    frame(64);
    expect(s.t).toBe(32_000);
  });
});
