// People on the server (docs/people.md), on embedded PGlite and on PostgreSQL:
// the identity graph written at ingest (sign-ins, aliases, a shared device's
// switch, an alias that would merge two userIds refused), the person view
// (GET /api/admin/people/:userId), forgetting a person (a write key's server
// call and the console's action), a campaign to a person reaching each of
// their devices and counted once in its results, and the device config
// carrying a signed-in visitor's person-level RFM and intent tier; an
// automation's wait for a person reaching each of their devices too.
import { randomUUID } from 'node:crypto';
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as configRoute from '@/app/api/device/config/route';
import * as personRoute from '@/app/api/admin/people/[userId]/route';
import * as forgetRoute from '@/app/api/visitor/forget/route';
import { createSession, sessionCookieName } from '@/lib/auth/session';
import { createWriteKey } from '@/lib/auth/write-keys';
import type { ValidEvent } from '@/lib/collect/validate';
import type { DeviceConfig } from '@/lib/contracts/device-config';
import { createAutomationSchema } from '@/lib/contracts/automation';
import type { StoredEvent } from '@/lib/contracts/event';
import { publishedSettingKeys } from '@/lib/contracts/device-config';
import { userOnlyAnonymousId } from '@/lib/contracts/segment-api';
import type { DatabaseHandle } from '@/lib/db';
import { campaignRecipients } from '@/lib/db/campaign-recipients';
import { createAutomation } from '@/lib/db/automations';
import { createCampaign } from '@/lib/db/campaigns';
import { allLinks } from '@/lib/db/identity-links';
import { ingestEvents } from '@/lib/db/ingest';
import { type Person, readPerson } from '@/lib/db/people';
import { upsertSubscription } from '@/lib/db/push-subscriptions';
import { automationEntries, deliveries, events, lakeForgets, pushSubscriptions, settings } from '@/lib/db/schema';
import { queueCampaign } from '@/lib/push/campaign-send';
import { dispatchDueEntries } from '@/lib/automations/entry-dispatch';
import { rfmModel } from '@/lib/segments/rfm';
import { siteOrigin } from '../fixtures/route-calls';
import { sinkSubscription } from '../fixtures/push-sink';
import { serverStorage, storageBackends, warnWithoutPostgres } from '../fixtures/storage-backends';

warnWithoutPostgres('people suite');

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const base = Date.parse('2026-05-01T10:00:00Z');
const minute = 60_000;
const day = 86_400_000;

/** A stored-shape event at `base + minutes`, as the collector hands it to ingest. */
function call(
  index: number,
  minutes: number,
  fields: Partial<StoredEvent> & Pick<StoredEvent, 'type' | 'anonymousId'>,
): ValidEvent {
  const timestamp = new Date(base + minutes * minute);
  const event: StoredEvent = {
    messageId: randomUUID(),
    properties: {},
    traits: {},
    userId: null,
    timestamp: timestamp.toISOString(),
    context: {},
    ...fields,
  };
  return { index, event, timestamp, originalTimestamp: timestamp };
}
const page = (anonymousId: string, minutes: number, path: string, userId: string | null = null) =>
  call(0, minutes, { type: 'page', anonymousId, userId, properties: { path } });
const identify = (anonymousId: string, minutes: number, userId: string, traits = {}) =>
  call(0, minutes, { type: 'identify', anonymousId, userId, traits });
const order = (anonymousId: string, minutes: number, userId: string | null, id: string, revenue: number) =>
  call(0, minutes, {
    type: 'track',
    event: 'Order Completed',
    anonymousId,
    userId,
    properties: { order_id: id, revenue },
  });
const alias = (minutes: number, previousId: string, userId: string) =>
  call(0, minutes, { type: 'alias', anonymousId: userOnlyAnonymousId(userId), userId, properties: { previousId } });

