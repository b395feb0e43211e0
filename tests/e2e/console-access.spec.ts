// Every console page and every API route that is not public refuses a visitor
// without a session, and a forged session cookie too (so the check is each
// route's, not only the proxy's); a page sends both to the login with itself as
// `next`. Routes are found on disk: a new route is
// covered the day it is added, and must be listed here to be public.
import { expect, test } from '@playwright/test';
import { apiRoutes, consolePages } from '../fixtures/app-routes';

/** The API routes anyone may call, each for a reason. */
const publicApi = new Set([
  '/api/health', // load balancers
  '/api/auth/login', // the way in
  '/api/auth/logout', // ends the caller's own session
  '/api/collect', // visitors' devices (bounded, rate limited)
  '/api/s/1', // Jitsu's libraries, with a write key (docs/segment-api.md)
  '/api/s/s2s/1', // the same, from servers
  '/api/visitor/forget', // a visitor erasing their own data
  '/api/push/vapid-public-key', // the key pages subscribe with (public by design)
  '/api/push/subscribe', // a visitor opting in (bounded, rate limited, SSRF-checked)
  '/api/push/unsubscribe', // a visitor opting out (holding the endpoint is the right to drop it)
  '/api/device/config', // what devices publish-read: rules, published segments, cut points (rate limited)
]);

const pages = consolePages();
const routes = apiRoutes().filter((route) => !publicApi.has(route.url));
const forgedCookie = { Cookie: 'kairos_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.forged' };

test('the route enumeration finds the console and its admin API', () => {
  expect(pages).toContain('/console');
  expect(routes.map((route) => route.url)).toContain('/api/admin/summary');
  // Every public route still exists (a stale entry would hide nothing, but would mislead).
  const all = new Set(apiRoutes().map((route) => route.url));
  for (const url of publicApi) expect(all.has(url), url).toBe(true);
  for (const route of routes) expect(route.methods.length, route.url).toBeGreaterThan(0);
});

for (const url of pages) {
  for (const [label, headers] of [
    ['no cookie', {}],
    ['a forged cookie', forgedCookie],
  ] as const) {
    test(`page ${url} sends a visitor with ${label} to the login, keeping the page as next`, async ({ request }) => {
      const response = await request.get(`${url}?tab=2`, { headers, maxRedirects: 0 });
      expect(response.status(), await response.text()).toBeGreaterThanOrEqual(300);
      expect(response.status()).toBeLessThan(400);
      const location = new URL(response.headers().location ?? '', 'http://kairos.test');
      expect(location.pathname).toBe('/console/login');
      // The page's own gate (a forged cookie passes the proxy) keeps the page like the proxy does.
      expect(location.searchParams.get('next')).toBe(`${url}?tab=2`);
    });
  }
}

for (const { url, methods } of routes) {
  for (const method of methods) {
    for (const [label, headers] of [
      ['no cookie', {}],
      ['a forged cookie', forgedCookie],
    ] as const) {
      test(`${method} ${url} answers 401 with ${label}`, async ({ request }) => {
        const response = await request.fetch(url, { method, headers, maxRedirects: 0 });
        expect(response.status()).toBe(401);
        expect(await response.json()).toMatchObject({ error: { code: 'unauthorized', status: 401 } });
      });
    }
  }
}
