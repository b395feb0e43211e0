// Builds what other sites load from Kairos into public/ (before `next build`,
// which serves only the public files that exist at build time):
//   kairos.js     the page-side tracker (budget: 3 KB gzip, see size-report.ts)
//   kairos-push.js  Web Push (subscribe, soft prompt), an ES module kairos.js imports on demand
//   kairos-sw.js  the service worker library sites importScripts()
import { isMainModule } from './main-module';
import path from 'node:path';
import { build } from 'esbuild';
import { workerBundle } from './worker-bundle';

export const trackerOutputs = {
  tracker: path.join('public', 'kairos.js'),
  push: path.join('public', 'kairos-push.js'),
  serviceWorker: path.join('public', 'kairos-sw.js'),
} as const;

export async function buildTracker(root = process.cwd()): Promise<void> {
  const common = {
    bundle: true,
    format: 'iife',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  } as const;
  await build({
    ...common,
    entryPoints: [path.join(root, 'lib', 'tracker', 'index.ts')],
    outfile: path.join(root, trackerOutputs.tracker),
    target: 'es2020',
  });
  await build({
    ...common,
    format: 'esm',
    entryPoints: [path.join(root, 'lib', 'tracker', 'push', 'index.ts')],
    outfile: path.join(root, trackerOutputs.push),
    target: 'es2020',
  });
  await build({
    ...common,
    entryPoints: [path.join(root, 'workers', 'kairos-sw.ts')],
    outfile: path.join(root, trackerOutputs.serviceWorker),
    target: 'es2022',
    plugins: [workerBundle],
    tsconfig: path.join(root, 'workers', 'tsconfig.json'),
  });
}

if (isMainModule(import.meta.url)) {
  await buildTracker();
  console.log(`Tracker: ${Object.values(trackerOutputs).join(', ')}`);
}
