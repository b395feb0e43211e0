// The login sends the admin back to the console page that asked for it (`next`),
// but only to a console path: an open redirect after login would hand anyone's
// link the logged-in session's page.

/** The request header the proxy puts a console page's path and query in (a page has no Request of its own). */
export const consolePageHeader = 'x-kairos-console-page';

// A path under /console and an optional plain query: no scheme, no host, no
// backslash or `//` that a browser could read as another site.
const consolePath = /^\/console(\/[\w\-/]*)?(\?[\w\-.~%=&+]*)?$/;

/** The page a request asked for, as `next`: its path and query, without Next's own data-fetch marker. */
export function requestedPage(url: URL): string {
  const query = new URLSearchParams(url.search);
  query.delete('_rsc');
  const search = query.toString();
  return search ? `${url.pathname}?${search}` : url.pathname;
}

/** `next` when it is a console path, else the console's home. */
export function safeNext(next: string | undefined | null): string {
  return next && consolePath.test(next) ? next : '/console';
}

/** The login page, carrying `next` when it is a console path to come back to. */
export function loginPath(next: string | undefined | null): string {
  return next && safeNext(next) === next ? `/console/login?${new URLSearchParams({ next })}` : '/console/login';
}
