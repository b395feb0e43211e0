// Which Firefox the Firefox end-to-end suite drives (puppeteer-core over
// WebDriver BiDi): $KAIROS_FIREFOX, else the system's. Playwright's own
// Firefox is a patched build that needs a download; any release Firefox speaks
// BiDi. `KAIROS_SKIP_FIREFOX=1` is the one way to run `npm test` without it,
// and the run's summary says so (docs/architecture.md, "Firefox").
import { existsSync } from 'node:fs';

const systemPaths = [
  '/usr/bin/firefox-esr',
  '/usr/bin/firefox',
  '/Applications/Firefox.app/Contents/MacOS/firefox',
  '/Applications/Firefox Nightly.app/Contents/MacOS/firefox',
];

/** Set to `1`, the Firefox suite is left out of `npm test` and counted as skipped. */
export const firefoxOptOut = 'KAIROS_SKIP_FIREFOX';

export const firefoxSkipped = (env: Record<string, string | undefined> = process.env) => env[firefoxOptOut] === '1';

export function findFirefox(): string {
  const fromEnv = process.env.KAIROS_FIREFOX;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`KAIROS_FIREFOX is set to ${fromEnv}, but there is no file there.`);
  }
  const system = systemPaths.find((candidate) => existsSync(candidate));
  if (system) return system;
  throw new Error(
    [
      'No Firefox found for the Firefox end-to-end suite. Any one of these fixes it:',
      '  - Debian/Ubuntu: sudo apt-get install firefox-esr',
      '  - point KAIROS_FIREFOX at a Firefox executable (any release with WebDriver BiDi, 129 or later),',
      `  - or leave the suite out on purpose: ${firefoxOptOut}=1 (the summary counts it as skipped).`,
    ].join('\n'),
  );
}
