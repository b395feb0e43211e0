// The device store's IndexedDB layer (lib/store/database.ts) over
// fake-indexeddb: a device whose data Dexie stored keeps all of it after the
// upgrade, a new device gets the stores and indexes Dexie made, and the writes
// that must be all or nothing are (events with their outbox and profile, the
// delivery ledger's claim, the forgets, the outbox's send and retry).
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { workerBundle } from '@/lib/build/worker-bundle';
import type { KairosEvent } from '@/lib/contracts/event';
import { claimShowing, releaseShowing, shownDeliveryHorizonMs } from '@/lib/notifications/shown-deliveries';
import { DeviceDatabase, deviceSchemaVersion, type StoreName } from '@/lib/store/database';
import { createDeviceService } from '@/lib/store/device-service';
import { flushOutbox } from '@/lib/store/outbox';
import { forgetEverything, forgetHistory, recordEvents } from '@/lib/store/record';
import { enforceRetention } from '@/lib/store/retention';

/** The device store exactly as Dexie declared it before our own layer (version 3 is IndexedDB version 30). */
class DexieDeviceDatabase extends Dexie {
  constructor(name: string, upToVersion = 3) {
    super(name, { indexedDB, IDBKeyRange, chromeTransactionDurability: 'relaxed' });
    this.version(1).stores({
      events: '&messageId, timestamp, storedAt',
      outbox: '&messageId, queuedAt, nextAttemptAt',
      profile: '&id',
      meta: '&key',
    });
    if (upToVersion >= 2) this.version(2).stores({ config: '&key', decisions: '++id, at, ruleId' });
    if (upToVersion >= 3) this.version(3).stores({ shownDeliveries: '&deliveryId, shownAt' });
  }
}

const stores: StoreName[] = ['events', 'outbox', 'profile', 'meta', 'config', 'decisions', 'shownDeliveries'];
let databases = 0;
const opened: { close(): unknown }[] = [];
/** A database name of its own per test. */
const freshName = () => `kairos-test-${++databases}`;
const ours = (name: string) => {
  const db = new DeviceDatabase(name);
  opened.push(db);
  return db;
};

afterEach(async () => {
  for (const db of opened.splice(0)) await db.close();
});

let n = 0;
function event(overrides: Partial<KairosEvent> = {}): KairosEvent {
  n += 1;
  return {
    messageId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    type: 'track',
    event: 'Product Viewed',
    properties: { n },
    traits: {},
    anonymousId: 'anon-1',
    userId: null,
    sessionId: null,
    timestamp: new Date(Date.parse('2026-11-01T10:00:00Z') + n * 1000).toISOString(),
    context: { timezone: 'Europe/Lisbon' },
    ...overrides,
  };
}

/** What IndexedDB itself says about a database: version, stores, key paths and indexes. */
function layout(name: string) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
      const db = request.result;
      const names = [...db.objectStoreNames].sort();
      const transaction = db.transaction(names);
      const described = names.map((storeName) => {
        const store = transaction.objectStore(storeName);
        return {
          store: storeName,
          keyPath: store.keyPath,
          autoIncrement: store.autoIncrement,
          indexes: [...store.indexNames].sort().map((indexName) => {
            const index = store.index(indexName);
            return { index: indexName, keyPath: index.keyPath, unique: index.unique, multiEntry: index.multiEntry };
          }),
        };
      });
      db.close();
      resolve({ version: db.version, stores: described });
    };
  });
}

async function everything(db: DeviceDatabase) {
  return Object.fromEntries(await Promise.all(stores.map(async (store) => [store, await db[store].getAll()])));
}

