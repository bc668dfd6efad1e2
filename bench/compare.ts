/**
 * Simulation speed of this checkout against another one (say, the commit before a refactor), every
 * scenario, with frames recorded and without. Each measurement is a fresh Node process (a warm-up,
 * then `runs` timed runs), and the two checkouts alternate `rounds` times, so that a busy machine,
 * the JIT and the garbage collector weigh on both alike; the medians are compared. Prints one line per
 * scenario and exits non-zero when one is slower than `--max-drop` per cent (10).
 *
 *   npx tsx bench/compare.ts <other-checkout> [--until 60s] [--runs 5] [--rounds 3] [--max-drop 10]
 */
import '../src/world/all-protocols';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './stats';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

/** In a child: times `runs` runs of one scenario of one checkout and prints their wall times (ms) as JSON. */
async function child(root: string, id: string, until: string, recordFrames: boolean, runs: number): Promise<void> {
  // That checkout's techniques register with that checkout's registry (when it has one).
  const protocols = resolve(root, 'src/world/all-protocols.ts');
  if (existsSync(protocols)) await import(protocols);
  const { resolveRun } = await import(resolve(root, 'src/scenarios/run-spec.ts'));
  const { createWorld } = await import(resolve(root, 'src/world/world.ts'));
  const { spec } = resolveRun({ scenario: id, until });
  const once = () => {
    const start = performance.now();
    createWorld(spec, { recordFrames }).runUntil(spec.untilUs);
    return performance.now() - start;
  };
  once();
  console.log(JSON.stringify(Array.from({ length: runs }, once)));
}

if (args[0] === '--child') {
  const [, root, id, until, frames, runs] = args;
  await child(root, id, until, frames === 'frames', Number(runs));
} else {
  const other = args[0];
  if (!other || other.startsWith('--')) {
    console.error('usage: npx tsx bench/compare.ts <other-checkout> [--until 60s] [--runs 5] [--rounds 3] [--max-drop 10]');
    process.exit(2);
  }
  const until = flag('until', '60s');
  const runs = flag('runs', '5');
  const rounds = Number(flag('rounds', '3'));
  const maxDrop = Number(flag('max-drop', '10'));
  const here = resolve(import.meta.dirname, '..');
  const tsx = resolve(here, 'node_modules/.bin/tsx');
  const times = (root: string, id: string, frames: string): number[] =>
    JSON.parse(execFileSync(tsx, [resolve(here, 'bench/compare.ts'), '--child', resolve(root), id, until, frames, runs], { encoding: 'utf8' }).trim().split('\n').pop()!);
  const { SCENARIOS } = await import(resolve(here, 'src/scenarios/index.ts'));
  const seconds = Number.parseFloat(until) * (until.endsWith('ms') ? 1e-3 : 1);
  let slower = 0;
  for (const frames of ['frames', 'no-frames']) {
    for (const { id } of SCENARIOS as { id: string }[]) {
      const a: number[] = [];
      const b: number[] = [];
      for (let r = 0; r < rounds; r++) {
        a.push(...times(other, id, frames));
        b.push(...times(here, id, frames));
      }
      const xa = seconds / (median(a) / 1000);
      const xb = seconds / (median(b) / 1000);
      const change = ((xb - xa) / xa) * 100;
      if (change < -maxDrop) slower++;
      console.log(`${frames.padEnd(9)} ${id.padEnd(12)} other ${xa.toFixed(0).padStart(6)}x  this ${xb.toFixed(0).padStart(6)}x  ${change >= 0 ? '+' : ''}${change.toFixed(1)} %${change < -maxDrop ? '  SLOWER' : ''}`);
    }
  }
  process.exit(slower > 0 ? 1 : 0);
}
