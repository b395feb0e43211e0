// The Segment-compatible API of the built app, reached by the real client
// libraries (Segment's @segment/analytics-node and RudderStack's
// @rudderstack/rudder-sdk-node, which gzips its batches) and by bad input over
// HTTP, on embedded PGlite and on PostgreSQL. Each bad-input test names what
// it injects and checks that nothing else is lost. The write keys come from the
// CLI (`write-key create`, its last line) and from KAIROS_WRITE_KEYS.
//
// The calls of one user make one person (docs/people.md): the person view and
// `npm run kairos -- rfm --stored` count the backend's order for them.
//
// Needs the production build (`npm run build`); the PostgreSQL run needs KAIROS_TEST_DATABASE_URL.
import { mkdtempSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Analytics, FetchHTTPClient } from '@segment/analytics-node';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKairos } from '../fixtures/kairos-cli';
import { freshPostgres } from '../fixtures/storage-backends';
import { adminCookie, serverReady, type ServerProcess, startServer } from '../fixtures/two-servers';

const built = existsSync('.next/BUILD_ID');
const postgresUrl = process.env.KAIROS_TEST_DATABASE_URL;
if (!built) console.warn('Segment API clients: no production build (.next/BUILD_ID); run `npm run build`. Skipped.');
if (!postgresUrl)
  console.warn('Segment API clients: KAIROS_TEST_DATABASE_URL is not set; the PostgreSQL run is skipped.');

const envKey = 'rudder-env-key-0123456789abcdef';
const backends = [
  { name: 'PGlite', port: 3131, skip: !built },
  { name: 'PostgreSQL', port: 3132, skip: !built || !postgresUrl },
] as const;

// RudderStack's types leave messageId out; its library sends the one given (and makes one otherwise).
const messageId = (id: string | undefined) => ({ messageId: id });

interface StoredEvent {
  messageId: string;
  type: string;
  event: string | null;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  userId: string | null;
}

interface Answer {
  accepted: number;
  duplicates: number;
  invalid: { index: number; reason: string }[];
}

