// The search query a URL carries, as a search rule reads it: one of its
// parameter names, on a path that matches one of its patterns.
import { defaultSearchParameters, maxSearchQueryLength } from '../contracts/event-names';
import { cutText } from '../contracts/text';

export interface SearchUrlOptions {
  parameters: readonly string[];
  pathPatterns: readonly string[];
}

const patternCache = new Map<string, RegExp>();

/** `*` is any run of characters; everything else is literal. */
function pathPattern(pattern: string): RegExp {
  let compiled = patternCache.get(pattern);
  if (!compiled) {
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    compiled = new RegExp(`^${source}$`);
    patternCache.set(pattern, compiled);
  }
  return compiled;
}

/** The first non-empty search parameter of the URL (at most `maxSearchQueryLength` characters), if its path is one the rule watches. */
export function searchQueryFromUrl(
  url: URL,
  { parameters = defaultSearchParameters, pathPatterns = [] }: Partial<SearchUrlOptions> = {},
): string | undefined {
  if (pathPatterns.length > 0 && !pathPatterns.some((pattern) => pathPattern(pattern).test(url.pathname))) {
    return undefined;
  }
  for (const name of parameters) {
    const value = url.searchParams.get(name)?.trim();
    if (value) return cutText(value, maxSearchQueryLength);
  }
  return undefined;
}
