import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { stripDescriptions } from '../../build/strip-descriptions';

describe('stripDescriptions', () => {
  it('drops description properties in either quote, with escapes, on one line or after a break, and nothing else', () => {
    const source = [
      "const m = { id: 'host', description: 'A host\\'s life.', initial: 'up',",
      '  states: { up: { description: "The host\'s \\"power\\" is on", on: { go: { target: \'down\', description: \'Off.\' } } },',
      "    down: {",
      "      description:",
      "        'Fail-stop.',",
      "      tags: ['down'] } } };",
      "type T = { readonly description: string };",
    ].join('\n');
    const words = (text: string) => text.replace(/\s+/g, ' ');
    expect(words(stripDescriptions(source))).toBe(
      words([
        "const m = { id: 'host', initial: 'up',",
        "  states: { up: { on: { go: { target: 'down',  } } },",
        '    down: {',
        "      tags: ['down'] } } };",
        'type T = { readonly description: string };',
      ].join('\n')),
    );
  });

  it('leaves every machine of the project without a description, and still valid for the bundler', () => {
    const dir = resolve(import.meta.dirname, '../../src/machines');
    const files = readdirSync(dir).filter((f) => f.endsWith('.machine.ts'));
    expect(files.length).toBeGreaterThan(8);
    for (const f of files) {
      const stripped = stripDescriptions(readFileSync(resolve(dir, f), 'utf8'));
      expect(stripped, f).not.toMatch(/\bdescription:/);
      const out = ts.transpileModule(stripped, { reportDiagnostics: true, compilerOptions: { target: ts.ScriptTarget.ES2022 } });
      expect(out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), f).toEqual([]);
    }
  });
});
