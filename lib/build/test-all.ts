// `npm test`: builds the app, runs the unit suite (vitest), the end-to-end
// suite (Playwright, headless Chromium) and the Firefox end-to-end suite
// (tests/firefox/, Firefox over WebDriver BiDi), and ends with one line covering
// them all: `N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findChromium } from './chromium';
import { findFirefox, firefoxOptOut, firefoxSkipped } from './firefox';

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

const run = (command: string, args: string[], env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(command, args, { stdio: 'inherit', env }).status ?? 1;

function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

function unitTally(): Tally | undefined {
  const report = readJson<{
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  }>('test-results/unit.json');
  if (!report) return undefined;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

/** The counts of a Playwright JSON report (test-results/e2e.json, test-results/firefox.json). */
function playwrightTally(file: string): Tally | undefined {
  const report = readJson<{ stats: { expected: number; unexpected: number; skipped: number; flaky: number } }>(file);
  if (!report) return undefined;
  const { expected, unexpected, skipped, flaky } = report.stats;
  return { passed: expected + flaky, failed: unexpected, skipped };
}

function main(): number {
  // Fail early, with what to install, before a long build.
  try {
    findChromium();
    if (!firefoxSkipped()) findFirefox();
  } catch (error) {
    console.error((error as Error).message);
    console.log('0 passed, 1 failed');
    return 1;
  }
  rmSync('test-results', { recursive: true, force: true });
  mkdirSync('test-results', { recursive: true });

  const suites: { name: string; tally: Tally | undefined; exit: number }[] = [];
  if (process.env.KAIROS_SKIP_BUILD !== '1') {
    const exit = run('npm', ['run', 'build']);
    if (exit !== 0) {
      console.error('\nThe build failed; no test ran.');
      console.log('0 passed, 1 failed');
      return 1;
    }
  }

  // The tracker's and the service worker's size budgets are a test like any other: over budget fails the run.
  const sizeExit = run('npx', ['tsx', 'lib/build/size-report.ts']);
  suites.push({
    name: 'size budgets (tracker, service worker)',
    tally: { passed: sizeExit === 0 ? 1 : 0, failed: sizeExit === 0 ? 0 : 1, skipped: 0 },
    exit: sizeExit,
  });

  const unitExit = run('npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile=test-results/unit.json',
  ]);
  suites.push({ name: 'unit', tally: unitTally(), exit: unitExit });

  const e2eExit = run('npx', ['playwright', 'test']);
  suites.push({ name: 'end-to-end', tally: playwrightTally('test-results/e2e.json'), exit: e2eExit });

  // Left out only on request, and then counted as one skipped suite, never as nothing.
  if (firefoxSkipped()) {
    suites.push({
      name: `Firefox end-to-end (left out: ${firefoxOptOut}=1)`,
      tally: { passed: 0, failed: 0, skipped: 1 },
      exit: 0,
    });
  } else {
    const firefoxExit = run('npx', ['playwright', 'test', '--config', 'playwright.firefox.config.ts']);
    suites.push({
      name: 'Firefox end-to-end',
      tally: playwrightTally('test-results/firefox.json'),
      exit: firefoxExit,
    });
  }

  const total: Tally = { passed: 0, failed: 0, skipped: 0 };
  console.log('');
  for (const suite of suites) {
    // A suite that crashed before reporting counts as one failure, never as a pass.
    const tally = suite.tally ?? { passed: 0, failed: 1, skipped: 0 };
    if (suite.exit !== 0 && tally.failed === 0) tally.failed = 1;
    console.log(`${suite.name}: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
    total.passed += tally.passed;
    total.failed += tally.failed;
    total.skipped += tally.skipped;
  }
  console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  return total.failed === 0 ? 0 : 1;
}

process.exitCode = main();
