import { expect, test } from '@playwright/test';

const everywhere = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

for (const url of [
  '/',
  '/console/login',
  '/offline',
  '/api/health',
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/sw.js',
]) {
  test(`${url} carries the security headers`, async ({ request }) => {
    const headers = (await request.get(url)).headers();
    expect(headers).toMatchObject(everywhere);
    expect(headers['x-powered-by']).toBeUndefined();
  });
}

for (const url of ['/', '/console/login', '/api/health']) {
  test(`${url} has a CSP without inline scripts, framing or plugins`, async ({ request }) => {
    const csp = (await request.get(url)).headers()['content-security-policy'] ?? '';
    const scriptSrc = csp.split(';').find((part) => part.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });
}

test('pages run under the CSP without violations', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto('/');
  await page.goto('/console/login');
  // Hydration ran: React attached and the form is interactive.
  await expect(page.getByLabel('Admin password')).toBeEditable();
  await page.waitForLoadState('networkidle');
  expect(violations).toEqual([]);
});

test('a CSP nonce is fresh on every response', async ({ request }) => {
  const nonce = async () =>
    /'nonce-([^']+)'/.exec((await request.get('/')).headers()['content-security-policy'] ?? '')?.[1];
  expect(await nonce()).not.toBe(await nonce());
});
