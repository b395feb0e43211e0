// Builds public service worker code from workers/sw.ts after `next build`:
// bundles it with esbuild and injects the precache list of the built assets
// (Workbox's injectManifest idea, without its build-time dependencies).
import { isMainModule } from './main-module';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { workerBundle } from './worker-bundle';

export const serviceWorkerFile = (distDir: string) => path.join(distDir, 'kairos', 'sw.js');

interface PrecacheEntry {
  url: string;
  revision: string | null;
}

function* filesUnder(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* filesUnder(full);
    else yield full;
  }
}

const fileRevision = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);

export function precacheEntries(root: string, distDir: string): PrecacheEntry[] {
  const buildId = readFileSync(path.join(distDir, 'BUILD_ID'), 'utf8').trim();
  const staticDir = path.join(distDir, 'static');
  // Next's static files carry a content hash in their names: no revision needed.
  const assets = [...filesUnder(staticDir)]
    .filter((file) => !file.endsWith('.map'))
    .map((file) => ({
      url: `/_next/static/${path.relative(staticDir, file).split(path.sep).join('/')}`,
      revision: null,
    }));
  const icons = [...filesUnder(path.join(root, 'public', 'icons'))].map((file) => ({
    url: `/icons/${path.basename(file)}`,
    revision: fileRevision(file),
  }));
  // Rendered pages change with each build.
  const pages = ['/offline', '/manifest.webmanifest'].map((url) => ({ url, revision: buildId }));
  return [...pages, ...icons, ...assets];
}

export async function buildServiceWorker(root = process.cwd(), distDir = path.join(root, '.next')): Promise<string> {
  const entries = precacheEntries(root, distDir);
  const outfile = serviceWorkerFile(distDir);
  await build({
    entryPoints: [path.join(root, 'workers', 'sw.ts')],
    outfile,
    bundle: true,
    format: 'iife',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    tsconfig: path.join(root, 'workers', 'tsconfig.json'),
    plugins: [workerBundle],
    define: {
      __KAIROS_PRECACHE__: JSON.stringify(entries),
      'process.env.NODE_ENV': '"production"',
    },
    logLevel: 'warning',
  });
  return `${outfile} (${entries.length} precached files)`;
}

if (isMainModule(import.meta.url)) {
  buildServiceWorker().then((summary) => console.log(`Service worker: ${summary}`));
}
