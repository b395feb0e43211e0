// Client addresses come from the socket (server.ts), against the real started server. The e2e
// server trusts 127.0.0.1 and ::1 as proxies (tests/fixtures/e2e-server.ts); requests sent from
// 127.0.0.2 and up are from untrusted peers, so whatever headers they carry must not count.
import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import { e2eAdminPassword, e2ePort } from '../fixtures/e2e-env';

interface Answer {
  status: number;
  cookies: string[];
}

/** A JSON POST from a chosen loopback source address (Playwright's client cannot pick one). */
function post(path: string, body: unknown, from: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port: e2ePort,
        path,
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: { 'Content-Type': 'application/json', ...headers },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, cookies: response.headers['set-cookie'] ?? [] }),
        );
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

const login = (password: string, from: string, headers?: Record<string, string>) =>
  post('/api/auth/login', { password }, from, headers);

test('a forged X-Forwarded-For does not change an untrusted peer’s key (injected: 10 wrong passwords, a new claimed address each)', async () => {
  for (let i = 0; i < 10; i++) {
    expect((await login(`wrong-${i}`, '127.0.0.2', { 'X-Forwarded-For': `203.0.113.${i + 1}` })).status).toBe(401);
  }
  const next = await login(e2eAdminPassword, '127.0.0.2', { 'X-Forwarded-For': '203.0.113.99' });
  expect(next.status).toBe(429);
});

test('wrong passwords sent “from” another client’s address do not lock it out (injected: 127.0.0.3 claims to be 127.0.0.4)', async () => {
  const claim = { 'X-Forwarded-For': '127.0.0.4', 'X-Real-IP': '127.0.0.4', 'X-Kairos-Client-Address': '127.0.0.4' };
  for (let i = 0; i < 10; i++) expect((await login(`wrong-${i}`, '127.0.0.3', claim)).status).toBe(401);
  expect((await login(e2eAdminPassword, '127.0.0.3', claim)).status).toBe(429);
  expect((await login(e2eAdminPassword, '127.0.0.4')).status).toBe(200);
});

test('behind a trusted proxy the right-most untrusted hop is the client (injected: hops the client prepended)', async () => {
  for (let i = 0; i < 10; i++) {
    const hops = { 'X-Forwarded-For': `198.51.100.${i + 1}, 203.0.113.50` };
    expect((await login(`wrong-${i}`, '127.0.0.1', hops)).status).toBe(401);
  }
  // A new left-hand hop is the client's own writing: still 203.0.113.50.
  expect(
    (await login(e2eAdminPassword, '127.0.0.1', { 'X-Forwarded-For': '198.51.100.99, 203.0.113.50' })).status,
  ).toBe(429);
  // Another client, through two proxies (the second one trusted, so skipped).
  expect((await login(e2eAdminPassword, '127.0.0.1', { 'X-Forwarded-For': '203.0.113.51, 127.0.0.1' })).status).toBe(
    200,
  );
});

test('a new X-Forwarded-For per request does not pass a public limit (injected: 31 forget requests, each claiming a new address)', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 31; i++) {
    statuses.push(
      (await post('/api/visitor/forget', {}, '127.0.0.5', { 'X-Forwarded-For': `203.0.113.${i + 1}` })).status,
    );
  }
  expect(statuses.slice(0, 30).every((status) => status === 400)).toBe(true);
  expect(statuses[30]).toBe(429);
});

test('the right password is answered while forty parallel wrong logins wait (injected: 40 guesses from 40 addresses at once)', async () => {
  // Checks queue, one at a time; if earlier tests failed many logins, each unknown check is spaced out by a second.
  test.setTimeout(180_000);
  const crowd = (round: string) =>
    Array.from({ length: 40 }, (_, i) =>
      login(`guess-${round}-${i}`, '127.0.0.1', { 'X-Forwarded-For': `192.0.2.${i + 1}` }),
    );
  const first = crowd('a');
  const admin = await login(e2eAdminPassword, '127.0.0.1', { 'X-Forwarded-For': '198.51.100.200' });
  expect(admin.status).toBe(200);
  expect((await Promise.all(first)).map((answer) => answer.status)).toEqual(Array(40).fill(401));

  // The browser that logged in is known now: its next login has its own lane, so it does not wait for the crowd.
  const device = admin.cookies.find((cookie) => cookie.startsWith('kairos_device='))?.split(';')[0];
  expect(device).toBeTruthy();
  const second = crowd('b');
  const known = await login(e2eAdminPassword, '127.0.0.1', {
    'X-Forwarded-For': '198.51.100.200',
    Cookie: device ?? '',
  });
  expect(known.status).toBe(200);
  expect(known.cookies.some((cookie) => cookie.startsWith('kairos_device='))).toBe(false);
  await Promise.all(second);
});

test('the session cookie is Secure only when a trusted proxy says the client used HTTPS (injected: a client-sent X-Forwarded-Proto)', async () => {
  const secure = (answer: Answer) => answer.cookies.filter((cookie) => /;\s*Secure/i.test(cookie)).length;
  const forged = await login(e2eAdminPassword, '127.0.0.6', { 'X-Forwarded-Proto': 'https' });
  expect(forged.status).toBe(200);
  expect(secure(forged)).toBe(0);
  const proxied = await login(e2eAdminPassword, '127.0.0.1', {
    'X-Forwarded-For': '203.0.113.77',
    'X-Forwarded-Proto': 'https',
  });
  expect(proxied.status).toBe(200);
  expect(secure(proxied)).toBe(proxied.cookies.length);
});

test('a path that is not UTF-8 text is a 400 that says so (injected: %ff and an encoded lone surrogate)', async ({
  request,
}) => {
  for (const path of ['/api/admin/visitors/%ff/events', '/api/admin/visitors/%ED%A0%80/events']) {
    const answer = await request.get(path);
    expect(answer.status()).toBe(400);
    expect((await answer.json()).error).toMatchObject({ code: 'bad_request', status: 400 });
  }
  const page = await request.get('/products/%ff');
  expect(page.status()).toBe(400);
  expect(await page.text()).toContain('percent-escape');
});

test('HEAD requests to the export take no export slot (injected: three HEADs, then a GET)', async ({ request }) => {
  expect((await request.post('/api/auth/login', { data: { password: e2eAdminPassword } })).status()).toBe(200);
  for (let i = 0; i < 3; i++) {
    const head = await request.head('/api/admin/events/export');
    expect(head.status()).toBe(200);
    expect(Number(head.headers()['x-kairos-rows'])).toBeGreaterThanOrEqual(0);
  }
  const get = await request.get('/api/admin/events/export');
  expect(get.status()).toBe(200);
  await get.body();
});
