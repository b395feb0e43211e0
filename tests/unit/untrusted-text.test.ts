// Text storage cannot hold never reaches storage, at every entry: the
// collector, the visitor routes and the admin routes, through their real
// handlers into PGlite and PostgreSQL. Each input is what a link, a hostile
// page or a buggy integration can send: NUL (PostgreSQL refuses U+0000), lone
// surrogates (JSONB refuses them), an emoji at a cut point, 5,000 levels of
// nesting, 1e309 and a `__proto__` key, each beside a valid neighbour that
// must be stored.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, sessionCookieName } from '@/lib/auth/session';
import { cutText, storableText } from '@/lib/contracts/text';
import { maxJsonDepth, storableJson } from '@/lib/contracts/storable-json';
import type { DatabaseHandle } from '@/lib/db';
import { events, pushSubscriptions, visitors } from '@/lib/db/schema';
import { collectBody, getWith, postText, siteOrigin, trackerEvent } from '../fixtures/route-calls';
import { serverStorage, storageBackends, warnWithoutPostgres } from '../fixtures/storage-backends';

warnWithoutPostgres('untrusted text suite');

// Limits are per process; these suites send more than one client would.
process.env.KAIROS_COLLECT_RATE_LIMIT = '100000';
process.env.KAIROS_SUBSCRIBE_RATE_LIMIT = '100000';
process.env.KAIROS_FORGET_RATE_LIMIT = '100000';
process.env.KAIROS_ALLOW_LOCAL_PUSH_ENDPOINTS = '1';
const routes = {
  collect: (await import('@/app/api/collect/route')).POST,
  forget: (await import('@/app/api/visitor/forget/route')).POST,
  subscribe: (await import('@/app/api/push/subscribe/route')).POST,
  unsubscribe: (await import('@/app/api/push/unsubscribe/route')).POST,
  segments: (await import('@/app/api/admin/segments/route')).POST,
  campaigns: (await import('@/app/api/admin/campaigns/route')).POST,
  moments: (await import('@/app/api/admin/moments/route')).POST,
  visitorEvents: (await import('@/app/api/admin/visitors/[anonymousId]/events/route')).GET,
};
const { budgetTravelRule } = await import('../fixtures/moment-rules');

const emoji = '😀'; // two UTF-16 units
const deep = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

describe('the text rule', () => {
  it('removes NUL and replaces a lone surrogate with U+FFFD, keeping a whole emoji', () => {
    expect(storableText('\u0000deal')).toBe('deal');
    expect(storableText('a\ud800b\udc00')).toBe('a\ufffdb\ufffd');
    expect(storableText(`x${emoji}`)).toBe(`x${emoji}`);
  });

  it('cuts before an emoji that does not fit whole', () => {
    const text = `${'a'.repeat(199)}${emoji}`;
    expect(cutText(text, 200)).toBe('a'.repeat(199));
    expect(cutText(text, 201)).toBe(text);
  });

  it('cleans keys and values, and refuses what it cannot keep as sent, saying where', () => {
    expect(storableJson(JSON.parse('{"q\\u0000":["\\ud800"]}'))).toEqual({ ok: true, value: { q: ['\ufffd'] } });
    expect(storableJson(JSON.parse(deep(maxJsonDepth)))).toMatchObject({ ok: true });
    expect(storableJson(JSON.parse(deep(5_000)))).toEqual({
      ok: false,
      problem: { path: Array(maxJsonDepth).fill('a').join('.'), reason: `nested deeper than ${maxJsonDepth} levels` },
    });
    expect(storableJson(JSON.parse('{"price":[1e309]}'))).toEqual({
      ok: false,
      problem: { path: 'price.0', reason: 'a number too large to store' },
    });
    // A key that becomes __proto__ once cleaned would set the copy's prototype.
    for (const key of ['__proto__', '__pro\\u0000to__']) {
      const checked = storableJson(JSON.parse(`{"x":{"${key}":{"admin":true}}}`));
      expect(checked).toMatchObject({ ok: false, problem: { reason: 'a reserved key name' } });
    }
  });
});

