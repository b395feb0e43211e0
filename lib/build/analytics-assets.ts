// Puts the analytics worker and its wasm files in public/duckdb/, served by the
// app itself (the console must work with no third-party host reachable):
// DuckDB-WASM's mvp and eh modules, parquet-wasm's module, and
// workers/analytics.worker.ts bundled with esbuild. Turbopack does not bundle
// DuckDB's wasm well, so the worker is built here and loaded from its URL.
// Runs at postinstall and before `next build`; public/duckdb/ is not committed.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

export const analyticsAssetsDir = (root: string) => path.join(root, 'public', 'duckdb');

export async function buildAnalyticsAssets(root = process.cwd(), minify = true): Promise<string> {
  const out = analyticsAssetsDir(root);
  mkdirSync(out, { recursive: true });
  const duckdbDist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  for (const name of ['duckdb-mvp.wasm', 'duckdb-eh.wasm'])
    copyFileSync(path.join(duckdbDist, name), path.join(out, name));
  const parquetWasm = require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm');
  copyFileSync(parquetWasm, path.join(out, 'parquet_wasm_bg.wasm'));
  await build({
    entryPoints: [path.join(root, 'workers', 'analytics.worker.ts')],
    outfile: path.join(out, 'analytics.worker.js'),
    bundle: true,
    format: 'iife',
    target: 'es2022',
    minify,
    sourcemap: false,
    tsconfig: path.join(root, 'workers', 'tsconfig.json'),
    alias: { 'duckdb-wasm-browser-blocking': path.join(duckdbDist, 'duckdb-browser-blocking.mjs') },
    // The browser build never takes its Node branches.
    external: ['fs', 'path', 'url', 'crypto', 'worker_threads', 'module'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildAnalyticsAssets().then((out) =>
    console.log(`Analytics worker and wasm files: ${path.relative(process.cwd(), out)}/`),
  );
}
