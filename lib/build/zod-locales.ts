// An esbuild plugin for the service worker bundles: zod's `z` namespace
// re-exports every one of its ~40 error-message locales (`z.locales`), which
// esbuild cannot shake out of an IIFE (264 KB of the worker's 570 KB). We only
// ever use zod's default English messages, so `locales/index.js` becomes English only.
import path from 'node:path';
import type { Plugin } from 'esbuild';

export const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}node_modules${path.sep}zod${path.sep}`)
        ? { path: path.join(path.dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-english-only' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: path.dirname(args.path),
      loader: 'js',
    }));
  },
};
