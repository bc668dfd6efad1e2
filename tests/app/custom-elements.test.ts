/**
 * The Custom Elements Manifest (issue 17): custom-elements.json is what `npm run manifest` writes now,
 * package.json points to it, and it lists exactly the attributes `<kemari-lab>` observes, its methods,
 * its `ready` promise and the events it dispatches. The element's tag is typed (HTMLElementTagNameMap).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { KemariLabElement } from '../../src/app/embed-element';
import { manifestText } from '../../scripts/custom-elements';

const ROOT = resolve(import.meta.dirname, '../..');

interface Declaration {
  tagName: string;
  attributes: { name: string }[];
  members: { kind: string; name: string }[];
  events: { name: string }[];
}

describe('custom-elements.json', () => {
  const text = readFileSync(resolve(ROOT, 'custom-elements.json'), 'utf8');
  const decl = (JSON.parse(text) as { modules: { declarations: Declaration[] }[] }).modules[0].declarations[0];

  it('is what `npm run manifest` writes, and package.json points to it', () => {
    expect(text === manifestText(), 'custom-elements.json is stale: run `npm run manifest`').toBe(true);
    expect(JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).customElements).toBe('custom-elements.json');
  });

  it("lists exactly the element's observed attributes, its methods and the events it dispatches", () => {
    expect(decl.tagName).toBe('kemari-lab');
    expect(decl.attributes.map((a) => a.name)).toEqual([...KemariLabElement.observedAttributes]);
    expect(decl.attributes.map((a) => a.name)).toEqual(expect.arrayContaining(['scenario', 'scene', 'controls', 'theme', 'autoplay', 'fault', 'bandwidthmbps', 'divergencepersec']));
    const methods = decl.members.filter((m) => m.kind === 'method').map((m) => m.name);
    for (const m of methods) expect(typeof (KemariLabElement.prototype as unknown as Record<string, unknown>)[m], m).toBe('function');
    expect(methods).toEqual(['play', 'pause', 'seek', 'crash']);
    expect(Object.getOwnPropertyDescriptor(KemariLabElement.prototype, 'ready')?.get).toBeTypeOf('function');
    expect(decl.events.map((e) => e.name)).toEqual(['kemari-lab:ready', 'kemari-lab:state', 'kemari-lab:crashed', 'kemari-lab:session', 'kemari-lab:resize']);
    expect(customElements.get('kemari-lab')).toBe(KemariLabElement);
    expectTypeOf(document.createElement('kemari-lab')).toEqualTypeOf<KemariLabElement>();
  });
});
