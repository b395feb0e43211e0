// A device whose store was written by Dexie (the worker before our own
// IndexedDB layer) gets the new worker: in real Chromium, what it held stays
// (history, visitor record, the delivery ledger), and an event it had not sent
// yet still reaches the server.
import { build } from 'esbuild';
import { expect, test } from '@playwright/test';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { deviceRows } from '../fixtures/device-store';
import { type StaticSite, startStaticSite } from '../fixtures/static-site';

let site: StaticSite;
test.beforeAll(async ({ baseURL }) => {
  site = await startStaticSite('plain', baseURL ?? '');
});
test.afterAll(async () => {
  await site.close();
});

/** Dexie as a page script (it is no longer in the worker). */
async function dexieScript(): Promise<string> {
  const bundled = await build({
    stdin: { contents: "import Dexie from 'dexie';\nglobalThis.Dexie = Dexie;\n", resolveDir: process.cwd() },
    bundle: true,
    write: false,
    format: 'iife',
    logLevel: 'silent',
  });
  return bundled.outputFiles[0]!.text;
}

test('the store Dexie wrote before moments is kept, and its unsent event is sent', async ({ page, request }) => {
  await loginAsAdmin(request);
  const anonymousId = crypto.randomUUID();
  const earlier = new Date(Date.now() - 3 * 86_400_000).toISOString();
  const unsent = {
    messageId: crypto.randomUUID(),
    type: 'track',
    event: 'Stored Before The Upgrade',
    properties: {},
    traits: {},
    anonymousId,
    userId: null,
    sessionId: null,
    timestamp: earlier,
    context: {},
  };

  // A page of the site that starts no worker: the old worker's store is written here, as Dexie version 1
  // (IndexedDB version 10: events, outbox, profile, meta), with the visitor's id in place.
  await page.goto(`${site.url}/no-worker-here`);
  await page.evaluate(await dexieScript());
  await page.evaluate(
    async ({ event, anonymousId }) => {
      localStorage.setItem('kairos.aid', anonymousId);
      type Table = { add(row: unknown): Promise<unknown>; put(row: unknown): Promise<unknown> };
      const DexieClass = (globalThis as unknown as { Dexie: new (name: string) => unknown }).Dexie;
      const db = new DexieClass('kairos') as {
        version(n: number): { stores(schema: Record<string, string>): unknown };
        table(name: string): Table;
        close(): void;
      };
      db.version(1).stores({
        events: '&messageId, timestamp, storedAt',
        outbox: '&messageId, queuedAt, nextAttemptAt',
        profile: '&id',
        meta: '&key',
      });
      await db.table('events').add({ ...event, storedAt: Date.parse(event.timestamp) });
      await db.table('outbox').add({
        messageId: event.messageId,
        event,
        queuedAt: Date.parse(event.timestamp),
        attempts: 3,
        nextAttemptAt: Date.parse(event.timestamp),
      });
      await db
        .table('profile')
        .put({ id: 'me', anonymousId, userId: null, firstSeen: event.timestamp, lastSeen: event.timestamp });
      db.close();
    },
    { event: unsent, anonymousId },
  );

  // The new worker arrives with the site's page, upgrades the store (to version 30) and writes the page view.
  await page.goto(`${site.url}/stored.html`);
  await expect.poll(() => deviceRows(page, 'events')).toBe(2);
  const stored = await page.evaluate(
    () =>
      new Promise<{ version: number; stores: string[]; profile: { firstSeen: string; anonymousId: string } }>(
        (resolve, reject) => {
          const open = indexedDB.open('kairos');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const get = db.transaction('profile').objectStore('profile').get('me');
            get.onsuccess = () => {
              resolve({ version: db.version, stores: [...db.objectStoreNames].sort(), profile: get.result });
              db.close();
            };
          };
        },
      ),
  );
  expect(stored.version).toBe(30);
  expect(stored.stores).toEqual(['config', 'decisions', 'events', 'meta', 'outbox', 'profile', 'shownDeliveries']);
  // The visitor was first seen before the upgrade, not at the first page after it.
  expect(stored.profile).toMatchObject({ anonymousId, firstSeen: earlier });
  // The event the old worker had not sent reaches the server beside the new page view.
  await expect
    .poll(async () => (await serverEvents(request, anonymousId)).map((event) => event.event ?? event.type).sort())
    .toEqual(['Stored Before The Upgrade', 'page']);
  await expect.poll(() => deviceRows(page, 'outbox')).toBe(0);
});
