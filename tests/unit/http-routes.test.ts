// The route wrappers of lib/http, called as the framework calls them: one
// error shape for every failure, CORS on every public answer, the admin
// session and Origin checks before any handler runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RateLimiter } from '@/lib/auth/rate-limit';
import { createSession, sessionCookieName } from '@/lib/auth/session';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@/lib/db';
import { adminRoute } from '@/lib/http/admin-route';
import { cookieValue } from '@/lib/http/cookies';
import { publicPostCors } from '@/lib/http/cors';
import { errorStatus } from '@/lib/http/error-codes';
import { parseJsonBody } from '@/lib/http/json-body';
import { publicRoute } from '@/lib/http/public-route';
import { json } from '@/lib/http/response';
import { recordId } from '@/lib/http/route-param';

const url = 'http://kairos.test/api/x';
const noParams = { params: Promise.resolve({}) };
const post = (body: string, headers: Record<string, string> = {}) =>
  new Request(url, { method: 'POST', body, headers: { 'Content-Type': 'text/plain', ...headers } });
const errorOf = async (response: Response) => ((await response.json()) as { error: unknown }).error;
const schema = z.object({ name: z.string() });

describe('the body parser', () => {
  it('reads JSON sent as text/plain (sendBeacon) and checks its shape', async () => {
    expect(await parseJsonBody(post('{"name":"a"}'), schema)).toEqual({ ok: true, data: { name: 'a' } });
  });

  it('answers each failure with its one code', async () => {
    const cases: [Promise<Awaited<ReturnType<typeof parseJsonBody>>>, string, number][] = [
      [parseJsonBody(post('{"name":"abcdef"}'), schema, { maxBytes: 8 }), 'payload_too_large', 413],
      [parseJsonBody(post('{"name":'), schema), 'malformed_json', 400],
      [parseJsonBody(post('{"name":1}'), schema), 'bad_request', 400],
      [parseJsonBody(post('{"name":"a"}'), schema, { oversized: () => 'Too many.' }), 'payload_too_large', 413],
    ];
    for (const [parsing, code, status] of cases) {
      const parsed = await parsing;
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.response.status).toBe(status);
        expect(await errorOf(parsed.response)).toEqual({ code, message: expect.any(String), status });
      }
    }
  });

  it('says what to send before what was wrong, when the route says', async () => {
    const parsed = await parseJsonBody(post('{}'), schema, { usage: 'Send { name }.' });
    if (parsed.ok) throw new Error('An empty body was taken.');
    expect(await errorOf(parsed.response)).toMatchObject({
      message: expect.stringMatching(/^Send \{ name \}\. name: /),
    });
  });
});

describe('error codes', () => {
  it('pair each code with an error status', () => {
    for (const status of Object.values(errorStatus)) expect(status).toBeGreaterThanOrEqual(400);
  });
});

describe('cookies', () => {
  it('are read as the framework reads them: decoded, the last of a name wins', () => {
    const request = new Request(url, { headers: { cookie: 'a=1; kairos_session=x%2Ey;b=2; kairos_session=z' } });
    expect(cookieValue(request, 'kairos_session')).toBe('z');
    expect(cookieValue(request, 'b')).toBe('2');
    expect(cookieValue(request, 'missing')).toBeUndefined();
  });
});

describe('route wrappers', () => {
  let handle: DatabaseHandle;
  const holder = globalThis as typeof globalThis & { kairosDatabase?: Promise<DatabaseHandle> };

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(handle);
    holder.kairosDatabase = Promise.resolve(handle);
  });
  afterAll(async () => {
    holder.kairosDatabase = undefined;
    await handle.close();
  });

  it('a public route answers with CORS even when its handler throws, and logs a 500', async () => {
    const route = publicRoute({ cors: publicPostCors }, async () => {
      throw new Error('injected');
    });
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    const response = await route(post('{}'), noParams).finally(() => (console.error = original));
    expect(response.status).toBe(500);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await errorOf(response)).toMatchObject({ code: 'internal_error', status: 500 });
    expect(errors).toHaveLength(1);
  });

  it('a public route answers a bad body and a client over its limit with CORS', async () => {
    const route = publicRoute(
      {
        cors: publicPostCors,
        limiter: { perClient: new RateLimiter(1, 60_000), overall: new RateLimiter(100, 60_000) },
        body: schema,
      },
      async ({ body }) => json(body),
    );
    const first = await route(post('{"name":'), noParams);
    expect(first.status).toBe(400);
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    const second = await route(post('{"name":"a"}'), noParams);
    expect(second.status).toBe(429);
    expect(second.headers.get('access-control-allow-origin')).toBe('*');
    expect(second.headers.get('retry-after')).toBeTruthy();
  });

  it('lets the framework’s own control flow through', async () => {
    const signal = Object.assign(new Error('redirect'), { digest: 'NEXT_REDIRECT' });
    const route = publicRoute(async () => {
      throw signal;
    });
    await expect(route(post('{}'), noParams)).rejects.toBe(signal);
  });

  it('an admin route needs a valid session, and the same origin to change anything', async () => {
    let calls = 0;
    const route = adminRoute(async () => {
      calls += 1;
      return json({ ok: true });
    });
    const { cookieValue: session } = await createSession(handle.db);
    const cookie = `${sessionCookieName}=${session}`;
    const answer = (init: RequestInit) => route(new Request(url, init), noParams);

    expect((await answer({})).status).toBe(401);
    expect((await answer({ headers: { cookie: `${sessionCookieName}=forged.forged` } })).status).toBe(401);
    const crossSite = await answer({ method: 'POST', headers: { cookie, origin: 'https://elsewhere.example' } });
    expect(crossSite.status).toBe(403);
    expect(await errorOf(crossSite)).toMatchObject({ code: 'forbidden' });
    expect(calls).toBe(0);
    expect((await answer({ headers: { cookie, origin: 'https://elsewhere.example' } })).status).toBe(200);
    expect((await answer({ method: 'POST', headers: { cookie, origin: 'http://kairos.test' } })).status).toBe(200);
    expect(calls).toBe(2);
  });

  it('hands an admin handler its record id, and answers 404 for one that cannot be', async () => {
    const { cookieValue: session } = await createSession(handle.db);
    const route = adminRoute({ id: recordId('segment') }, async ({ id }) => json({ id }));
    const call = (id: string) =>
      route(new Request(url, { headers: { cookie: `${sessionCookieName}=${session}` } }), {
        params: Promise.resolve({ id }),
      });
    expect(await (await call('12')).json()).toEqual({ id: 12 });
    for (const bad of ['0', '-1', '1.5', 'abc']) {
      const response = await call(bad);
      expect(response.status).toBe(404);
      expect(await errorOf(response)).toEqual({ code: 'not_found', message: 'No segment with that id.', status: 404 });
    }
  });
});
