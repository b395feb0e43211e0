// @ts-check
// The import directions of DESIGN.md ("Import rules"), as a lint rule:
// - lib/contracts imports nothing of ours;
// - lib/ is framework-free: no React, Next.js, app/ or workers/;
// - server-only code (lib/db, lib/push, lib/auth) never reaches browser code
//   (client components, workers/, and the browser-side lib folders);
// - workers/ and lib/tracker never import React or server code;
// - app/ reaches a worker only through `new Worker(new URL(...))`, never an import.
import path from 'node:path';

const serverOnly = ['lib/db/', 'lib/push/', 'lib/auth/'];
const browserLib = [
  'lib/contracts/',
  'lib/tracker/',
  'lib/store/',
  'lib/segments/',
  'lib/analytics/',
  'lib/moments/',
  'lib/pwa/',
  'lib/demo/',
  'lib/intent/',
  'lib/notifications/',
];
const frameworkPackages = /^(react|react-dom|next)(\/|$)/;

/** @param {string} root @param {string} file @param {string} specifier */
function resolveTarget(root, file, specifier) {
  if (specifier.startsWith('@/')) return { internal: specifier.slice(2) };
  if (specifier.startsWith('.')) return { internal: path.relative(root, path.resolve(path.dirname(file), specifier)) };
  return { pkg: specifier };
}

const startsWithAny = (/** @type {string} */ p, /** @type {string[]} */ prefixes) =>
  prefixes.some((prefix) => p.startsWith(prefix) || `${p}/` === prefix);

/** @param {string} from @param {{internal?: string, pkg?: string}} target @param {boolean} isClient */
function violation(from, target, isClient) {
  const { internal, pkg } = target;
  const browserSide = isClient || from.startsWith('workers/') || startsWithAny(from, browserLib);
  if (from.startsWith('lib/contracts/') && internal !== undefined && !internal.startsWith('lib/contracts')) {
    return 'lib/contracts imports nothing of ours.';
  }
  if (
    internal !== undefined &&
    browserSide &&
    startsWithAny(internal, serverOnly) &&
    !internal.endsWith('session-cookie')
  ) {
    return `${internal} is server-only and must not reach browser code.`;
  }
  if (pkg === 'server-only' && browserSide) return 'browser code must not import server-only.';
  if (
    from.startsWith('lib/') &&
    internal !== undefined &&
    (internal.startsWith('app/') || internal.startsWith('workers/'))
  ) {
    return 'lib/ is framework-free: it must not import app/ or workers/.';
  }
  if ((from.startsWith('lib/') || from.startsWith('workers/')) && pkg !== undefined && frameworkPackages.test(pkg)) {
    return `${from.split('/').slice(0, 2).join('/')} must not import ${pkg} (framework-free code).`;
  }
  if (from.startsWith('app/') && internal !== undefined && internal.startsWith('workers/')) {
    return 'app/ reaches a worker only through new Worker(new URL(...)) and its typed client.';
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the import directions of DESIGN.md' },
    schema: [],
  },
  create(context) {
    // Paths are relative to the project ESLint runs for, whatever the shell's directory.
    const root = context.cwd;
    const file = context.filename;
    const from = path.relative(root, file).split(path.sep).join('/');
    const isClient = /^\s*['"]use client['"]/.test(context.sourceCode.text);
    /** @param {any} node */
    const check = (node) => {
      const source = node.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const message = violation(from, resolveTarget(root, file, source.value), isClient);
      if (message) context.report({ node: source, message: `Import boundary: ${message}` });
    };
    return {
      ImportDeclaration: check,
      ExportAllDeclaration: check,
      ExportNamedDeclaration: check,
      ImportExpression: check,
    };
  },
};

export default { rules: { 'import-boundaries': importBoundaries } };
