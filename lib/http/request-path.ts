// A request path Next.js cannot decode (a bad percent-escape such as %ff, or
// an encoded lone surrogate) fails inside its router with a bare 500 and no
// log line, before any route of ours runs. The server answers it first.

/** Why the path of `url` (a request target) cannot be read as UTF-8 text, or undefined when it can. */
export function undecodablePath(url: string | undefined): string | undefined {
  const path = (url ?? '/').split('?')[0] ?? '/';
  try {
    decodeURIComponent(path);
    return undefined;
  } catch {
    return 'The address has a percent-escape that is not UTF-8 text (such as %ff): fix the link.';
  }
}

/** The answer to such a path: the API's error shape under /api/, plain text elsewhere. */
export function undecodablePathAnswer(url: string | undefined, problem: string): { type: string; body: string } {
  return url?.startsWith('/api/')
    ? {
        type: 'application/json',
        body: JSON.stringify({ error: { code: 'bad_request', message: problem, status: 400 } }),
      }
    : { type: 'text/plain; charset=utf-8', body: `${problem}\n` };
}
