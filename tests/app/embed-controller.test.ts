import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmbedController } from '../../src/app/embed-controller.svelte';
import { Session } from '../../src/app/session.svelte';
import { resolveRun } from '../../src/scenarios/run-spec';

/** Counts animation-frame requests (the widget must make none off screen or paused). */
let rafCalls = 0;
beforeEach(() => {
  rafCalls = 0;
  vi.stubGlobal('requestAnimationFrame', () => ++rafCalls);
  vi.stubGlobal('cancelAnimationFrame', () => {});
});
afterEach(() => vi.unstubAllGlobals());

const kemari = () => new Session(resolveRun({ scenario: 'kemari' }).spec);

describe('EmbedController', () => {
  it('holds autoplay until the widget is on screen, and requests no frame before', () => {
    const c = new EmbedController(kemari(), true);
    expect(c.session.playing).toBe(false);
    expect(c.wantsPlay).toBe(true);
    expect(rafCalls).toBe(0);
    c.setOnScreen(true);
    expect(c.session.playing).toBe(true);
    expect(rafCalls).toBe(1);
  });

  it('pauses off screen and resumes on screen; a pause while away stays a pause', () => {
    const c = new EmbedController(kemari(), false);
    c.setOnScreen(true);
    expect(c.session.playing).toBe(false);
    c.play();
    expect(c.session.playing).toBe(true);
    c.setOnScreen(false);
    expect(c.session.playing).toBe(false);
    expect(c.wantsPlay).toBe(true);
    const calls = rafCalls;
    c.setOnScreen(true);
    expect(c.session.playing).toBe(true);
    expect(rafCalls).toBe(calls + 1);
    c.setOnScreen(false);
    c.pause();
    c.setOnScreen(true);
    expect(c.session.playing).toBe(false);
    expect(c.wantsPlay).toBe(false);
  });

  it('plays on a command made off screen only once it shows', () => {
    const c = new EmbedController(kemari(), false);
    c.command({ kind: 'play' });
    expect(c.session.playing).toBe(false);
    expect(rafCalls).toBe(0);
    c.setOnScreen(true);
    expect(c.session.playing).toBe(true);
  });

  it('seeks, and crashes a host once at the current instant', () => {
    const c = new EmbedController(kemari(), false);
    c.command({ kind: 'seek', atUs: 2_000_000 });
    expect(c.session.t).toBe(2_000_000);
    c.command({ kind: 'crash', host: 'A' });
    expect(c.session.spec.faults).toEqual([{ kind: 'crash', target: 'A', atUs: 2_000_000 }]);
    expect(c.session.frame.hosts.A.power).not.toBe('up');
    c.command({ kind: 'crash', host: 'A' });
    expect(c.session.spec.faults.length).toBe(1);
  });

  it('toggles and resets as the keys and buttons do', () => {
    const c = new EmbedController(kemari(), false);
    c.setOnScreen(true);
    c.toggle();
    expect(c.session.playing).toBe(true);
    c.toggle();
    expect(c.session.playing).toBe(false);
    c.seek(1_000_000);
    c.reset();
    expect(c.session.t).toBe(0);
  });

  it('holds playback something else started off screen (a scene\'s tour) until the widget shows', () => {
    const c = new EmbedController(kemari(), false);
    c.session.play();
    c.holdIfOffScreen();
    expect(c.session.playing).toBe(false);
    expect(c.wantsPlay).toBe(true);
    c.setOnScreen(true);
    expect(c.session.playing).toBe(true);
    c.holdIfOffScreen();
    expect(c.session.playing).toBe(true);
  });

  it('resets as a scene embed asks (its scene starts again) when told to', () => {
    const c = new EmbedController(kemari(), false);
    const onReset = vi.fn();
    c.onReset = onReset;
    c.seek(1_000_000);
    c.reset();
    expect(onReset).toHaveBeenCalledOnce();
    expect(c.session.t).toBe(1_000_000);
  });
});