for (const backend of backends) {
  // Runs against the built app (`npm test` builds first); the PostgreSQL run also needs
  // KAIROS_TEST_DATABASE_URL (.ci/run starts a server). Skipped without them.
  describe.skipIf(backend.skip)(`the Segment API of the built app on ${backend.name}`, () => {
    let server: ServerProcess;
    let cookie: string;
    let writeKey: string;
    let dataDir: string;
    let database: { url: string; drop: () => Promise<void> } | undefined;
    let cliEnv: NodeJS.ProcessEnv;

    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-segment-api-'));
      database = backend.name === 'PostgreSQL' ? await freshPostgres(postgresUrl ?? '') : undefined;
      const env = { ...process.env, KAIROS_DATA_DIR: dataDir, DATABASE_URL: database?.url ?? '' };
      cliEnv = env;
      // Before the server starts: embedded storage has one opener at a time.
      const created = runKairos(['write-key', 'create', '--name', 'shop-backend'], env);
      expect(created.code, created.out).toBe(0);
      writeKey = created.stdout.trim().split('\n').at(-1) ?? '';
      expect(writeKey).toMatch(/^kairos_wk_[\w-]{32}$/);
      server = startServer(`segment-api-${backend.port}`, backend.port, database?.url ?? '', {
        KAIROS_DATA_DIR: dataDir,
        KAIROS_WRITE_KEYS: `rudder:${envKey}`,
        KAIROS_COLLECT_RATE_LIMIT: '100000',
      });
      await serverReady(server);
      cookie = await adminCookie(server.url);
    });

    afterAll(async () => {
      await server?.stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const storedFor = async (anonymousId: string): Promise<StoredEvent[]> => {
      const response = await fetch(`${server.url}/api/admin/visitors/${encodeURIComponent(anonymousId)}/events`, {
        headers: { cookie },
      });
      expect(response.status).toBe(200);
      return ((await response.json()) as { events: StoredEvent[] }).events;
    };

    const post = (pathName: string, body: BodyInit, headers: Record<string, string> = {}) =>
      fetch(`${server.url}${pathName}`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', ...headers },
      });
    const basic = (key: string) => ({ Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });

    /** Segment's client, recording the server's answers through its own fetch-based HTTP client. */
    function segmentClient(key: string, answers: { status: number; body: unknown }[]) {
      const recording = new FetchHTTPClient(async (url: string, init: RequestInit) => {
        const response = await fetch(url, init);
        answers.push({ status: response.status, body: await response.clone().json() });
        return response;
      });
      return new Analytics({ writeKey: key, host: server.url, flushAt: 100, maxRetries: 0, httpClient: recording });
    }

    /** identify, track (an order), page and alias from a shop's backend, with the messageIds given. */
    function sendShopCalls(analytics: Analytics, ids: string[], user: string, device: string) {
      const [identifyId, orderId, pageId, aliasId] = ids;
      analytics.identify({ messageId: identifyId, userId: user, anonymousId: device, traits: { plan: 'gold' } });
      analytics.track({
        messageId: orderId,
        userId: user,
        event: 'Order Completed',
        properties: { order_id: 'o-1001', revenue: 129.5, currency: 'EUR' },
      });
      analytics.page({ messageId: pageId, anonymousId: device, name: 'Checkout', properties: { path: '/checkout' } });
      analytics.alias({ messageId: aliasId, userId: user, previousId: device });
    }

    it("stores Segment's library's identify, track, page and alias once each, and counts a second flush as duplicates", async () => {
      const user = `seg-user-${backend.port}`;
      const device = `seg-device-${backend.port}`;
      const ids = ['identify', 'order', 'page', 'alias'].map((call) => `node-next-${Date.now()}-${call}-${user}`);
      const first: { status: number; body: unknown }[] = [];
      const analytics = segmentClient(writeKey, first);
      sendShopCalls(analytics, ids, user, device);
      await analytics.closeAndFlush();
      expect(first).toEqual([{ status: 200, body: { accepted: 4, duplicates: 0, invalid: [] } }]);

      // The same messages again, from a new client (a retried deploy, a replayed queue).
      const second: { status: number; body: unknown }[] = [];
      const again = segmentClient(writeKey, second);
      sendShopCalls(again, ids, user, device);
      await again.closeAndFlush();
      expect(second).toEqual([{ status: 200, body: { accepted: 0, duplicates: 4, invalid: [] } }]);

      const deviceEvents = await storedFor(device);
      expect(deviceEvents.map((event) => [event.type, event.messageId]).sort()).toEqual(
        [
          ['identify', ids[0]],
          ['page', ids[2]],
        ].sort(),
      );
      const page = deviceEvents.find((event) => event.type === 'page');
      expect(page).toMatchObject({
        properties: { name: 'Checkout', path: '/checkout' },
        context: { page: { path: '/checkout' } },
      });
      expect(page?.context.library).toMatchObject({ name: expect.stringContaining('analytics-node') });
      // The order was sent with only a userId: stored under the user, revenue kept.
      const userEvents = await storedFor(`user:${user}`);
      expect(userEvents.map((event) => event.type).sort()).toEqual(['alias', 'track']);
      expect(userEvents.find((event) => event.type === 'track')).toMatchObject({
        messageId: ids[1],
        event: 'Order Completed',
        userId: user,
        properties: { revenue: 129.5, order_id: 'o-1001' },
      });
      expect(userEvents.find((event) => event.type === 'alias')?.properties).toEqual({ previousId: device });
    });

    it("stores RudderStack's gzipped batches once each, with a key from KAIROS_WRITE_KEYS", async () => {
      const user = `rudder-user-${backend.port}`;
      const device = `rudder-device-${backend.port}`;
      const ids = ['identify', 'order', 'page', 'alias'].map((call) => `rudder-${call}-${user}`);
      const send = async () => {
        const errors: unknown[] = [];
        const rudder = new RudderAnalytics(envKey, {
          dataPlaneUrl: server.url,
          flushAt: 100,
          retryCount: 0,
          logLevel: 'error',
          errorHandler: (error: unknown) => errors.push(error),
        });
        rudder.identify({ ...messageId(ids[0]), userId: user, anonymousId: device, traits: { plan: 'silver' } });
        rudder.track({ ...messageId(ids[1]), userId: user, event: 'Order Completed', properties: { revenue: 54 } });
        rudder.page({ ...messageId(ids[2]), anonymousId: device, name: 'Home', properties: { path: '/' } });
        rudder.alias({ ...messageId(ids[3]), userId: user, previousId: device });
        await rudder.flush();
        expect(errors).toEqual([]);
      };
      await send();
      await send();
      const deviceEvents = await storedFor(device);
      const userEvents = await storedFor(`user:${user}`);
      expect([...deviceEvents, ...userEvents].map((event) => event.messageId).sort()).toEqual([...ids].sort());
      expect(userEvents.find((event) => event.type === 'track')?.properties).toEqual({ revenue: 54 });
    });

    it('refuses a wrong write key with 401 and stores nothing (injected: a made-up key, and none at all)', async () => {
      const device = `wrong-key-${backend.port}`;
      const answers: { status: number; body: unknown }[] = [];
      const analytics = segmentClient('kairos_wk_not-a-key-of-this-server', answers);
      analytics.track({ anonymousId: device, event: 'Product Viewed' });
      await analytics.closeAndFlush();
      expect(answers).toEqual([
        { status: 401, body: { error: { code: 'invalid_write_key', message: expect.any(String), status: 401 } } },
      ]);
      const batch = JSON.stringify({ batch: [{ type: 'track', event: 'Product Viewed', anonymousId: device }] });
      expect((await post('/v1/batch', batch)).status).toBe(401);
      expect(
        (await post('/v1/track', JSON.stringify({ writeKey: 'nope', event: 'A', anonymousId: device }))).status,
      ).toBe(401);
      expect(await storedFor(device)).toEqual([]);
    });

    it('takes the write key from the body, as analytics.js sends it (text/plain, one call on /v1/t)', async () => {
      const device = `body-key-${backend.port}`;
      const call = {
        writeKey,
        type: 'track',
        event: 'Product Viewed',
        anonymousId: device,
        messageId: `ajs-${device}`,
      };
      const response = await post('/v1/t', JSON.stringify(call), { 'Content-Type': 'text/plain' });
      expect(await response.json()).toEqual({ accepted: 1, duplicates: 0, invalid: [] });
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect((await storedFor(device)).map((event) => event.event)).toEqual(['Product Viewed']);
    });

    it('reports a call with neither id by its index and stores its neighbours (injected: no userId, no anonymousId)', async () => {
      const device = `no-ids-${backend.port}`;
      const batch = [
        { type: 'track', event: 'Product Viewed', anonymousId: device },
        { type: 'track', event: 'Product Viewed' },
        { type: 'identify', anonymousId: device, traits: { plan: 'x' } },
      ];
      const response = await post('/v1/batch', JSON.stringify({ batch }), basic(writeKey));
      expect(response.status).toBe(200);
      const answer = (await response.json()) as Answer;
      expect(answer).toEqual({
        accepted: 2,
        duplicates: 0,
        invalid: [{ index: 1, reason: expect.stringMatching(/anonymousId or userId/) }],
      });
      expect(await storedFor(device)).toHaveLength(2);
      const none = await post('/v1/batch', JSON.stringify({ batch: [batch[1]] }), basic(writeKey));
      expect(none.status).toBe(400);
    });

    it('refuses an oversized request with 413 and stores none of it (injected: 600 events, a 1 MB body, a gzip bomb)', async () => {
      const device = `oversized-${backend.port}`;
      const call = (i: number) => ({
        type: 'track',
        event: 'Product Viewed',
        anonymousId: device,
        messageId: `big-${i}`,
      });
      const tooMany = JSON.stringify({ batch: Array.from({ length: 600 }, (_, i) => call(i)) });
      const tooManyAnswer = await post('/v1/batch', tooMany, basic(writeKey));
      expect(tooManyAnswer.status).toBe(413);
      expect(await tooManyAnswer.json()).toMatchObject({ error: { code: 'payload_too_large' } });

      const megabyte = JSON.stringify({ batch: [{ ...call(1), properties: { blob: 'x'.repeat(1024 * 1024) } }] });
      expect((await post('/v1/batch', megabyte, basic(writeKey))).status).toBe(413);

      // 80 bytes on the wire, 8 MB of JSON whitespace once inflated.
      const bomb = gzipSync(
        Buffer.concat([Buffer.from('{"batch":['), Buffer.alloc(8 * 1024 * 1024, 0x20), Buffer.from(']}')]),
      );
      expect(bomb.byteLength).toBeLessThan(16 * 1024);
      const bombAnswer = await post('/v1/batch', bomb, { ...basic(writeKey), 'Content-Encoding': 'gzip' });
      expect(bombAnswer.status).toBe(413);
      expect(await bombAnswer.json()).toMatchObject({ error: { code: 'payload_too_large' } });
      expect(await storedFor(device)).toEqual([]);
    });

    it('answers a body that is not JSON with 400 malformed_json (injected: cut-off JSON, plain and gzipped)', async () => {
      for (const [body, headers] of [
        ['{"batch": [', {}],
        [gzipSync('{"batch": ['), { 'Content-Encoding': 'gzip' }],
      ] as const) {
        const response = await post('/v1/batch', body, { ...basic(writeKey), ...headers });
        expect(response.status).toBe(400);
        expect(await response.json()).toMatchObject({ error: { code: 'malformed_json', status: 400 } });
      }
    });

    it('keeps the browser tracker working without a key (/api/collect unchanged)', async () => {
      const device = `tracker-${backend.port}`;
      const sentAt = new Date().toISOString();
      const event = {
        messageId: crypto.randomUUID(),
        type: 'track',
        event: 'Product Viewed',
        properties: {},
        traits: {},
        anonymousId: device,
        timestamp: sentAt,
        context: {},
      };
      const response = await post('/api/collect', JSON.stringify({ batch: [event], sentAt }), {
        'Content-Type': 'text/plain',
      });
      expect(await response.json()).toEqual({ accepted: 1, duplicates: 0, invalid: [] });
    });

    // Last: it stops the server (embedded storage has one opener at a time, and the CLI is one).
    it("makes each client's identify and alias one person whose RFM holds the server-side order (server and CLI)", async () => {
      for (const [user, device, revenue] of [
        [`seg-user-${backend.port}`, `seg-device-${backend.port}`, 129.5],
        [`rudder-user-${backend.port}`, `rudder-device-${backend.port}`, 54],
      ] as const) {
        const response = await fetch(`${server.url}/api/admin/people/${encodeURIComponent(user)}`, {
          headers: { cookie },
        });
        expect(response.status).toBe(200);
        const person = (await response.json()) as { anonymousIds: string[]; events: StoredEvent[] };
        // The device the identify named, and every call: the device's identify and page, the userId-only order and alias.
        expect(person.anonymousIds).toEqual([device]);
        expect(person.events.map((event) => event.type).sort()).toEqual(['alias', 'identify', 'page', 'track']);
        expect(person.events.find((event) => event.event === 'Order Completed')?.properties.revenue).toBe(revenue);
      }

      await server.stop();
      const cli = runKairos(['rfm', '--stored', '--json'], cliEnv);
      expect(cli.code, cli.out).toBe(0);
      const report = JSON.parse(cli.stdout.slice(cli.stdout.indexOf('{'))) as {
        customerRows: { customer: string; frequency: number; monetary: number }[];
      };
      const rowOf = (customer: string) => report.customerRows.find((row) => row.customer === customer);
      // One customer per person, keyed by the userId, not the backend's `user:<id>` or the device.
      expect(rowOf(`seg-user-${backend.port}`)).toMatchObject({ frequency: 1, monetary: 129.5 });
      expect(rowOf(`rudder-user-${backend.port}`)).toMatchObject({ frequency: 1, monetary: 54 });
      expect(report.customerRows.filter((row) => row.customer.startsWith('user:'))).toEqual([]);
    });
  });
}
