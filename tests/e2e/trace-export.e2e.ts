/**
 * Exporting the run's trace from the page gives exactly what the headless runner prints for the same
 * run: the page and the runner are one engine.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/build';
import { openFileMenu, openJourney, useLab } from './helpers';

const lab = useLab();

function runner(...args: string[]): string {
  return execFileSync(resolve(ROOT, 'node_modules/.bin/tsx'), [resolve(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('trace export', () => {
  it('downloads the same text trace and hash the runner gives for the same run', async () => {
    const j = await openJourney(lab, '?scenario=kemari&seed=7&until=4s&fault=crash:A@2.5s');
    await openFileMenu(j.page);
    const [text] = await Promise.all([j.page.waitForEvent('download'), j.page.getByRole('button', { name: 'Trace as text' }).click()]);
    expect(text.suggestedFilename()).toBe('kemari-lab-kemari-default-seed7.trace.txt');
    const fromPage = await readFile((await text.path())!, 'utf8');
    expect(fromPage).toBe(runner('--scenario', 'kemari', '--seed', '7', '--until', '4s', '--fault', 'crash:A@2.5s', '--format', 'trace'));

    await openFileMenu(j.page);
    const [json] = await Promise.all([j.page.waitForEvent('download'), j.page.getByRole('button', { name: 'Trace as JSON' }).click()]);
    const file = JSON.parse(await readFile((await json.path())!, 'utf8'));
    const result = JSON.parse(runner('--scenario', 'kemari', '--seed', '7', '--until', '4s', '--fault', 'crash:A@2.5s', '--format', 'json'));
    expect(file).toMatchObject({ v: 2, scenario: 'kemari', seed: 7, untilUs: 4_000_000, traceHash: result.traceHash, faults: ['crash:A@2500ms'] });
    expect(file.events.length).toBe(result.traceEvents);
    await j.finish();
  });
});
