// Every console page and admin API route refuses a visitor without a session,
// and a forged session cookie too (so the check is each route's, not only the proxy's).
import { expect, test } from '@playwright/test';
import { adminApiRoutes, consolePages } from '../fixtures/app-routes';

const pages = consolePages();
const routes = adminApiRoutes();
const forgedCookie = { Cookie: 'kairos_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.forged' };

test('the route enumeration finds the console and its admin API', () => {
  expect(pages).toContain('/console');
  expect(routes.map((route) => route.url)).toContain('/api/admin/summary');
  for (const route of routes) expect(route.methods.length, route.url).toBeGreaterThan(0);
});

for (const url of pages) {
  for (const [label, headers] of [
    ['no cookie', {}],
    ['a forged cookie', forgedCookie],
  ] as const) {
    test(`page ${url} sends a visitor with ${label} to the login`, async ({ request }) => {
      const response = await request.get(url, { headers, maxRedirects: 0 });
      expect(response.status(), await response.text()).toBeGreaterThanOrEqual(300);
      expect(response.status()).toBeLessThan(400);
      expect(response.headers().location).toMatch(/\/console\/login/);
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
