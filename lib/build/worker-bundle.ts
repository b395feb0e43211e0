// What the service worker bundles (public/kairos-sw.js and our own sw.js)
// share: lib/contracts/worker-parsers.ts becomes code compiled from its
// schemas, and zod itself may not enter the bundle. An import that would pull
// it in (a value from a contract file with schemas) stops the build with the
// importer's name. Dexie is refused the same way: the device store is our own
// layer over IndexedDB (lib/store/database.ts), and Dexie stays for the tests
// that prove a device stored by it upgrades. docs/perf-service-worker.md.
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
    build.onResolve({ filter: /^dexie(\/|$)/ }, (args) => ({
      errors: [
        {
          text:
            `${path.relative(process.cwd(), args.importer)} brings Dexie into the service worker. The device store ` +
            'is lib/store/database.ts (about 30 KB gzip less).',
        },
      ],
    }));
  },
};
