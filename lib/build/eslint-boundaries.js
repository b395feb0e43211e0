// @ts-check
// The import directions, as a lint rule. Every folder of lib/ and workers/ has
// a side in `sides` below, and a file in a folder the table does not name is an
// error: a new folder says where its code runs before it can be imported.
//
//   contracts  imports nothing of ours (types, schemas and constants every side shares)
//   shared     runs anywhere (page, workers, Node): imports contracts and shared only
//   page       the page-side tracker: contracts, shared, page, and browser-safe worker modules
//   worker     the service worker and web workers: contracts, shared, worker
//   server     Node only (`import 'server-only'` where it matters): contracts, shared, server
//   build      build and lint scripts: anything
//
// Also: lib/ and workers/ import no React or Next.js and nothing of app/ (lib/
// nothing of workers/ either); browser code (page, worker, client components)
// never imports the `server-only` package or server code; app/ reaches a
// worker only through `new Worker(new URL(...))`, never an import.
import path from 'node:path';

/** @typedef {'contracts' | 'shared' | 'page' | 'worker' | 'server' | 'build'} Side */

/** @type {Record<string, Side>} */
export const sides = {
  'lib/contracts': 'contracts',
  'lib/analytics': 'shared',
  'lib/demo': 'shared',
  'lib/intent': 'shared',
  'lib/matching': 'shared',
  'lib/segments': 'shared',
  'lib/results': 'shared',
  'lib/delivery-policy': 'shared',
  'lib/tracker': 'page',
  'lib/moments': 'worker',
  'lib/notifications': 'worker',
  'lib/pwa': 'worker',
  'lib/store': 'worker',
  'lib/audience': 'server',
  'lib/automations': 'server',
  'lib/auth': 'server',
  'lib/cli': 'server',
  'lib/collect': 'server',
  'lib/db': 'server',
  'lib/geo': 'server',
  'lib/http': 'server',
  'lib/lake': 'server',
  'lib/push': 'server',
  'lib/security': 'server',
  'lib/build': 'build',
  workers: 'worker',
  'workers/features': 'worker',
};

/** @type {Record<Side, Side[]>} */
const mayImport = {
  contracts: ['contracts'],
  shared: ['contracts', 'shared'],
  page: ['contracts', 'shared', 'page', 'worker'],
  worker: ['contracts', 'shared', 'worker'],
  server: ['contracts', 'shared', 'server'],
  build: ['contracts', 'shared', 'page', 'worker', 'server', 'build'],
};

const frameworkPackages = /^(react|react-dom|next)(\/|$)/;

/** The table's folder of a file under lib/ or workers/ (`lib/tracker/push/x.ts` → `lib/tracker`), else undefined. */
export function folderOf(/** @type {string} */ file) {
  const parts = file.split('/');
  if (parts[0] === 'lib' && parts.length >= 2) return `lib/${parts[1]}`;
  if (parts[0] === 'workers') return parts.length > 2 ? `workers/${parts[1]}` : 'workers';
  return undefined;
}

/** @param {string} root @param {string} file @param {string} specifier */
function resolveTarget(root, file, specifier) {
  if (specifier.startsWith('@/')) return { internal: specifier.slice(2) };
  if (specifier.startsWith('.')) return { internal: path.relative(root, path.resolve(path.dirname(file), specifier)) };
  return { pkg: specifier };
}

/** @param {string | undefined} folder */
const sideOf = (folder) => (folder === undefined ? undefined : sides[folder]);

/** @param {string} from @param {{internal?: string, pkg?: string}} target @param {boolean} isClient */
function violation(from, target, isClient) {
  const { internal, pkg } = target;
  const fromFolder = folderOf(from);
  const fromSide = sideOf(fromFolder);
  const targetFolder = internal === undefined ? undefined : folderOf(internal);
  const targetSide = sideOf(targetFolder);
  const browserSide = isClient || fromSide === 'page' || fromSide === 'worker' || fromSide === 'shared';

  if (fromSide === 'contracts' && internal !== undefined && targetSide !== 'contracts') {
    return 'lib/contracts imports nothing of ours.';
  }
  if (pkg === 'server-only' && browserSide) return 'browser code must not import server-only.';
  if (targetSide === 'server' && browserSide) return `${internal} is server-only and must not reach browser code.`;
  if (from.startsWith('lib/') && internal !== undefined && /^(app|workers)(\/|$)/.test(internal)) {
    return 'lib/ is framework-free: it must not import app/ or workers/.';
  }
  if (fromSide !== undefined && fromSide !== 'build' && pkg !== undefined && frameworkPackages.test(pkg)) {
    return `${fromFolder} must not import ${pkg} (framework-free code).`;
  }
  if (from.startsWith('app/') && internal !== undefined && /^workers(\/|$)/.test(internal)) {
    return 'app/ reaches a worker only through new Worker(new URL(...)) and its typed client.';
  }
  if (fromSide !== undefined && targetSide !== undefined && !mayImport[fromSide].includes(targetSide)) {
    return `${fromFolder} (${fromSide}) must not import ${targetFolder} (${targetSide}).`;
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import directions between the sides of lib/ and workers/' },
    schema: [],
  },
  create(context) {
    // Paths are relative to the project ESLint runs for, whatever the shell's directory.
    const root = context.cwd;
    const file = context.filename;
    const from = path.relative(root, file).split(path.sep).join('/');
    const isClient = /^\s*['"]use client['"]/.test(context.sourceCode.text);
    const folder = folderOf(from);
    /** @param {any} node */
    const check = (node) => {
      const source = node.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const target = resolveTarget(root, file, source.value);
      const targetFolder = target.internal === undefined ? undefined : folderOf(target.internal);
      const message =
        targetFolder !== undefined && sides[targetFolder] === undefined
          ? `${targetFolder} is not in the import table (lib/build/eslint-boundaries.js): give it a side.`
          : violation(from, target, isClient);
      if (message) context.report({ node: source, message: `Import boundary: ${message}` });
    };
    return {
      Program(node) {
        if (folder !== undefined && sides[folder] === undefined) {
          context.report({
            node,
            message: `Import boundary: ${folder} is not in the import table (lib/build/eslint-boundaries.js): give it a side.`,
          });
        }
      },
      ImportDeclaration: check,
      ExportAllDeclaration: check,
      ExportNamedDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { 'import-boundaries': importBoundaries } };
