// The /v1 route handlers in-process, on PGlite and PostgreSQL: what a Segment
// call leaves in the database (the events row, its `extra`, the visitor row),
// one de-duplication path shared with the tracker's collector, and write keys
// from the database and the environment, revoked or not. Each test names the
// input it injects.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWriteKey } from '@/lib/auth/write-keys';
import { revokeWriteKey } from '@/lib/db/write-keys';
import { rowsOf } from '@/lib/db/rows';
import { events, visitors, writeKeys } from '@/lib/db/schema';
import { collectBody, postText, siteOrigin, trackerEvent } from '../fixtures/route-calls';
import { serverStorage, storageBackends, warnWithoutPostgres } from '../fixtures/storage-backends';

warnWithoutPostgres('Segment API routes');

const envKey = 'env-key-for-the-route-tests-0123';
process.env.KAIROS_WRITE_KEYS = `ci:${envKey}`;
process.env.KAIROS_COLLECT_RATE_LIMIT = '100000';

const batchRoute = (await import('@/app/v1/batch/route')).POST;
const screenRoute = (await import('@/app/v1/screen/route')).POST;
const collect = (await import('@/app/api/collect/route')).POST;
const jitsuServerRoute = (await import('@/app/api/s/s2s/[type]/route')).POST;
const noParams = { params: Promise.resolve({}) };

