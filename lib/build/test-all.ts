// `npm test`: builds the app, runs the unit suite (vitest) and the end-to-end
// suite (Playwright: tests/e2e/ in headless Chromium, tests/firefox/ in Firefox
// over WebDriver BiDi), and ends with one line covering them all:
// `N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { findChromium } from './chromium';
import { findFirefox, firefoxOptOut, firefoxSkipped } from './firefox';
import { type PlaywrightSuite, projectTally, ranAny, type Tally } from './test-tally';

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

/** One project's counts in the end-to-end report (test-results/e2e.json). */
function e2eTally(project: 'chromium' | 'firefox'): Tally | undefined {
  const report = readJson<{ suites: PlaywrightSuite[] }>('test-results/e2e.json');
  return report && projectTally(report, project);
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

  // One run, one app server, both browsers (playwright.config.ts projects); each has its line.
  const e2eExit = run('npx', ['playwright', 'test']);
  const chromium = e2eTally('chromium');
  const firefox = firefoxSkipped() ? undefined : e2eTally('firefox');
  // A run that failed outside any test (the server did not start) is one failure, on the first line.
  const failedInTests = (chromium?.failed ?? 0) + (firefox?.failed ?? 0) > 0;
  suites.push({
    name: 'end-to-end, Chromium',
    tally: ranAny(chromium) ? chromium : undefined,
    exit: failedInTests ? 0 : e2eExit,
  });
  if (firefoxSkipped()) {
    // Left out only on request, and then counted as one skipped suite, never as nothing.
    suites.push({
      name: `end-to-end, Firefox (left out: ${firefoxOptOut}=1)`,
      tally: { passed: 0, failed: 0, skipped: 1 },
      exit: 0,
    });
  } else {
    // No Firefox test in the report at all is a failure (counted below): the suite must not vanish quietly.
    suites.push({ name: 'end-to-end, Firefox', tally: ranAny(firefox) ? firefox : undefined, exit: 0 });
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
