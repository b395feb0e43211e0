// The delivery-policy admin route in-process (lib/contracts/delivery-policy.ts):
// a session required, bad input answered 400 with nothing changed, a saved
// policy read back with the guard's count, and the caps published to devices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as policyRoute from '@/app/api/admin/delivery-policy/route';
import { createSession, sessionCookieName } from '@/lib/auth/session';
import { defaultDeliveryPolicy } from '@/lib/contracts/delivery-policy';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@/lib/db';
import { buildDeviceConfig } from '@/lib/db/device-config';
import { siteOrigin } from '../fixtures/route-calls';

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const holder = globalThis as typeof globalThis & { kairosDatabase?: Promise<DatabaseHandle> };

describe('the delivery-policy route', () => {
  let handle: DatabaseHandle;
  let cookie: string;
  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(handle);
    holder.kairosDatabase = Promise.resolve(handle);
    cookie = `${sessionCookieName}=${(await createSession(handle.db)).cookieValue}`;
  });
  afterAll(async () => {
    holder.kairosDatabase = undefined;
    await handle.close();
  });

  async function call(handler: Handler, method: string, body?: unknown, session = true) {
    const headers: Record<string, string> = { origin: siteOrigin };
    if (session) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await handler(
      new Request(`${siteOrigin}/api/admin/delivery-policy`, {
        method,
        headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
      }),
      { params: Promise.resolve({}) },
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  // Injected failures: the route answering without a session; a bad zone stored; an unknown field accepted.
  it('needs a session, refuses bad input whole, and stores and publishes a valid policy', async () => {
    expect((await call(policyRoute.GET, 'GET', undefined, false)).status).toBe(401);
    expect((await call(policyRoute.PUT, 'PUT', defaultDeliveryPolicy, false)).status).toBe(401);
    expect(await call(policyRoute.GET, 'GET')).toEqual({
      status: 200,
      body: { policy: defaultDeliveryPolicy, guardedSubscriptions: 0 },
    });
    const badZone = await call(policyRoute.PUT, 'PUT', { ...defaultDeliveryPolicy, fallbackTimeZone: 'Mars/Base' });
    expect(badZone.status).toBe(400);
    expect(JSON.stringify(badZone.body)).toContain('fallbackTimeZone');
    const badHour = await call(policyRoute.PUT, 'PUT', {
      ...defaultDeliveryPolicy,
      quietHours: { startHour: 25, endHour: 7 },
    });
    expect(badHour.status).toBe(400);
    expect((await call(policyRoute.PUT, 'PUT', { ...defaultDeliveryPolicy, extra: 1 })).status).toBe(400);
    expect((await call(policyRoute.GET, 'GET')).body.policy).toEqual(defaultDeliveryPolicy);

    const policy = {
      ...defaultDeliveryPolicy,
      caps: { perDay: 3, perWeek: 10 },
      quietHours: { startHour: 21, endHour: 8 },
      fallbackTimeZone: 'Europe/Paris',
      globalPerMinute: 600,
      guardUnclicked: 5,
    };
    expect(await call(policyRoute.PUT, 'PUT', policy)).toEqual({
      status: 200,
      body: { policy, guardedSubscriptions: 0 },
    });
    expect((await call(policyRoute.GET, 'GET')).body.policy).toEqual(policy);
    // Devices get the cross-channel caps in their config (and a new version, so they refresh).
    const config = await buildDeviceConfig(handle.db);
    expect(config.caps).toEqual({ perDay: 3, perWeek: 10 });
  });
});
