// The collector over HTTP, as devices and misbehaving clients reach it. Each
// test names the bad input it sends.
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';

const now = () => new Date().toISOString();
const anEvent = (anonymousId: string, overrides: Record<string, unknown> = {}) => ({
  messageId: randomUUID(),
  type: 'track',
  event: 'Product Viewed',
  properties: { product_id: 'p1' },
  traits: {},
  anonymousId,
  timestamp: now(),
  context: {},
  ...overrides,
});
// Each test its own client address, so the per-client rate limit of one test does not touch another.
const client = () => ({ 'X-Forwarded-For': `198.51.100.${Math.floor(Math.random() * 250) + 1}` });

test('stores a batch sent as text/plain, answers with CORS, and de-duplicates a resend', async ({ request }) => {
  await loginAsAdmin(request);
  const visitor = randomUUID();
  const body = JSON.stringify({ batch: [anEvent(visitor), anEvent(visitor)], sentAt: now() });
  const first = await request.post('/api/collect', {
    data: body,
    headers: { 'Content-Type': 'text/plain', ...client() },
  });
  expect(first.status()).toBe(200);
  expect(first.headers()['access-control-allow-origin']).toBe('*');
  expect(await first.json()).toEqual({ accepted: 2, duplicates: 0, invalid: [] });
  const again = await request.post('/api/collect', {
    data: body,
    headers: { 'Content-Type': 'text/plain', ...client() },
  });
  expect(await again.json()).toEqual({ accepted: 0, duplicates: 2, invalid: [] });
  expect(await serverEvents(request, visitor)).toHaveLength(2);
});

test('answers a CORS preflight for sites that send JSON', async ({ request }) => {
  const response = await request.fetch('/api/collect', {
    method: 'OPTIONS',
    headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'POST' },
  });
  expect(response.status()).toBe(204);
  expect(response.headers()['access-control-allow-methods']).toContain('POST');
});

test('malformed JSON gets 400 with a JSON error body', async ({ request }) => {
  const response = await request.post('/api/collect', {
    data: '{"batch": [',
    headers: { 'Content-Type': 'text/plain', ...client() },
  });
  expect(response.status()).toBe(400);
  expect(await response.json()).toMatchObject({ error: { code: 'malformed_json', status: 400 } });
});

test('wrong types in the envelope get 400 naming the field', async ({ request }) => {
  const response = await request.post('/api/collect', { data: { batch: 'events', sentAt: 12 }, headers: client() });
  expect(response.status()).toBe(400);
  expect((await response.json()).error.message).toMatch(/batch/);
});

test('invalid events are reported by index and the valid ones are kept (wrong types, oversized string, future time)', async ({
  request,
}) => {
  await loginAsAdmin(request);
  const visitor = randomUUID();
  const batch = [
    anEvent(visitor),
    anEvent(visitor, { properties: 'not an object' }),
    anEvent(visitor, { event: 'x'.repeat(201) }),
    anEvent(visitor, { timestamp: new Date(Date.now() + 3_600_000).toISOString() }),
    anEvent(visitor, { properties: { blob: 'y'.repeat(40_000) } }),
  ];
  const response = await request.post('/api/collect', { data: { batch, sentAt: now() }, headers: client() });
  expect(response.status()).toBe(200);
  const result = await response.json();
  expect(result.accepted).toBe(1);
  expect(result.invalid.map((item: { index: number }) => item.index)).toEqual([1, 2, 3, 4]);
  expect(result.invalid[2].reason).toMatch(/later than sentAt/);
  expect(result.invalid[3].reason).toMatch(/limit is 32768/);
  expect(await serverEvents(request, visitor)).toHaveLength(1);
});

test('a batch with no valid event gets 400 with the reasons', async ({ request }) => {
  const response = await request.post('/api/collect', {
    data: { batch: [{ type: 'track' }], sentAt: now() },
    headers: client(),
  });
  expect(response.status()).toBe(400);
  expect((await response.json()).invalid[0]).toMatchObject({ index: 0 });
});

test('an oversized body gets 413 (injected: 600 KB)', async ({ request }) => {
  const response = await request.post('/api/collect', {
    data: JSON.stringify({ batch: [anEvent('a', { properties: { blob: 'z'.repeat(600_000) } })], sentAt: now() }),
    headers: { 'Content-Type': 'text/plain', ...client() },
  });
  expect(response.status()).toBe(413);
  expect(await response.json()).toMatchObject({ error: { code: 'payload_too_large', status: 413 } });
});

test('an oversized batch gets 413 (injected: 501 events)', async ({ request }) => {
  const batch = Array.from({ length: 501 }, () => ({ type: 'track' }));
  const response = await request.post('/api/collect', { data: { batch, sentAt: now() }, headers: client() });
  expect(response.status()).toBe(413);
  expect((await response.json()).error.message).toMatch(/at most 500 events/);
});

test('a client over its rate limit gets 429 with Retry-After (injected: 601 requests in a minute)', async ({
  request,
}) => {
  test.setTimeout(120_000);
  const headers = { 'X-Forwarded-For': '203.0.113.201', 'Content-Type': 'text/plain' };
  let limited: Awaited<ReturnType<typeof request.post>> | undefined;
  for (let i = 0; i < 601 && !limited; i++) {
    const response = await request.post('/api/collect', { data: '{}', headers });
    if (response.status() === 429) limited = response;
  }
  expect(limited?.status()).toBe(429);
  expect(Number(limited?.headers()['retry-after'])).toBeGreaterThan(0);
  expect(limited?.headers()['access-control-allow-origin']).toBe('*');
  // Another client is served as usual.
  const other = await request.post('/api/collect', { data: '{}', headers: client() });
  expect(other.status()).toBe(400);
});

test('forgetting a visitor deletes their events on the server', async ({ request }) => {
  await loginAsAdmin(request);
  const visitor = randomUUID();
  await request.post('/api/collect', { data: { batch: [anEvent(visitor)], sentAt: now() }, headers: client() });
  expect(await serverEvents(request, visitor)).toHaveLength(1);
  const forget = await request.post('/api/visitor/forget', { data: { anonymousId: visitor }, headers: client() });
  expect(await forget.json()).toEqual({ deleted: { events: 1, subscriptions: 0 } });
  expect(await serverEvents(request, visitor)).toHaveLength(0);
  const bad = await request.post('/api/visitor/forget', {
    data: '{nope',
    headers: { 'Content-Type': 'text/plain', ...client() },
  });
  expect(bad.status()).toBe(400);
});
