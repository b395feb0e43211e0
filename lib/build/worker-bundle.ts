// What the service worker bundles (public/kairos-sw.js and our own sw.js)
// share: lib/contracts/worker-parsers.ts becomes code compiled from its
// schemas, and zod itself may not enter the bundle. An import that would pull
// it in (a value from a contract file with schemas) stops the build with the
// importer's name. docs/perf-service-worker.md.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { compileParsers } from './contract-parsers';
import { workerSchemas } from '../contracts/worker-parsers';

const parsersModule = path.join('lib', 'contracts', 'worker-parsers.ts');

export const workerBundle: Plugin = {
  name: 'kairos-worker-bundle',
  setup(build) {
    build.onLoad({ filter: /worker-parsers\.ts$/ }, (args) =>
      args.path.endsWith(parsersModule) ? { contents: compileParsers(workerSchemas), loader: 'js' } : undefined,
    );
    build.onResolve({ filter: /^zod(\/|$)/ }, (args) => ({
      errors: [
        {
          text:
            `${path.relative(process.cwd(), args.importer)} brings zod into the service worker. Import types with ` +
            '`import type`, constants from a contract file without schemas, and parse through lib/contracts/worker-parsers.ts.',
        },
      ],
    }));
    // Dexie's modern build (ES2018+, no legacy shims) is what every browser with a service worker runs.
    const dexieModern = createRequire(import.meta.url).resolve('dexie/dist/modern/dexie.mjs');
    build.onResolve({ filter: /^dexie$/ }, () => ({ path: dexieModern }));
  },
};
