// One search is one moment, however it reaches the service worker. A search
// results page arrives twice: as the navigation the worker sees (decided at
// once, from the URL) and as the `Products Searched` the tracker derives from
// that page's URL. The ledger remembers each navigation the worker decided a
// search for, by page (origin and path) and query; the tracker's event for the same page and
// query is that search, and takes the navigation's place once. A search the
// worker did not see navigate (the first page before the worker took control,
// a site's own search box) has no entry and is a moment of its own.
import { foldText } from '../matching/normalise';

/** Navigations whose tracker event has not come (yet): a few pages' worth is plenty. */
const ledgerSize = 32;

/**
 * A page by origin and path: the same search may reach the worker with other
 * parameters than the page's own URL shows (a framework's data fetch, such as
 * Next.js's `_rsc`, a tracking parameter, a fragment the request never carries).
 */
function pageKey(url: string, query: string): string {
  let page = url;
  try {
    const { origin, pathname } = new URL(url);
    page = origin + pathname;
  } catch {
    // not a URL: compared as it is
  }
  return `${page} ${foldText(query)}`;
}

export interface SearchLedger {
  /** The worker decided this search from a navigation to `url`. */
  navigated(url: URL, query: string): void;
  /** True (once) when this tracked search is the one of a navigation already decided. */
  isNavigationSearch(pageUrl: string | undefined, query: string): boolean;
  clear(): void;
}

export function createSearchLedger(): SearchLedger {
  const pending: string[] = [];
  return {
    navigated(url, query) {
      pending.push(pageKey(url.href, query));
      if (pending.length > ledgerSize) pending.shift();
    },
    isNavigationSearch(pageUrl, query) {
      if (pageUrl === undefined) return false;
      const index = pending.indexOf(pageKey(pageUrl, query));
      if (index < 0) return false;
      pending.splice(index, 1);
      return true;
    },
    clear() {
      pending.length = 0;
    },
  };
}
