// Counting a test report into `npm test`'s summary (lib/build/test-all.ts).

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

/** The parts of Playwright's JSON report (reporter `json`) the summary reads. */
export interface PlaywrightSuite {
  specs: { tests: { projectName: string; status: 'expected' | 'unexpected' | 'flaky' | 'skipped' }[] }[];
  suites?: PlaywrightSuite[];
}

/** One project's counts (`chromium`, `firefox`) in a report of the one end-to-end run; a flaky test passed. */
export function projectTally(report: { suites: PlaywrightSuite[] }, project: string): Tally {
  const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
  const count = (suite: PlaywrightSuite) => {
    for (const test of suite.specs.flatMap((spec) => spec.tests)) {
      if (test.projectName !== project) continue;
      if (test.status === 'skipped') tally.skipped += 1;
      else if (test.status === 'unexpected') tally.failed += 1;
      else tally.passed += 1;
    }
    suite.suites?.forEach(count);
  };
  report.suites.forEach(count);
  return tally;
}

/** A suite with no test in the report did not run: that is a failure, never an empty pass. */
export const ranAny = (tally: Tally | undefined): tally is Tally =>
  tally !== undefined && tally.passed + tally.failed + tally.skipped > 0;