describe('a device that Dexie stored', () => {
  it('keeps every row of every table after the upgrade, and goes on from there', async () => {
    const name = freshName();
    const dexie = new DexieDeviceDatabase(name);
    const [first, second] = [event(), event({ type: 'identify', userId: 'user-7' })];
    await dexie.table('events').bulkAdd([first, second].map((e) => ({ ...e, storedAt: 1 })));
    await dexie
      .table('outbox')
      .add({ messageId: second.messageId, event: second, queuedAt: 1, attempts: 2, nextAttemptAt: 9 });
    await dexie.table('profile').put({
      id: 'me',
      anonymousId: 'anon-1',
      userId: 'user-7',
      firstSeen: first.timestamp,
      lastSeen: second.timestamp,
    });
    await dexie.table('meta').bulkPut([
      { key: 'settings', value: { collector: 'https://shop.test/api/collect', sync: true } },
      { key: 'moments.cart', value: { startedAt: 5, decided: [3] } },
    ]);
    await dexie
      .table('config')
      .put({ key: 'current', config: { version: 'v9', rules: [], segments: [] }, etag: '"v9"', fetchedAt: 4 });
    await dexie.table('decisions').bulkAdd([
      { at: 10, ruleId: 3, ruleVersion: 1, trigger: 'search', outcome: 'fired' },
      { at: 11, ruleId: null, ruleVersion: null, trigger: 'search', outcome: 'skipped', reason: 'noRule' },
    ]);
    const shownAt = Date.now();
    await dexie.table('shownDeliveries').put({ deliveryId: 41, shownAt });
    const before = Object.fromEntries(
      await Promise.all(stores.map(async (store) => [store, await dexie.table(store).toArray()])),
    );
    dexie.close();

    const db = ours(name);
    expect(await everything(db)).toEqual(before);
    expect(before.decisions.map((row: { id: number }) => row.id)).toEqual([1, 2]);

    // The same device, on with the new layer: keys keep counting, the ledger still knows delivery 41.
    await db.decisions.addAll([{ at: 12, ruleId: 3, ruleVersion: 1, trigger: 'search', outcome: 'fired' }]);
    expect((await db.decisions.getAll()).map((row) => row.id)).toEqual([1, 2, 3]);
    expect(await claimShowing(db, 41, shownAt + 1)).toBe(false);
    await recordEvents(db, [event({ userId: null })], { sync: true });
    expect(await db.events.count()).toBe(3);
    expect((await db.profile.get('me'))?.userId).toBe('user-7');
    expect(await db.outbox.count()).toBe(2);
    expect(await layout(name)).toMatchObject({ version: deviceSchemaVersion });
  });

  it('upgrades a device from before moments (Dexie version 1) without losing its events', async () => {
    const name = freshName();
    const dexie = new DexieDeviceDatabase(name, 1);
    const stored = { ...event(), storedAt: 3 };
    await dexie.table('events').add(stored);
    dexie.close();
    expect(await layout(name)).toMatchObject({ version: 10 });

    const db = ours(name);
    expect(await db.events.getAll()).toEqual([stored]);
    await db.config.put({
      key: 'current',
      config: { version: 'v1', publishedAt: '', segments: [], rfm: null, intent: null, rules: [] },
      etag: null,
      fetchedAt: 1,
    });
    expect(await db.config.get('current')).toMatchObject({ etag: null });
    await db.close();

    const fresh = freshName();
    await ours(fresh).events.count();
    expect(await layout(name)).toEqual(await layout(fresh));
  });

  it('creates on a new device the very stores and indexes Dexie created', async () => {
    const byDexie = freshName();
    const dexie = new DexieDeviceDatabase(byDexie);
    await dexie.open();
    dexie.close();
    const byUs = freshName();
    await ours(byUs).meta.get('settings');

    const expected = await layout(byDexie);
    expect(expected).toMatchObject({ version: 30 });
    expect(await layout(byUs)).toEqual(expected);
  });

  it('is still readable by the Dexie build it replaced (a worker rolled back)', async () => {
    const name = freshName();
    const db = ours(name);
    const stored = event();
    await recordEvents(db, [stored], { sync: true, now: 7 });
    await db.close();

    const dexie = new DexieDeviceDatabase(name);
    expect(await dexie.table('events').toArray()).toEqual([{ ...stored, storedAt: 7 }]);
    expect(await dexie.table('outbox').count()).toBe(1);
    dexie.close();
  });
});

