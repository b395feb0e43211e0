// What the ingest routes store of a visitor's place, in-process on PGlite and
// PostgreSQL: the client address (as server.ts stamps it) or a Segment call's
// context.ip becomes `context.geo` at the KAIROS_GEO level, and the address is
// in no stored row. The device config answers the asking device's own place.
// Each test names the input it injects.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { events } from '@/lib/db/schema';
import { clientAddressHeader } from '@/lib/http/client-address';
import { collectBody, postText, siteOrigin, trackerEvent } from '../fixtures/route-calls';
import { serverStorage, storageBackends, warnWithoutPostgres } from '../fixtures/storage-backends';

warnWithoutPostgres('geography at ingest');

const writeKey = 'geo-route-tests-write-key-0123456';
process.env.KAIROS_WRITE_KEYS = `geo:${writeKey}`;
process.env.KAIROS_COLLECT_RATE_LIMIT = '100000';
process.env.KAIROS_CONFIG_RATE_LIMIT = '100000';

const collect = (await import('@/app/api/collect/route')).POST;
const batchRoute = (await import('@/app/v1/batch/route')).POST;
const deviceConfig = (await import('@/app/api/device/config/route')).GET;
const noParams = { params: Promise.resolve({}) };

/** London (81.2.69.160), Paris (80.67.169.12) and Mountain View (8.8.8.8) in DB-IP Lite. */
const london = '81.2.69.160';
const paris = '80.67.169.12';

const collectFrom = (address: string, anonymousId: string, extra: Record<string, unknown> = {}) =>
  postText(collect, '/api/collect', collectBody([JSON.stringify(trackerEvent({ anonymousId, ...extra }))]), {
    [clientAddressHeader]: address,
  });

const sendBatch = (calls: unknown[], headers: Record<string, string> = {}) =>
  batchRoute(
    new Request(`${siteOrigin}/v1/batch`, {
      method: 'POST',
      body: JSON.stringify({ batch: calls, sentAt: new Date().toISOString() }),
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
        // The sending server's own address: not the visitor's.
        [clientAddressHeader]: '8.8.8.8',
        ...headers,
      },
    }),
    noParams,
  );

const configFor = (address: string | undefined, headers: Record<string, string> = {}) =>
  deviceConfig(
    new Request(`${siteOrigin}/api/device/config`, {
      headers: { ...(address && { [clientAddressHeader]: address }), ...headers },
    }),
    noParams,
  );

