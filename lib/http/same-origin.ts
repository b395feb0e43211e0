/** A browser's state-changing request from this site (or a non-browser client, which sends no Origin). */
export function isSameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return true; // the cookie still gates such clients
  if (!URL.canParse(origin)) return false; // "null": sandboxed frames, file: pages
  return origin === new URL(request.url).origin || new URL(origin).host === request.headers.get('host');
}