for (const backend of storageBackends) {
  describe.skipIf(backend.skip)(`people on ${backend.name}`, () => {
    let storage: Awaited<ReturnType<typeof serverStorage>>;
    let handle: DatabaseHandle;
    let cookie: string;

    beforeAll(async () => {
      storage = await serverStorage(backend);
      handle = storage.handle;
      cookie = `${sessionCookieName}=${(await createSession(handle.db)).cookieValue}`;
    });
    afterAll(() => storage?.close());

    const store = (...batch: ValidEvent[]) =>
      ingestEvents(
        handle.db,
        batch.map((valid, index) => ({ ...valid, index })),
        new Date(),
      );
    const paths = (person: Person | null) => (person?.events ?? []).map((event) => event.properties.path ?? event.type);
    const linksOf = async (anonymousId: string) =>
      (await allLinks(handle.db)).filter((link) => link.anonymousId === anonymousId).map((link) => link.userId);

    it('a shared device: the first person keeps the browsing before and after their sign-in, the second only theirs', async () => {
      await store(page('shared-a', 0, '/home'), page('shared-a', 1, '/shoes'));
      await store(identify('shared-a', 2, 'u1', { name: 'Ana' }), page('shared-a', 3, '/cart', 'u1'));
      // Someone else signs in on the same browser (no reset() in between).
      await store(identify('shared-a', 10, 'u2', { name: 'Bo' }), page('shared-a', 11, '/hats', 'u2'));
      // A late, out-of-order event of u1's stretch arrives after the switch was stored.
      await store(page('shared-a', 5, '/checkout', 'u1'));

      const u1 = await readPerson(handle.db, 'u1');
      const u2 = await readPerson(handle.db, 'u2');
      expect(paths(u1)).toEqual(['/checkout', '/cart', 'identify', '/shoes', '/home']);
      expect(paths(u2)).toEqual(['/hats', 'identify']);
      expect(u1).toMatchObject({ userId: 'u1', anonymousIds: ['shared-a'], traits: { name: 'Ana' } });
      expect(u2).toMatchObject({ userId: 'u2', anonymousIds: ['shared-a'], traits: { name: 'Bo' } });
      expect(await linksOf('shared-a')).toEqual(['u1', 'u2']);
    });

    it('aliases chain devices to one person; an alias merging two userIds is refused and links nothing', async () => {
      await store(page('alias-phone', 0, '/p1'), page('alias-laptop', 1, '/p2'));
      await store(alias(2, 'alias-phone', 'u-chain'));
      await store(identify('alias-laptop', 3, 'u-chain'));
      // The same alias again (a retried call with a new messageId) adds no second link.
      await store(alias(4, 'alias-phone', 'u-chain'));
      const chained = await readPerson(handle.db, 'u-chain');
      expect(chained?.anonymousIds).toEqual(['alias-laptop', 'alias-phone']);
      expect(paths(chained)).toEqual(['alias', 'identify', 'alias', '/p2', '/p1']);
      expect(await linksOf('alias-phone')).toEqual(['u-chain']);

      // Injected: an alias whose previousId is another person's userId (it would merge two pasts).
      await store(identify('other-device', 5, 'u-other'), order('other-device', 6, 'u-other', 'o-x', 10));
      await store(alias(7, 'u-other', 'u-chain'));
      expect(await linksOf('u-other')).toEqual([]);
      expect((await readPerson(handle.db, 'u-other'))?.events.map((event) => event.event ?? event.type)).toEqual([
        'Order Completed',
        'identify',
      ]);
      expect(paths(await readPerson(handle.db, 'u-chain'))).not.toContain('/p-other');
    });

    it('a backend’s userId-only order is the person’s, beside their devices’ events', async () => {
      await store(identify('ada-phone', 0, 'u-ada'), order('ada-phone', 1, 'u-ada', 'o-1', 40));
      await store(order(userOnlyAnonymousId('u-ada'), 2, 'u-ada', 'o-2', 25));
      const person = await readPerson(handle.db, 'u-ada');
      expect(person?.anonymousIds).toEqual(['ada-phone']);
      expect(person?.events.map((event) => [event.anonymousId, event.properties.order_id ?? null])).toEqual([
        [userOnlyAnonymousId('u-ada'), 'o-2'],
        ['ada-phone', 'o-1'],
        ['ada-phone', null],
      ]);
    });

    const route = (handler: Handler, method: string, userId: string, headers: Record<string, string> = {}) =>
      handler(new Request(`${siteOrigin}/api/admin/people/${encodeURIComponent(userId)}`, { method, headers }), {
        params: Promise.resolve({ userId }),
      });

    it('GET /api/admin/people/:userId: the person with a session, 401 without, 404 JSON for an unknown person', async () => {
      const found = await route(personRoute.GET as Handler, 'GET', 'u-ada', { cookie });
      expect(found.status).toBe(200);
      const body = (await found.json()) as { userId: string; anonymousIds: string[]; events: { type: string }[] };
      expect(body).toMatchObject({ userId: 'u-ada', anonymousIds: ['ada-phone'], traits: {} });
      expect(body.events.map((event) => event.type)).toEqual(['track', 'track', 'identify']);
      expect((await route(personRoute.GET as Handler, 'GET', 'u-ada')).status).toBe(401);
      const unknown = await route(personRoute.GET as Handler, 'GET', 'nobody-at-all', { cookie });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: { code: 'not_found', status: 404 } });
    });

    it('a campaign to a person reaches each of their subscribed devices, and its results count them once', async () => {
      await store(identify('two-phone', 0, 'u-two'), identify('two-laptop', 1, 'u-two'), page('lone', 1, '/'));
      // The shared device is now u2's: a campaign to u1 must not reach it.
      for (const device of ['two-phone', 'two-laptop', 'lone', 'shared-a']) {
        await upsertSubscription(handle.db, {
          subscription: sinkSubscription('https://push.example', `/${device}`),
          anonymousId: device,
        });
      }
      const campaign = await createCampaign(handle.db, {
        name: 'People',
        message: { title: 'Hello', body: '' },
        controlShare: 0,
      });
      const queued = await queueCampaign(handle.db, campaign, ['u-two', 'lone', 'u1'], new Date(base + day));
      expect(queued).toMatchObject({ ok: true, queued: 3, subscribedVisitors: 2 });
      const reached = await handle.db
        .select({ anonymousId: pushSubscriptions.anonymousId })
        .from(deliveries)
        .innerJoin(pushSubscriptions, eq(pushSubscriptions.id, deliveries.subscriptionId))
        .where(eq(deliveries.campaignId, campaign.id));
      expect(reached.map((row) => row.anonymousId).sort()).toEqual(['lone', 'two-laptop', 'two-phone']);
      const recipients = await campaignRecipients(handle.db, campaign.id);
      expect(recipients.map((r) => r.customer).sort()).toEqual(['lone', 'u-two']);
    });

    // Injected failure: an automation's wait for a person (a segment trigger's member is one) looked
    // up as a device, so it found no subscription and sent nothing.
    it('an automation entry for a person reaches each of their subscribed devices', async () => {
      await store(identify('auto-phone', 0, 'u-auto'), identify('auto-laptop', 1, 'u-auto'));
      for (const device of ['auto-phone', 'auto-laptop']) {
        await upsertSubscription(handle.db, {
          subscription: sinkSubscription('https://push.example', `/${device}`),
          anonymousId: device,
        });
      }
      const automation = await createAutomation(
        handle.db,
        createAutomationSchema.parse({
          name: 'Entered buyers',
          trigger: {
            kind: 'segment',
            on: 'enter',
            everyMinutes: 60,
            definition: { kind: 'event', name: 'Order Completed', atLeast: 1, withinDays: 7, where: [] },
          },
          message: { title: 'Thanks', body: '' },
        }),
        new Date(base),
      );
      // As the segment's evaluation enters its members: the person, by their key.
      const at = new Date(base + day);
      await handle.db
        .insert(automationEntries)
        .values({ automationId: automation.id, anonymousId: 'u-auto', enteredAt: at, dueAt: at });
      expect(await dispatchDueEntries(handle.db, new Date(base + day + minute))).toBe(2);
      const reached = await handle.db
        .select({ anonymousId: pushSubscriptions.anonymousId })
        .from(deliveries)
        .innerJoin(pushSubscriptions, eq(pushSubscriptions.id, deliveries.subscriptionId))
        .where(eq(deliveries.campaignId, automation.campaignId));
      expect(reached.map((row) => row.anonymousId).sort()).toEqual(['auto-laptop', 'auto-phone']);
      const entries = await handle.db
        .select({ status: automationEntries.status })
        .from(automationEntries)
        .where(eq(automationEntries.automationId, automation.id));
      expect(entries).toEqual([{ status: 'sent' }]);
    });

    it('the device config of a signed-in device carries the person’s RFM and intent, of every device', async () => {
      const asOf = base + 10 * day;
      await handle.db
        .insert(settings)
        .values([
          {
            key: publishedSettingKeys.rfmModel,
            value: rfmModel(asOf, {
              recencyDays: [5, 10, 20, 40],
              frequency: [1, 1, 2, 3],
              monetaryCents: [1, 2, 3, 4],
            }),
          },
          {
            key: publishedSettingKeys.intentModel,
            value: {
              version: 1,
              asOf,
              horizonDays: 30,
              unitDays: 7,
              bgnbd: { r: 0.5, alpha: 2, a: 0.5, b: 2 },
              cutPoints: { high: 0.5, medium: 0.2 },
            },
          },
        ])
        .onConflictDoNothing();
      const config = async (query: string) => {
        const response = await configRoute.GET(new Request(`${siteOrigin}/api/device/config${query}`), {
          params: Promise.resolve({}),
        });
        expect(response.status).toBe(200);
        return { body: (await response.json()) as DeviceConfig, cache: response.headers.get('cache-control') };
      };
      // ada-phone's own history has one order; the person has two (the backend's too).
      const signedIn = await config('?anonymousId=ada-phone');
      expect(signedIn.cache).toContain('private');
      expect(signedIn.body.person).toMatchObject({ userId: 'u-ada', rfm: { frequency: 2, monetaryCents: 6500 } });
      expect(['high', 'medium', 'low']).toContain(signedIn.body.person?.intentTier);
      const anonymous = await config('?anonymousId=lone');
      expect(anonymous.body.person).toBeUndefined();
      const plain = await config('');
      expect(plain.body.person).toBeUndefined();
      // Private even without a person: every answer carries the asking device's place (docs/geography.md).
      expect(plain.cache).toContain('private');
      expect(signedIn.body.version).not.toBe(plain.body.version);
    });

    const forget = (body: unknown, headers: Record<string, string> = {}) =>
      forgetRoute.POST(
        new Request(`${siteOrigin}/api/visitor/forget`, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'Content-Type': 'application/json', ...headers },
        }),
        { params: Promise.resolve({}) },
      );
    const eventsOf = async (ids: string[]) =>
      Number((await handle.db.select({ n: count() }).from(events).where(inArray(events.anonymousId, ids)))[0]?.n);

    it('forgetting a person by userId needs a write key, then deletes every linked device’s events and subscriptions', async () => {
      const devices = ['two-phone', 'two-laptop'];
      await store(order('two-laptop', 3, 'u-two', 'o-t', 12));
      // Injected: no key, and a made-up key: nothing is deleted.
      expect((await forget({ userId: 'u-two' })).status).toBe(401);
      const basic = (key: string) => ({ Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
      expect((await forget({ userId: 'u-two' }, basic('kairos_wk_made-up-key-000000000000'))).status).toBe(401);
      expect(await eventsOf(devices)).toBe(3);

      const created = await createWriteKey(handle.db, 'crm');
      if (!('key' in created)) throw new Error(created.error);
      const answer = await forget({ userId: 'u-two' }, basic(created.key));
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ deleted: { events: 3, subscriptions: 2 } });
      expect(await eventsOf(devices)).toBe(0);
      expect(await readPerson(handle.db, 'u-two')).toBeNull();
      const queued = await handle.db.select().from(lakeForgets).where(inArray(lakeForgets.anonymousId, devices));
      expect(queued.map((row) => row.anonymousId).sort()).toEqual(['two-laptop', 'two-phone']);
      // The lone visitor and other people are untouched.
      expect(await eventsOf(['lone', 'ada-phone'])).toBeGreaterThan(0);
    });

    it('the console forgets a person (DELETE with a session), with the backend’s userId-only events', async () => {
      expect((await route(personRoute.DELETE as Handler, 'DELETE', 'u-ada')).status).toBe(401);
      const answer = await route(personRoute.DELETE as Handler, 'DELETE', 'u-ada', {
        cookie,
        origin: siteOrigin,
        'sec-fetch-site': 'same-origin',
      });
      expect(answer.status).toBe(200);
      expect(await eventsOf(['ada-phone', userOnlyAnonymousId('u-ada')])).toBe(0);
      expect(await readPerson(handle.db, 'u-ada')).toBeNull();
    });
  });
}
