import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { MACHINES } from '../../src/machines/catalogue';
import { edgeIndex, statechart, type EdgeKind } from '../../src/machines/statechart';

interface Config {
  readonly initial?: unknown;
  readonly on?: Record<string, unknown>;
  readonly after?: Record<string, unknown>;
  readonly always?: unknown;
  readonly onDone?: unknown;
  readonly states?: Record<string, Config>;
}

/** How many transitions one config entry defines: an array of guarded alternatives, or one. */
const alternatives = (entry: unknown) => (Array.isArray(entry) ? entry.length : 1);

/** Counts the transitions a machine's raw config defines, by kind, without XState's help. */
function countConfig(config: Config): Record<EdgeKind, number> {
  const n: Record<EdgeKind, number> = { event: 0, after: 0, always: 0, initial: 0, done: 0 };
  const walk = (c: Config) => {
    if (c.initial !== undefined) n.initial++;
    for (const entry of Object.values(c.on ?? {})) n.event += alternatives(entry);
    for (const entry of Object.values(c.after ?? {})) n.after += alternatives(entry);
    if (c.always !== undefined) n.always += alternatives(c.always);
    if (c.onDone !== undefined) n.done += alternatives(c.onDone);
    for (const child of Object.values(c.states ?? {})) walk(child);
  };
  walk(config);
  return n;
}

function byKind(m: AnyStateMachine): Record<EdgeKind, number> {
  const n: Record<EdgeKind, number> = { event: 0, after: 0, always: 0, initial: 0, done: 0 };
  for (const e of statechart(m).edges) n[e.kind]++;
  return n;
}

describe('statechart extractor', () => {
  it('lists every machine of src/machines (machine id = file stem)', () => {
    const stems = readdirSync(resolve(import.meta.dirname, '../../src/machines'))
      .filter((f) => f.endsWith('.machine.ts'))
      .map((f) => f.replace(/\.machine\.ts$/, ''))
      .sort();
    expect(MACHINES.map((m) => m.id).sort()).toEqual(stems);
  });

  for (const m of MACHINES) {
    it(`${m.id}: one edge per transition the config defines, by kind (on, after, always, initial, onDone)`, () => {
      const expected = countConfig(m.config as Config);
      expect(byKind(m)).toEqual(expected);
      expect(statechart(m).edges.length).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    });

    it(`${m.id}: keys are unique and name the source state, the trigger and the alternative`, () => {
      const { edges, states } = statechart(m);
      expect(new Set(edges.map((e) => e.key)).size).toBe(edges.length);
      const ids = new Set(states.map((s) => s.id));
      for (const e of edges) {
        const [source, event, index] = e.key.split('|');
        expect(source).toBe(e.source);
        expect(ids.has(source)).toBe(true);
        expect(event).toBe(e.event);
        expect(Number(index)).toBeGreaterThanOrEqual(0);
        for (const t of e.targets) expect(ids.has(t)).toBe(true);
      }
    });
  }

  it('finds a teaching description on every state and transition (initial edges excepted)', () => {
    for (const m of MACHINES) {
      const { states, edges } = statechart(m);
      expect(states.filter((st) => !st.description).map((st) => st.id)).toEqual([]);
      expect(edges.filter((e) => e.kind !== 'initial' && !e.description).map((e) => e.key)).toEqual([]);
    }
  });

  it('reads types, tags, descriptions, guards, delays and always edges as the machines define them', () => {
    const host = statechart(MACHINES.find((m) => m.id === 'host')!);
    expect(host.states.find((s) => s.id === 'host.up')).toMatchObject({ kind: 'parallel', tags: ['powered'], parent: 'host' });
    expect(host.states.find((s) => s.id === 'host.crashed')?.description).toMatch(/Fail-stop/);
    expect(host.edges.find((e) => e.key === 'host.up.watching.peerAlive|peer.silent|0')).toMatchObject({
      kind: 'event',
      targets: ['host.up.watching.peerSuspected'],
      actions: ['declarePeerDead'],
      label: 'peer.silent',
    });
    const backup = statechart(MACHINES.find((m) => m.id === 'backup')!);
    expect(backup.edges.find((e) => e.key.endsWith('|after.fence|0'))).toMatchObject({ kind: 'after', actions: ['takeOver'], label: 'after fence' });
    // A parallel state has no initial edge; each of its regions has one.
    expect(host.edges.filter((e) => e.kind === 'initial').map((e) => e.source)).toEqual(['host', 'host.up.beating', 'host.up.watching']);
    const remus = statechart(MACHINES.find((m) => m.id === 'remus')!);
    expect(remus.edges.find((e) => e.key === 'remus.speculating|after.restOfEpoch|0')).toMatchObject({ guard: 'isCommitPending', targets: ['remus.waitingForCommit'] });
    expect(remus.edges.find((e) => e.key === 'remus.speculating|after.restOfEpoch|1')).toMatchObject({ guard: null, targets: ['remus.pausing'] });
    const evtchn = statechart(MACHINES.find((m) => m.id === 'event-channel')!);
    expect(evtchn.edges.filter((e) => e.kind === 'always').map((e) => [e.key, e.guard])).toEqual([
      ['event-channel.starting|always|0', 'isTrapOnAtStart'],
      ['event-channel.starting|always|1', null],
    ]);
  });

  it('maps XState\'s own transition objects to their edge numbers (what an actor reports when one fires)', () => {
    for (const m of MACHINES) {
      const index = edgeIndex(m);
      const { edges } = statechart(m);
      expect(index.size).toBe(edges.length);
      const nodes = [m.root];
      while (nodes.length > 0) {
        const node = nodes.pop()!;
        for (const [, list] of node.transitions) for (const t of list) expect(edges[index.get(t)!].source).toBe(node.id);
        for (const t of node.always ?? []) expect(edges[index.get(t)!].kind).toBe('always');
        if (node.type === 'compound') expect(edges[index.get(node.initial)!].kind).toBe('initial');
        nodes.push(...Object.values(node.states));
      }
    }
  });
});