for (const backend of storageBackends) {
  // The PostgreSQL run needs a server (KAIROS_TEST_DATABASE_URL; .ci/run starts one): skipped, with a warning, without.
  describe.skipIf(backend.skip)(`untrusted text at every entry, on ${backend.name}`, () => {
    let storage: { handle: DatabaseHandle; close(): Promise<void> };
    let cookie: string;
    beforeAll(async () => {
      storage = await serverStorage(backend);
      cookie = `${sessionCookieName}=${(await createSession(storage.handle.db)).cookieValue}`;
    });
    afterAll(() => storage?.close());

    const storedEvent = async (messageId: unknown) =>
      (
        await storage.handle.db
          .select()
          .from(events)
          .where(eq(events.messageId, String(messageId)))
      )[0];
    const answerOf = async (response: Response) => ({
      status: response.status,
      cors: response.headers.get('access-control-allow-origin'),
      body: (await response.json()) as Record<string, unknown>,
    });

    it('collector: stores cleaned text and reports the unstorable by index, neighbours kept', async () => {
      const searchPage = trackerEvent({
        type: 'page',
        anonymousId: 'anon-\u0000nul',
        context: { page: { url: 'https://shop.test/search?q=%00travel', search: '?q=%00travel' } },
      });
      const search = trackerEvent({ event: 'Products Searched', properties: { query: '\u0000travel' } });
      const lone = trackerEvent({ properties: { title: 'half \ud83d', ['k\udc00']: 1 } });
      // What a tracker that cut at 200 units without care would send: the emoji's first half.
      const cut = trackerEvent({ properties: { query: `${'a'.repeat(199)}${emoji}`.slice(0, 200) } });
      const neighbour = trackerEvent({ event: 'Order Completed', properties: { revenue: 12 } });
      const deepOne = trackerEvent();
      const bigNumber = trackerEvent();
      const proto = trackerEvent();
      const body = collectBody([
        JSON.stringify(searchPage),
        JSON.stringify(search),
        JSON.stringify(lone),
        JSON.stringify(cut),
        JSON.stringify(deepOne).replace('"properties":{"product_id":"p1"}', `"properties":${deep(5_000)}`),
        JSON.stringify(bigNumber).replace('"p1"', '1e309'),
        JSON.stringify(proto).replace('"product_id"', '"__proto__"'),
        JSON.stringify(neighbour),
      ]);
      const answer = await answerOf(await postText(routes.collect, '/api/collect', body));
      expect(answer).toMatchObject({ status: 200, cors: '*', body: { accepted: 5, duplicates: 0 } });
      expect(answer.body.invalid).toEqual([
        { index: 4, reason: expect.stringContaining(`nested deeper than ${maxJsonDepth} levels`) },
        { index: 5, reason: 'properties.product_id: a number too large to store' },
        { index: 6, reason: 'properties.__proto__: a reserved key name' },
      ]);
      expect((await storedEvent(searchPage.messageId))?.anonymousId).toBe('anon-nul');
      expect((await storedEvent(search.messageId))?.properties).toEqual({ query: 'travel' });
      expect((await storedEvent(lone.messageId))?.properties).toEqual({ title: 'half \ufffd', 'k\ufffd': 1 });
      expect((await storedEvent(cut.messageId))?.properties).toEqual({ query: `${'a'.repeat(199)}\ufffd` });
      expect((await storedEvent(neighbour.messageId))?.properties).toEqual({ revenue: 12 });
    });

    it('collector: a row the database refuses is reported by index, its neighbours stored (injected: a trigger raising 22P05)', async () => {
      await storage.handle.db.execute(sql`
        create function kairos_test_refuse() returns trigger language plpgsql as $$
        begin
          if new.event = 'Poison' then raise exception 'injected' using errcode = '22P05'; end if;
          return new;
        end $$`);
      await storage.handle.db.execute(
        sql`create trigger kairos_test_refuse before insert on events for each row execute function kairos_test_refuse()`,
      );
      try {
        const before = trackerEvent();
        const poison = trackerEvent({ event: 'Poison' });
        const after = trackerEvent();
        const warnings: string[] = [];
        const original = console.warn;
        console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
        const response = await postText(
          routes.collect,
          '/api/collect',
          collectBody([before, poison, after].map((event) => JSON.stringify(event))),
        ).finally(() => (console.warn = original));
        const answer = await answerOf(response);
        expect(answer).toMatchObject({ status: 200, cors: '*', body: { accepted: 2 } });
        expect(answer.body.invalid).toEqual([{ index: 1, reason: 'storage refused this event (SQLSTATE 22P05)' }]);
        expect(await storedEvent(before.messageId)).toBeDefined();
        expect(await storedEvent(after.messageId)).toBeDefined();
        expect(await storedEvent(poison.messageId)).toBeUndefined();
        expect(warnings.join('\n')).toContain('storage refused 1 events');
      } finally {
        await storage.handle.db.execute(sql`drop trigger kairos_test_refuse on events`);
        await storage.handle.db.execute(sql`drop function kairos_test_refuse`);
      }
    });

    it('collector: storage failing as a whole answers 503 and logs no visitor data (injected: the events table gone)', async () => {
      await storage.handle.db.execute(sql`alter table events rename to events_away`);
      const logged: string[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => void logged.push(args.map(String).join(' '));
      try {
        const secret = trackerEvent({ properties: { email: 'visitor@example.com' } });
        const answer = await answerOf(
          await postText(routes.collect, '/api/collect', collectBody([JSON.stringify(secret)])),
        );
        expect(answer).toMatchObject({ status: 503, cors: '*', body: { error: { code: 'storage_unavailable' } } });
        expect(logged.join('\n')).toContain('storing 1 events failed');
        expect(logged.join('\n')).not.toContain('visitor@example.com');
      } finally {
        console.error = original;
        await storage.handle.db.execute(sql`alter table events_away rename to events`);
      }
    });

    it('visitor routes: NUL and lone surrogates answer in the one JSON shape with CORS, never 500', async () => {
      const endpoint = 'http://localhost:9/push/\u0000abc';
      const keys = { p256dh: `B${'A'.repeat(86)}`, auth: 'A'.repeat(22) };
      const subscribed = await answerOf(
        await postText(
          routes.subscribe,
          '/api/push/subscribe',
          JSON.stringify({ subscription: { endpoint, keys }, anonymousId: 'anon-\u0000push\ud800', userId: '\u0000' }),
        ),
      );
      expect(subscribed.status).toBeLessThan(500);
      expect(subscribed.cors).toBe('*');
      if (subscribed.status === 201) {
        const [row] = await storage.handle.db.select().from(pushSubscriptions);
        expect(row?.anonymousId).toBe('anon-push\ufffd');
      }
      const unsubscribed = await answerOf(
        await postText(routes.unsubscribe, '/api/push/unsubscribe', JSON.stringify({ endpoint })),
      );
      expect(unsubscribed).toMatchObject({ status: 200, cors: '*' });
      const late = await answerOf(
        await postText(
          routes.subscribe,
          '/api/push/subscribe',
          JSON.stringify({ subscription: { endpoint, keys, expirationTime: 8.7e15 }, anonymousId: 'a' }),
        ),
      );
      expect(late).toMatchObject({ status: 400, cors: '*', body: { error: { code: 'bad_request' } } });

      // Stored under the cleaned id, so the same id with its NUL still forgets it.
      await postText(
        routes.collect,
        '/api/collect',
        collectBody([JSON.stringify(trackerEvent({ anonymousId: 'forget-\u0000me' }))]),
      );
      const forgot = await answerOf(
        await postText(routes.forget, '/api/visitor/forget', JSON.stringify({ anonymousId: 'forget-\u0000me' })),
      );
      expect(forgot).toMatchObject({ status: 200, cors: '*', body: { deleted: { events: 1 } } });
      expect(await storage.handle.db.select().from(visitors).where(eq(visitors.anonymousId, 'forget-me'))).toHaveLength(
        0,
      );
    });

    it('admin routes: NUL and lone surrogates in names are stored cleaned; a NUL visitor id finds the visitor', async () => {
      const headers = { cookie, origin: siteOrigin };
      const adminPost = async (route: typeof routes.segments, path: string, body: unknown) =>
        answerOf(await postText(route, path, JSON.stringify(body), headers));
      const segment = await adminPost(routes.segments, '/api/admin/segments', {
        name: 'VIP\u0000 \ud800',
        definition: { all: [{ kind: 'event', name: 'Order\u0000 Completed', withinDays: 7 }] },
      });
      expect(segment).toMatchObject({ status: 201, body: { segment: { name: 'VIP \ufffd' } } });
      const campaign = await adminPost(routes.campaigns, '/api/admin/campaigns', {
        name: 'Sale\u0000',
        message: { title: `${emoji}\u0000`, body: 'Hi\udc00' },
      });
      expect(campaign).toMatchObject({ status: 201, body: { campaign: { name: 'Sale' } } });
      const rule = await adminPost(routes.moments, '/api/admin/moments', {
        ...budgetTravelRule,
        name: 'Budget\u0000 travel',
      });
      expect(rule).toMatchObject({ status: 201, body: { rule: { name: 'Budget travel' } } });

      await postText(
        routes.collect,
        '/api/collect',
        collectBody([JSON.stringify(trackerEvent({ anonymousId: 'seen-\u0000here' }))]),
      );
      const visitor = await answerOf(
        await getWith(
          routes.visitorEvents,
          '/api/admin/visitors/x/events',
          { anonymousId: 'seen-\u0000here' },
          headers,
        ),
      );
      expect(visitor.status).toBe(200);
      expect(JSON.stringify(visitor.body)).toContain('seen-here');
      const nul = await getWith(
        routes.visitorEvents,
        '/api/admin/visitors/x/events',
        { anonymousId: '\u0000' },
        headers,
      );
      expect(nul.status).toBeLessThan(500);
    });
  });
}