const basic = (key: string) => ({ Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
const sendBatch = (calls: unknown[], headers: Record<string, string> = basic(envKey)) =>
  batchRoute(
    new Request(`${siteOrigin}/v1/batch`, {
      method: 'POST',
      body: JSON.stringify({ batch: calls, sentAt: new Date().toISOString() }),
      headers: { 'Content-Type': 'application/json', ...headers },
    }),
    noParams,
  );

for (const backend of storageBackends) {
  // Skipped only for PostgreSQL when KAIROS_TEST_DATABASE_URL is unset (.ci/run starts a server).
  describe.skipIf(backend.skip)(`the /v1 routes on ${backend.name}`, () => {
    let storage: Awaited<ReturnType<typeof serverStorage>>;
    beforeAll(async () => {
      storage = await serverStorage(backend);
    });
    afterAll(async () => storage?.close());

    const rowsFor = (anonymousId: string) =>
      storage.handle.db.select().from(events).where(eq(events.anonymousId, anonymousId));

    it('stores the call with its extra fields, no IP address, and the visitor row of a userId-only call', async () => {
      const user = `u-${randomUUID()}`;
      const response = await sendBatch([
        {
          type: 'track',
          event: 'Order Completed',
          userId: user,
          messageId: 'api-2026-000001',
          properties: { revenue: 12 },
          channel: 'server',
          context: { ip: '203.0.113.7', app: { name: 'Shop' }, library: { name: 'curl', version: '8' } },
        },
      ]);
      expect(await response.json()).toEqual({ accepted: 1, duplicates: 0, invalid: [] });
      const [row] = await rowsFor(`user:${user}`);
      expect(row).toMatchObject({
        messageId: 'api-2026-000001',
        userId: user,
        context: { library: { name: 'curl', version: '8' } },
        extra: { channel: 'server', context: { app: { name: 'Shop' } } },
      });
      expect(JSON.stringify(row)).not.toContain('203.0.113.7');
      const [visitor] = await storage.handle.db.select().from(visitors).where(eq(visitors.userId, user));
      expect(visitor?.anonymousId).toBe(`user:${user}`);
    });

    it("de-duplicates on the one message-id ledger the tracker's collector uses (injected: a tracker UUID sent again through /v1)", async () => {
      const device = `d-${randomUUID()}`;
      const tracked = trackerEvent({ anonymousId: device });
      const first = await postText(collect, '/api/collect', collectBody([JSON.stringify(tracked)]));
      expect((await first.json()).accepted).toBe(1);
      const again = await sendBatch([
        { type: 'track', event: 'Product Viewed', anonymousId: device, messageId: tracked.messageId },
      ]);
      expect(await again.json()).toEqual({ accepted: 0, duplicates: 1, invalid: [] });
      const ledger = rowsOf<{ n: number }>(
        await storage.handle.db.execute(
          sql`select count(*)::int as n from event_message_ids where message_id = ${String(tracked.messageId)}`,
        ),
      );
      expect(Number(ledger[0]?.n)).toBe(1);
      expect(await rowsFor(device)).toHaveLength(1);
    });

    it('takes a type from its path and stores Segment types the tracker never sends (screen)', async () => {
      const device = `d-${randomUUID()}`;
      const response = await screenRoute(
        new Request(`${siteOrigin}/v1/screen`, {
          method: 'POST',
          body: JSON.stringify({ anonymousId: device, name: 'Basket', properties: { items: 2 } }),
          headers: basic(envKey),
        }),
        noParams,
      );
      expect(response.status).toBe(200);
      const [row] = await rowsFor(device);
      expect(row).toMatchObject({ type: 'screen', properties: { name: 'Basket', items: 2 } });
    });

    it('accepts a stored key until it is revoked, then answers 401 and stores nothing (injected: a revoked key)', async () => {
      const created = await createWriteKey(storage.handle.db, `key-${backend.name}`);
      if ('error' in created) throw new Error(created.error);
      const [stored] = await storage.handle.db
        .select()
        .from(writeKeys)
        .where(eq(writeKeys.name, `key-${backend.name}`));
      expect(stored?.keyHash).not.toContain(created.key);
      expect(JSON.stringify(stored)).not.toContain(created.key.slice(10));
      const device = `d-${randomUUID()}`;
      const call = (n: number) => ({
        type: 'track',
        event: 'A',
        anonymousId: device,
        messageId: `revoke-${device}-${n}`,
      });
      expect((await sendBatch([call(1)], basic(created.key))).status).toBe(200);
      await revokeWriteKey(storage.handle.db, `key-${backend.name}`);
      const refused = await sendBatch([call(2)], basic(created.key));
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error: { code: 'invalid_write_key' } });
      expect(await rowsFor(device)).toHaveLength(1);
    });

    it('refuses a second active key of one name, and a name KAIROS_WRITE_KEYS holds', async () => {
      expect(await createWriteKey(storage.handle.db, 'twice')).toHaveProperty('key');
      expect(await createWriteKey(storage.handle.db, 'twice')).toMatchObject({ code: 'name_taken' });
      expect(await createWriteKey(storage.handle.db, 'ci')).toMatchObject({ code: 'name_taken' });
      expect(await createWriteKey(storage.handle.db, 'a:b')).toMatchObject({ code: 'bad_request' });
    });

    it("takes Jitsu's server call: the type from /api/s/s2s/<type>, the key from X-Write-Key; another type is a 404", async () => {
      const device = `d-${randomUUID()}`;
      const jitsu = (type: string) =>
        jitsuServerRoute(
          new Request(`${siteOrigin}/api/s/s2s/${type}`, {
            method: 'POST',
            body: JSON.stringify({ event: 'Signed Up', anonymousId: device, messageId: `jitsu-${device}-${type}` }),
            headers: { 'Content-Type': 'application/json', 'X-Write-Key': envKey },
          }),
          { params: Promise.resolve({ type }) },
        );
      expect(await (await jitsu('track')).json()).toEqual({ accepted: 1, duplicates: 0, invalid: [] });
      expect((await jitsu('purchase')).status).toBe(404);
      expect((await rowsFor(device)).map((row) => row.event)).toEqual(['Signed Up']);
    });

    it('answers 415 for a body encoding it cannot read (injected: Content-Encoding br)', async () => {
      const response = await sendBatch([{ type: 'track', event: 'A', anonymousId: 'x' }], {
        ...basic(envKey),
        'Content-Encoding': 'br',
      });
      expect(response.status).toBe(415);
    });
  });
}