describe('writes that are all or nothing', () => {
  it('stores none of a batch when one of its events cannot be stored (injected: a value IndexedDB cannot clone)', async () => {
    const db = ours(freshName());
    const broken = event({ properties: { callback: () => 1 } as never });
    await expect(recordEvents(db, [event(), broken], { sync: true })).rejects.toThrow();
    expect([await db.events.count(), await db.outbox.count(), await db.profile.get('me')]).toEqual([0, 0, undefined]);
  });

  it('stores an event once however often it arrives (same messageId), in a batch or across batches', async () => {
    const db = ours(freshName());
    const once = event();
    const twice = event();
    expect(await recordEvents(db, [once, twice, twice], { sync: true })).toMatchObject({ stored: 2 });
    expect(await recordEvents(db, [twice, once], { sync: true })).toMatchObject({ stored: 0 });
    expect([await db.events.count(), await db.outbox.count()]).toEqual([2, 2]);
  });

  it('shows a delivery once when two copies are claimed at the same moment, and again once released', async () => {
    const db = ours(freshName());
    const now = Date.parse('2026-11-20T10:00:00Z');
    const claims = await Promise.all([claimShowing(db, 7, now), claimShowing(db, 7, now), claimShowing(db, 8, now)]);
    expect(claims.filter(Boolean)).toHaveLength(2);
    expect(claims[2]).toBe(true);
    await releaseShowing(db, 7);
    expect(await claimShowing(db, 7, now)).toBe(true);
    // Past the horizon the ledger forgets an id, so it does not grow for ever.
    await claimShowing(db, 9, now + shownDeliveryHorizonMs + 1);
    expect((await db.shownDeliveries.getAll()).map((row) => row.deliveryId)).toEqual([9]);
  });

  it('forgets everything on withdrawn consent, and only the history and profile on reset', async () => {
    const db = ours(freshName());
    await recordEvents(db, [event(), event()], { sync: true });
    await db.meta.put({ key: 'settings', value: { sync: true } });
    await claimShowing(db, 3);
    await forgetHistory(db);
    expect([await db.events.count(), await db.profile.count(), await db.outbox.count()]).toEqual([0, 0, 2]);
    await forgetEverything(db);
    const left = await everything(db);
    expect(Object.values(left).flat()).toEqual([]);
  });
});