for (const backend of storageBackends) {
  describe.skipIf(backend.skip)(`geography at ingest on ${backend.name}`, () => {
    let storage: Awaited<ReturnType<typeof serverStorage>>;
    beforeAll(async () => {
      storage = await serverStorage(backend);
    });
    afterAll(async () => storage?.close());
    afterEach(() => vi.unstubAllEnvs());

    const storedFor = async (anonymousId: string) => {
      const rows = await storage.handle.db.select().from(events).where(eq(events.anonymousId, anonymousId));
      expect(rows).toHaveLength(1);
      return rows[0]!;
    };

    it('a tracker event gets the place of the device’s address, and the address is stored nowhere', async () => {
      const device = `d-${randomUUID()}`;
      expect((await (await collectFrom(london, device)).json()).accepted).toBe(1);
      const row = await storedFor(device);
      expect(row.context).toMatchObject({ locale: 'en-GB', geo: { country: 'GB', region: 'England' } });
      expect((row.context as { geo: { city?: string } }).geo.city).toEqual(expect.any(String));
      expect(JSON.stringify(row)).not.toContain(london);
    });

    it('KAIROS_GEO=country keeps the country only; off keeps nothing (injected: each setting)', async () => {
      vi.stubEnv('KAIROS_GEO', 'country');
      const countryOnly = `d-${randomUUID()}`;
      await collectFrom(paris, countryOnly);
      expect((await storedFor(countryOnly)).context).toEqual({ locale: 'en-GB', geo: { country: 'FR' } });
      vi.stubEnv('KAIROS_GEO', 'off');
      const none = `d-${randomUUID()}`;
      await collectFrom(paris, none);
      expect((await storedFor(none)).context).toEqual({ locale: 'en-GB' });
    });

    it('a private or loopback client address gives no place (injected: 192.168.1.20, ::1)', async () => {
      for (const address of ['192.168.1.20', '::1']) {
        const device = `d-${randomUUID()}`;
        await collectFrom(address, device);
        expect((await storedFor(device)).context).toEqual({ locale: 'en-GB' });
      }
    });

    it('a tracker event that writes its own context.geo is refused, its neighbours kept (injected: a forged place)', async () => {
      const device = `d-${randomUUID()}`;
      const forged = trackerEvent({ anonymousId: device, context: { geo: { country: 'FR' } } });
      const honest = trackerEvent({ anonymousId: device });
      const response = await postText(
        collect,
        '/api/collect',
        collectBody([JSON.stringify(forged), JSON.stringify(honest)]),
        { [clientAddressHeader]: london },
      );
      const body = await response.json();
      expect(body.accepted).toBe(1);
      expect(body.invalid).toEqual([{ index: 0, reason: expect.stringContaining('geo') }]);
      expect((await storedFor(device)).context).toMatchObject({ geo: { country: 'GB' } });
    });

    it('a Segment call is placed by its context.ip, which is not stored; without one a server’s call gets none', async () => {
      const placed = `a-${randomUUID()}`;
      const unplaced = `a-${randomUUID()}`;
      const answer = await sendBatch([
        { type: 'track', event: 'Order Completed', anonymousId: placed, context: { ip: paris } },
        { type: 'track', event: 'Order Completed', anonymousId: unplaced },
        // The sender's own geo is not believed: kept as sent in extra, not as the place.
        { type: 'page', anonymousId: `${placed}-2`, context: { ip: london, geo: { country: 'US' } } },
      ]);
      expect(await answer.json()).toEqual({ accepted: 3, duplicates: 0, invalid: [] });
      const row = await storedFor(placed);
      expect(row.context).toMatchObject({ geo: { country: 'FR' } });
      expect(JSON.stringify(row)).not.toContain(paris);
      expect((await storedFor(unplaced)).context).toEqual({});
      const forged = await storedFor(`${placed}-2`);
      expect(forged.context).toMatchObject({ geo: { country: 'GB' } });
      expect(forged.extra).toEqual({ context: { geo: { country: 'US' } } });
    });

    it('a browser’s Segment call (it sends Origin) is placed by its own address', async () => {
      const visitor = `a-${randomUUID()}`;
      await sendBatch([{ type: 'page', anonymousId: visitor }], {
        Origin: 'https://shop.test',
        [clientAddressHeader]: london,
      });
      expect((await storedFor(visitor)).context).toMatchObject({ geo: { country: 'GB' } });
    });
  });
}

describe('the device config carries the asking device’s place', () => {
  let storage: Awaited<ReturnType<typeof serverStorage>>;
  beforeAll(async () => {
    storage = await serverStorage(storageBackends[0]!);
  });
  afterAll(async () => storage?.close());
  afterEach(() => vi.unstubAllEnvs());

  it('answers each address with its own place, a private answer, and an ETag per place', async () => {
    const fromParis = await configFor(paris);
    const fromLondon = await configFor(london);
    expect((await fromParis.json()).geo).toMatchObject({ country: 'FR' });
    expect((await fromLondon.json()).geo).toMatchObject({ country: 'GB' });
    expect(fromParis.headers.get('Cache-Control')).toBe('private, no-cache');
    expect(fromParis.headers.get('ETag')).not.toBe(fromLondon.headers.get('ETag'));
    // The same place again: a 304. A device that moved gets the new place.
    const etag = fromParis.headers.get('ETag')!;
    expect((await configFor(paris, { 'If-None-Match': etag })).status).toBe(304);
    expect((await configFor(london, { 'If-None-Match': etag })).status).toBe(200);
  });

  it('has no place for a loopback address, nor with KAIROS_GEO=off (injected: each)', async () => {
    expect((await (await configFor('127.0.0.1')).json()).geo).toBeNull();
    vi.stubEnv('KAIROS_GEO', 'off');
    expect((await (await configFor(paris)).json()).geo).toBeNull();
  });
});
