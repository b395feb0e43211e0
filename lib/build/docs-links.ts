// The docs check (`tests/unit/docs-links.test.ts`, part of `npm test`): every
// relative link in README.md and docs/*.md must reach a file of this
// repository, and every `#anchor` a heading of the page it names. Links to
// public sites (http, https, mailto) are not followed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface DocLink {
  file: string;
  line: number;
  target: string;
}

/** The page's text without fenced code blocks and inline code, where a `[x](y)` is not a link. */
function proseLines(markdown: string): string[] {
  let fenced = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line.replace(/`[^`]*`/g, '``');
  });
}

export function linksOf(file: string, markdown: string): DocLink[] {
  const links: DocLink[] = [];
  proseLines(markdown).forEach((text, index) => {
    for (const match of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ file, line: index + 1, target: match[1] as string });
    }
  });
  return links;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = (heading[1] as string)
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** What is wrong with one link, or undefined when it is fine. */
export function linkProblem(root: string, link: DocLink): string | undefined {
  const { target } = link;
  if (/^(https?:|mailto:)/i.test(target)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return `a link with the scheme of ${target} (only http, https and mailto)`;
  if (target.startsWith('/')) return 'an absolute path: link relative to the page instead';
  const [pathPart = '', anchor] = target.split('#', 2);
  const from = path.dirname(path.join(root, link.file));
  const resolved = pathPart === '' ? path.join(root, link.file) : path.resolve(from, decodeURIComponent(pathPart));
  const inside = path.relative(root, resolved);
  if (inside.startsWith('..') || path.isAbsolute(inside)) return 'leaves the repository';
  if (!existsSync(resolved)) return `no such file: ${inside}`;
  if (anchor === undefined) return undefined;
  if (statSync(resolved).isDirectory() || !resolved.endsWith('.md')) return `an anchor into ${inside}, not a page`;
  if (!anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) return `no heading for #${anchor} in ${inside}`;
  return undefined;
}
