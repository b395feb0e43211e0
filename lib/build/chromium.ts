// Which Chromium the tests drive: $KAIROS_CHROMIUM, else the system's, else
// Playwright's own download. Machines without internet access cannot run
// `npx playwright install`, so the system browser comes first.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const systemPaths = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Flags for a quiet, headless run on a locked-down machine (no sandbox as root, no phoning home). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function findChromium(): string {
  const fromEnv = process.env.KAIROS_CHROMIUM;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`KAIROS_CHROMIUM is set to ${fromEnv}, but there is no file there.`);
  }
  const system = systemPaths.find((candidate) => existsSync(candidate));
  if (system) return system;
  const playwrights = playwrightChromium();
  if (playwrights) return playwrights;
  throw new Error(
    [
      'No Chromium found for the end-to-end tests. Any one of these fixes it:',
      '  - Debian/Ubuntu: sudo apt-get install chromium',
      '  - with internet access: npx playwright install chromium',
      '  - or point KAIROS_CHROMIUM at a Chrome or Chromium executable.',
    ].join('\n'),
  );
}

function playwrightChromium(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core') as { chromium: { executablePath(): string } };
    const path = chromium.executablePath();
    return existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}
