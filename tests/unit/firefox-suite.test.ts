// `npm test` never drops the Firefox suite quietly: a Firefox that is not there
// stops the run before the build, saying what to install, with the failing summary line.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { findFirefox, firefoxSkipped } from '@/lib/build/firefox';
import { projectTally, ranAny } from '@/lib/build/test-tally';

describe('the Firefox suite in npm test', () => {
  it('stops with what to do when KAIROS_FIREFOX names no file (injected: a path that does not exist)', () => {
    const run = spawnSync('npx', ['tsx', 'lib/build/test-all.ts'], {
      env: { ...process.env, KAIROS_FIREFOX: '/nonexistent/firefox', KAIROS_SKIP_FIREFOX: '' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('KAIROS_FIREFOX is set to /nonexistent/firefox, but there is no file there.');
    expect(run.stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed');
  });

  it('finds the Firefox KAIROS_FIREFOX names, and names the way out when there is none', () => {
    const saved = process.env.KAIROS_FIREFOX;
    try {
      process.env.KAIROS_FIREFOX = process.execPath;
      expect(findFirefox()).toBe(process.execPath);
      process.env.KAIROS_FIREFOX = '/nonexistent/firefox';
      expect(() => findFirefox()).toThrow(/no file there/);
    } finally {
      if (saved === undefined) delete process.env.KAIROS_FIREFOX;
      else process.env.KAIROS_FIREFOX = saved;
    }
  });

  it('is left out only when KAIROS_SKIP_FIREFOX is exactly 1', () => {
    expect(firefoxSkipped({ KAIROS_SKIP_FIREFOX: '1' })).toBe(true);
    for (const value of [undefined, '', '0', 'true', 'yes'])
      expect(firefoxSkipped({ KAIROS_SKIP_FIREFOX: value })).toBe(false);
  });
});

describe('the summary counts each browser of the one end-to-end run', () => {
  const test = (projectName: string, status: 'expected' | 'unexpected' | 'flaky' | 'skipped') => ({
    projectName,
    status,
  });
  // The shape of Playwright's JSON report: files, describe blocks nested in them, a test per project.
  const report = {
    suites: [
      { specs: [{ tests: [test('chromium', 'expected')] }, { tests: [test('chromium', 'unexpected')] }] },
      {
        specs: [{ tests: [test('firefox', 'expected')] }],
        suites: [
          {
            specs: [
              { tests: [test('firefox', 'flaky'), test('firefox', 'unexpected')] },
              { tests: [test('firefox', 'skipped')] },
            ],
          },
        ],
      },
    ],
  };

  it('counts a project’s tests, nested ones too, and a flaky test as passed', () => {
    expect(projectTally(report, 'chromium')).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expect(projectTally(report, 'firefox')).toEqual({ passed: 2, failed: 1, skipped: 1 });
  });

  it('takes a project with no test in the report for one that did not run (injected: a report without Firefox)', () => {
    const chromiumOnly = { suites: [report.suites[0]!] };
    expect(ranAny(projectTally(chromiumOnly, 'firefox'))).toBe(false);
    expect(ranAny(undefined)).toBe(false);
    expect(ranAny(projectTally(report, 'firefox'))).toBe(true);
  });
});