describe('the outbox and retention over the store', () => {
  const ok = (bodies: unknown[]) => async (_url: unknown, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)));
    return new Response(JSON.stringify({ accepted: 1, invalid: [] }), { status: 200 });
  };

  it('backs off after a failed send and leaves nothing once the collector stored the batch', async () => {
    const db = ours(freshName());
    const events = [event(), event(), event()];
    await recordEvents(db, events, { sync: true, now: 1_000 });
    // Injected failure: the collector answers 503.
    const failed = await flushOutbox(db, {
      collector: 'https://shop.test/api/collect',
      fetch: async () => new Response('', { status: 503 }),
      now: () => 2_000,
      random: () => 0,
    });
    expect(failed.retryAt).toBeGreaterThan(2_000);
    expect((await db.outbox.getAll()).map((entry) => [entry.attempts, entry.nextAttemptAt])).toEqual(
      events.map(() => [1, failed.retryAt]),
    );
    // Not due yet: nothing is sent, and the answer says when it will be.
    const early = await flushOutbox(db, { collector: 'x', fetch: ok([]), now: () => 2_001 });
    expect(early).toEqual({ sent: 0, refused: 0, retryAt: failed.retryAt });

    const bodies: { batch: KairosEvent[] }[] = [];
    const sent = await flushOutbox(db, { collector: 'x', fetch: ok(bodies), now: () => failed.retryAt! });
    expect(sent).toMatchObject({ sent: 3, refused: 0 });
    expect(bodies.map((body) => body.batch.map((e) => e.messageId))).toEqual([events.map((e) => e.messageId)]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('sends at once when the device comes back online, whatever the backoff said', async () => {
    const db = ours(freshName());
    const bodies: unknown[] = [];
    const service = createDeviceService({ db, fetch: ok(bodies) as typeof fetch, scheduleRetry: () => {} });
    const settings = { collector: 'https://shop.test/api/collect', sync: true };
    await service.handle({ kairos: 1, type: 'settings', settings });
    await recordEvents(db, [event()], { sync: true });
    await db.outbox.update({ nextAttemptAt: Date.now() + 3_600_000, attempts: 4 });
    expect(await service.flush()).toMatchObject({ sent: 0 });
    expect(await service.handle({ kairos: 1, type: 'online' })).toMatchObject({ type: 'done' });
    expect([bodies.length, await db.outbox.count()]).toEqual([1, 0]);
  });

  it('drops history past its age and count limits, oldest first, and the oldest unsent past the outbox limit', async () => {
    const db = ours(freshName());
    const now = Date.parse('2026-11-30T00:00:00Z');
    const old = event({ timestamp: '2026-07-01T00:00:00.000Z' });
    const recent = [0, 1, 2].map((i) => event({ timestamp: new Date(now - (3 - i) * 60_000).toISOString() }));
    await recordEvents(db, [old, ...recent], {
      sync: true,
      now,
      limits: { maxEvents: 10, maxAgeDays: 365, maxOutbox: 10 },
    });
    await db.outbox.update({ queuedAt: 1 }, [recent[1]!.messageId]);
    const dropped = await enforceRetention(db, { maxEvents: 2, maxAgeDays: 90, maxOutbox: 3 }, now);
    expect(dropped).toBe(2);
    expect((await db.events.getAll()).map((e) => e.messageId).sort()).toEqual(
      [recent[1]!.messageId, recent[2]!.messageId].sort(),
    );
    expect(await db.outbox.findKeys('queuedAt')).not.toContain(recent[1]!.messageId);
    expect(await db.outbox.count()).toBe(3);
  });
});

describe('the connection', () => {
  it('steps aside when another connection deletes the database, and stores the next event in a new one', async () => {
    const name = freshName();
    const db = ours(name);
    await recordEvents(db, [event()], { sync: false });
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
      // Injected failure: were the device store to keep its connection, this delete would wait for ever.
      request.onblocked = () => reject(new Error('blocked by the device store'));
    });
    await recordEvents(db, [event()], { sync: false });
    expect(await db.events.count()).toBe(1);
  });

  it('says a new device has no store without creating one, and a device with one has it', async () => {
    const name = freshName();
    const names = async () => (await indexedDB.databases()).map((database) => database.name);
    // Before consent nothing may be created on the device: looking must leave no database behind.
    expect(await ours(name).exists()).toBe(false);
    expect(await names()).not.toContain(name);

    await recordEvents(ours(name), [event()], { sync: false });
    const worker = ours(name);
    expect(await worker.exists()).toBe(true);
    // The look's connection serves the reads that follow, and a read answers with what is stored.
    expect(await worker.events.count()).toBe(1);
    expect(await names()).toContain(name);
  });

  it('finds a store an older version wrote, and upgrades it on the next call', async () => {
    const name = freshName();
    const dexie = new DexieDeviceDatabase(name, 1);
    await dexie.table('events').put({ ...event(), storedAt: 1 });
    dexie.close();
    const db = ours(name);
    expect(await db.exists()).toBe(true);
    // The looked-at connection was the old version's: the moments' stores exist only after the upgrade.
    expect(await db.decisions.count()).toBe(0);
    expect(await db.events.count()).toBe(1);
  });

  it('keeps Dexie out of the service worker bundles', async () => {
    // Injected failure: a worker module importing Dexie again.
    mkdirSync(path.join(process.cwd(), 'test-results'), { recursive: true });
    const dir = mkdtempSync(path.join(process.cwd(), 'test-results', 'worker-bundle-'));
    const entry = path.join(dir, 'lib-store-entry.ts');
    writeFileSync(entry, "import Dexie from 'dexie';\nconsole.log(Dexie);\n");
    await expect(
      build({ entryPoints: [entry], bundle: true, write: false, logLevel: 'silent', plugins: [workerBundle] }),
    ).rejects.toThrow(/lib-store-entry\.ts brings Dexie into the service worker/);
  });
});
