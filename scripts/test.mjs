#!/usr/bin/env node
// `npm test`: every test in one command — unit, property, component and browser journeys (Vitest
// projects `unit`, `dom`, `dom-mocks`, `lite`, `e2e`; the e2e project builds the site and needs Chromium).
// The browser journeys run one file at a time and mostly wait on the browser, so they run in a Vitest
// of their own beside the other projects rather than after them (the two overlap: about two minutes
// less). With arguments (`npm test -- tests/view`, `--project dom`) it is one Vitest, as given. Ends
// with one plain line "tests: N passed, N failed" for CI, and exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'kemari-test-'));
const given = process.argv.slice(2);
const runs = given.length > 0 ? [given] : [['--project', 'unit', '--project', 'dom', '--project', 'dom-mocks', '--project', 'lite'], ['--project', 'e2e']];

/** Runs one Vitest with `args`; resolves with its exit code and its JSON report's counts. */
function vitest(args, i) {
  const report = join(dir, `vitest-${i}.json`);
  const child = spawn('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args], { stdio: 'inherit', env: process.env });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      let passed = 0;
      let failed = 0;
      if (existsSync(report)) {
        const json = JSON.parse(readFileSync(report, 'utf8'));
        passed = json.numPassedTests ?? 0;
        failed = json.numFailedTests ?? 0;
      }
      // A run that failed without a failed test (a crash, a failed setup) counts as one failure.
      if ((code ?? 1) !== 0 && failed === 0) failed = 1;
      resolve({ code: code ?? 1, passed, failed });
    });
  });
}

const results = await Promise.all(runs.map(vitest));
rmSync(dir, { recursive: true, force: true });
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
