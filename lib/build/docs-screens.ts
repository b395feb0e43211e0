// `npm run docs:screens`: copies the screenshots the docs show from the last
// end-to-end run (test-results/screens/, written by the specs named below)
// into docs/screens/, scaled to at most 1,000 pixels wide and stored as
// palette PNGs, so the committed images stay small and show the app as it is.
// Run it after `npm test` (or the named specs) and commit what changed.
import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

/** Each docs image and the spec whose run writes it. */
export const docsScreens = {
  'getting-started.png': 'tests/e2e/demo-first-start.spec.ts',
  'moments.png': 'tests/e2e/demo-first-start.spec.ts',
  'campaign-results.png': 'tests/e2e/demo-first-start.spec.ts',
  'console-intent.png': 'tests/e2e/console-intent.spec.ts',
  'campaign-preview-chrome-windows.png': 'tests/e2e/campaign-previews.spec.ts',
  'campaign-preview-safari-ios.png': 'tests/e2e/campaign-previews.spec.ts',
  'ios-home-screen-guide.png': 'tests/e2e/ios-home-screen.spec.ts',
} as const;

const from = 'test-results/screens';
const to = 'docs/screens';
const maxWidth = 1_000;

async function main(): Promise<number> {
  mkdirSync(to, { recursive: true });
  const missing: string[] = [];
  for (const [name, spec] of Object.entries(docsScreens)) {
    const source = path.join(from, name);
    if (!existsSync(source)) {
      missing.push(`${source} (run ${spec})`);
      continue;
    }
    const target = path.join(to, name);
    await sharp(source)
      .resize({ width: maxWidth, withoutEnlargement: true })
      .png({ palette: true, quality: 80, compressionLevel: 9 })
      .toFile(target);
    console.log(`${target}: ${(statSync(target).size / 1024).toFixed(0)} KB`);
  }
  if (missing.length > 0) {
    console.error(`Not found, so not copied:\n  ${missing.join('\n  ')}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
