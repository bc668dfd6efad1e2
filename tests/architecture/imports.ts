/**
 * The static import graph of `src/`, read from the files themselves: every `import … from`, `export …
 * from` and side-effect `import '…'` of each `.ts` and `.svelte` file (a component's imports are in its
 * scripts), with whether it is type-only. Dynamic `import()` is left out: a chunk loaded on demand is
 * not a load-time dependency. Relative specifiers are resolved to files; packages are kept by name.
 * Used by the architecture test; pure Node (fs and path).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface ImportEdge {
  /** The importing file, relative to the repository (`src/world/world.ts`). */
  readonly from: string;
  /** The imported file relative to the repository, or the package name (`xstate`). */
  readonly to: string;
  /** `import type …` / `export type …`, or every name imported with an inline `type`. */
  readonly typeOnly: boolean;
  /** The 1-based line of the statement. */
  readonly line: number;
}

/** Every `.ts` and `.svelte` file under `dir`, relative to `root`, sorted. */
export function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts')) out.push(relative(root, path));
    }
  };
  walk(join(root, dir));
  return out.sort();
}

/** The code of a file with comments blanked out (newlines kept, so line numbers still hold). */
export function withoutComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/<!--[\s\S]*?-->/g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:'"`\\])\/\/[^\n]*/g, (m, lead: string) => lead + ' '.repeat(m.length - lead.length));
}

/** The code a test reads of a file: a component's scripts (markup and styles blanked), else all of it. */
export function codeOf(root: string, file: string): string {
  const text = readFileSync(join(root, file), 'utf8');
  if (!file.endsWith('.svelte')) return withoutComments(text);
  const scripts = text.replace(/<script[^>]*>([\s\S]*?)<\/script>|[^]/g, (m, body: string | undefined) => (body !== undefined ? m : m.replace(/[^\n]/g, ' ')));
  return withoutComments(scripts);
}

const STATEMENT = /(?:^|[;\n}])\s*(import|export)\s+(type\s+)?([^;'"]*?)\s*from\s*['"]([^'"]+)['"]|(?:^|[;\n])\s*import\s+['"]([^'"]+)['"]/g;

function resolveSpecifier(root: string, file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const base = resolve(root, dirname(file), spec);
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(root, candidate);
  }
  return relative(root, base);
}

/** The import edges of one file. */
export function importsOf(root: string, file: string): ImportEdge[] {
  const code = codeOf(root, file);
  const edges: ImportEdge[] = [];
  for (const m of code.matchAll(STATEMENT)) {
    const spec = m[4] ?? m[5];
    const clause = m[3] ?? '';
    // `import { type A, type B } from` is type-only too; `import { type A, b }` is not.
    const names = /^\{([^}]*)\}$/.exec(clause.trim())?.[1].split(',').map((s) => s.trim()).filter(Boolean) ?? [];
    const typeOnly = m[2] !== undefined || (names.length > 0 && names.every((n) => n.startsWith('type ')));
    const line = code.slice(0, m.index).split('\n').length + (m[0].startsWith('\n') ? 1 : 0);
    edges.push({ from: file, to: resolveSpecifier(root, file, spec), typeOnly, line });
  }
  return edges;
}

/** The first import cycle found among `files` (type-only imports count), as a path of files, or null. */
export function findCycle(edges: readonly ImportEdge[]): string[] | null {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (f: string): string[] | null => {
    if (state.get(f) === 'done') return null;
    if (state.get(f) === 'open') return [...path.slice(path.indexOf(f)), f];
    state.set(f, 'open');
    path.push(f);
    for (const t of next.get(f) ?? []) {
      const cycle = visit(t);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(f, 'done');
    return null;
  };
  for (const f of [...next.keys()].sort()) {
    const cycle = visit(f);
    if (cycle) return cycle;
  }
  return null;
}
