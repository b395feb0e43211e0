// The docs check: README.md and docs/*.md link only to files and headings that
// exist in this repository (lib/build/docs-links.ts says the rules).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorsOf, linkProblem, linksOf } from '@/lib/build/docs-links';

const root = process.cwd();
const pages = [
  'README.md',
  ...readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

describe('the docs check', () => {
  it.each(pages)('every link of %s reaches this repository', (page) => {
    const problems = linksOf(page, readFileSync(path.join(root, page), 'utf8'))
      .map((link) => ({ link, problem: linkProblem(root, link) }))
      .filter(({ problem }) => problem !== undefined)
      .map(({ link, problem }) => `${link.file}:${link.line} ${link.target}: ${problem}`);
    expect(problems).toEqual([]);
  });

  it('refuses a broken file, a missing anchor and a link out of the repository', () => {
    const page = [
      '[gone](docs/no-such-page.md)',
      '[anchor](docs/operations.md#no-such-heading)',
      '[outside](../shared/DESIGN.md)',
      '[absolute](/etc/passwd)',
      '[fine](docs/operations.md#backups) [public](https://example.org/x) `[code](../x.md)`',
    ].join('\n');
    const problems = linksOf('README.md', page).map((link) => linkProblem(root, link));
    expect(problems).toEqual([
      'no such file: docs/no-such-page.md',
      'no heading for #no-such-heading in docs/operations.md',
      'leaves the repository',
      'an absolute path: link relative to the page instead',
      undefined,
      undefined,
    ]);
  });

  it('names anchors as GitHub does', () => {
    const anchors = anchorsOf(
      '# Predictive intent (BG/NBD)\n## Client addresses, proxies and limits\n## Benchmark\n### Benchmark\n```\n# not a heading\n```',
    );
    expect([...anchors]).toEqual([
      'predictive-intent-bgnbd',
      'client-addresses-proxies-and-limits',
      'benchmark',
      'benchmark-1',
    ]);
  });

  // Injected failure: a comment that says "see issue 7" or points at a design note outside the repository.
  it('no source file points at an issue number or a file outside the repository', () => {
    const pointers = /\bissues? #?\d+|DESIGN\.md|\.\.\/shared\//i;
    const offenders = sourceFiles(['lib', 'app', 'workers', 'tests', 'server.ts', 'instrumentation.ts', 'proxy.ts'])
      .filter((file) => file !== 'tests/unit/docs-links.test.ts')
      .flatMap((file) =>
        readFileSync(path.join(root, file), 'utf8')
          .split('\n')
          .flatMap((line, index) => (pointers.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });
});

/** The repository's own source files under `entries` (files or folders), as paths from the root. */
function sourceFiles(entries: string[]): string[] {
  return entries.flatMap((entry) => {
    const full = path.join(root, entry);
    if (statSync(full, { throwIfNoEntry: false }) === undefined) return [];
    if (!statSync(full).isDirectory()) return /\.(ts|tsx|js|mjs|py)$/.test(entry) ? [entry] : [];
    return readdirSync(full).flatMap((name) => sourceFiles([`${entry}/${name}`]));
  });
}
