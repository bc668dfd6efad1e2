// A page that shows one technique (the embed) loads only that technique's scenario definition and
// descriptor. Run isolated (vite.config.ts's MOCKING_FILES): the setup files
// register every scenario, so the registries are imported anew here, empty.
import { beforeEach, describe, expect, it, vi } from 'vitest';

beforeEach(() => {
  vi.resetModules();
});

describe('loading one technique', () => {
  it('registers its scenario definition and descriptor, and no other', async () => {
    const scenarios = await import('../../src/scenarios/index');
    const techniques = await import('../../src/view/techniques/index');
    const { loadTechnique } = await import('../../src/app/technique-loaders');
    expect(() => scenarios.getScenario('naive')).toThrow('scenario "naive" is not loaded');
    expect(() => techniques.techniqueOf('naive')).toThrow('no descriptor for technique "naive" is loaded');
    // An id that names no scenario is not an error of the caller: it reads as unknown.
    expect(scenarios.getScenario('toString')).toBeUndefined();
    expect(scenarios.getScenario('nope')).toBeUndefined();

    const def = await loadTechnique('naive');
    expect(def.id).toBe('naive');
    expect(def.protocol).toBe('remus');
    expect(def.defaults).toEqual({ bufferOutput: false });
    expect(scenarios.getScenario('naive')).toBe(def);
    expect(techniques.techniqueOf('naive').name).toBe('Naive snapshots');
    // Remus's definition is imported by naive's (their phases and parameters) but not registered.
    expect(scenarios.loadedScenario('remus')).toBeUndefined();
    expect(techniques.isTechniqueLoaded('remus')).toBe(false);
    expect(() => scenarios.getScenario('kemari')).toThrow('scenario "kemari" is not loaded');
    // Loaded once: the same definition again.
    expect(await loadTechnique('naive')).toBe(def);
  });

  it("reads the run the address asks for: a known scenario is its own, anything else the first's", async () => {
    const { scenarioIdOf, SCENARIO_IDS } = await import('../../src/scenarios/index');
    expect(SCENARIO_IDS).toEqual(['unprotected', 'migration', 'postcopy', 'remus', 'naive', 'kemari', 'colo', 'lockstep']);
    expect(scenarioIdOf('kemari')).toBe('kemari');
    expect(scenarioIdOf('nope')).toBe('unprotected');
    expect(scenarioIdOf('toString')).toBe('unprotected');
    expect(scenarioIdOf(null)).toBe('unprotected');
  });

  it("the embed's setup loads the technique it shows, or the first for an unknown scenario, and reads its address", async () => {
    const scenarios = await import('../../src/scenarios/index');
    const { setUpEmbed } = await import('../../src/app/embed-setup');
    const setup = await setUpEmbed('?scenario=lockstep&epochMs=5');
    expect(setup.spec.scenario).toBe('lockstep');
    // Lock-stepping's parameters, read from its definition (Remus's epochMs is not one of them).
    expect(setup.errors.map((e) => e.field)).toEqual(['epochMs']);
    expect(setup.errors[0].message).toMatch(/^parameter "epochMs" is not a parameter of lockstep; allowed: .*, fencing, fenceMs, bootMs, memoryPages$/);
    expect(scenarios.loadedScenario('kemari')).toBeUndefined();

    const bad = await setUpEmbed('?scenario=nope');
    expect(bad.spec.scenario).toBe('unprotected');
    expect(bad.errors.map((e) => e.field)).toEqual(['scenario']);
    expect(bad.errors[0].message).toBe('scenario "nope" is unknown; allowed: unprotected, migration, postcopy, remus, naive, kemari, colo, lockstep');
    expect(scenarios.loadedScenario('unprotected')?.title).toBe('Unprotected VM');
  });
});

describe("a page that draws no statechart (the embed's)", () => {
  it('makes worlds that record no transitions, until recordEdges is called', async () => {
    const { loadTechnique } = await import('../../src/app/technique-loaders');
    const { loadProtocol } = await import('../../src/world/registry');
    const { resolveRun } = await import('../../src/scenarios/run-spec');
    const { createWorld } = await import('../../src/world/world');
    await loadTechnique('kemari');
    await loadProtocol('kemari');
    const { spec } = resolveRun({ scenario: 'kemari', until: '1s' });
    const takenAt = (w: ReturnType<typeof createWorld>) => {
      let taken = 0;
      for (let t = 0; t <= 1_000_000; t += 50_000) {
        w.runUntil(t);
        taken += w.frameAt(t).edgesTaken.length;
      }
      return taken;
    };
    const plain = createWorld(spec, { recordFrames: 'on-demand' });
    expect(takenAt(plain)).toBe(0);
    expect(plain.frameAt(1_000_000).edgeCatalogue.actors).toEqual([]);

    const { recordEdges } = await import('../../src/world/edge-log');
    recordEdges();
    const lit = createWorld(spec, { recordFrames: 'on-demand' });
    // The same run, now with the transitions of each frame's instant (hosts, hypervisors, the VM...).
    expect(takenAt(lit)).toBeGreaterThan(20);
    expect(lit.frameAt(1_000_000).edgeCatalogue.actors.map((a) => a.name)).toContain('hostA.kemari');
    expect(lit.trace.hash()).toBe(plain.trace.hash());
  });
});
