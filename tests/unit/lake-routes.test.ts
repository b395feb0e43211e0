// The lake's routes over a real database on both backends: the manifest (with
// its tail, compacting a large one first), the files (admin only, immutable,
// ETag and 304, nothing the manifest does not list) and the export's tail.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RecordBatchReader } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { GET as exportRoute } from '@/app/api/admin/events/export/route';
import { GET as filesRoute } from '@/app/api/admin/lake/files/[...path]/route';
import { GET as manifestRoute } from '@/app/api/admin/lake/manifest/route';
import { createSession, sessionCookieName } from '@/lib/auth/session';
import { type LakeManifest, lakeManifestSchema, lakeRoutes } from '@/lib/contracts/lake';
import { GET as snapshotRoute } from '@/app/api/admin/lake/snapshot/[name]/route';
import { refreshConsoleSnapshot } from '@/lib/lake/console-snapshot';
import { commitManifest, readManifest } from '@/lib/lake/manifest-store';
import { storeBulkEvents } from '../fixtures/bulk-events';
import { getWith, siteOrigin } from '../fixtures/route-calls';
import { serverStorage, storageBackends, warnWithoutPostgres } from '../fixtures/storage-backends';

warnWithoutPostgres('lake routes');

for (const backend of storageBackends) {
  // Skipped only for PostgreSQL when KAIROS_TEST_DATABASE_URL is unset (.ci/run starts a server).
  describe.skipIf(backend.skip)(`lake routes on ${backend.name}`, () => {
    let storage: Awaited<ReturnType<typeof serverStorage>>;
    let dataDir: string;
    let cookie: string;
    const previous = { dataDir: process.env.KAIROS_DATA_DIR, tail: process.env.KAIROS_LAKE_MANIFEST_TAIL };
    const get = (handler: typeof filesRoute, url: string, headers: Record<string, string> = {}) =>
      getWith(handler, url, {}, headers);
    const manifest = async () => {
      const response = await get(manifestRoute, lakeRoutes.manifest, { cookie });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      return lakeManifestSchema.parse(await response.json());
    };

    beforeAll(async () => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-lake-routes-'));
      process.env.KAIROS_DATA_DIR = dataDir;
      storage = await serverStorage(backend);
      await storeBulkEvents(storage.handle.db, 3_000, 50);
      cookie = `${sessionCookieName}=${(await createSession(storage.handle.db)).cookieValue}`;
    });
    afterAll(async () => {
      process.env.KAIROS_DATA_DIR = previous.dataDir;
      process.env.KAIROS_LAKE_MANIFEST_TAIL = previous.tail;
      await storage.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('the manifest lists the tail while it is small, and compacts a large one first', async () => {
      // Fault looked for: a tail counted from the wrong id, a large tail served uncompacted.
      process.env.KAIROS_LAKE_MANIFEST_TAIL = '5000';
      const small = await manifest();
      expect(small).toMatchObject({
        watermark: 0,
        files: [],
        tail: { rows: 3_000, url: `${lakeRoutes.tail}?afterId=0` },
      });
      process.env.KAIROS_LAKE_MANIFEST_TAIL = '1000';
      const compacted = await manifest();
      expect(compacted.watermark).toBe(3_000);
      expect(compacted.tail).toEqual({ rows: 0, url: `${lakeRoutes.tail}?afterId=3000` });
      expect(compacted.files.reduce((sum, file) => sum + file.rows, 0)).toBe(3_000);
      await storeBulkEvents(storage.handle.db, 10, 5);
      expect((await manifest()).tail.rows).toBe(10);
    });

    test('manifest and files need an admin session', async () => {
      // Fault looked for: the lake (every visitor's events) readable without logging in.
      expect((await get(manifestRoute, lakeRoutes.manifest)).status).toBe(401);
      const [file] = (await readManifest(path.join(dataDir, 'lake'))).files;
      expect((await get(filesRoute, `${lakeRoutes.files}/${file?.path}`)).status).toBe(401);
    });

    test('a listed file: its bytes, immutable, a strong ETag of its sha256, 304 when the client has it', async () => {
      // Fault looked for: a weak or missing validator, a cache lifetime the console cannot rely on.
      const listed: LakeManifest = await manifest();
      const [file] = listed.files;
      if (!file) throw new Error('no file listed');
      const response = await get(filesRoute, `${lakeRoutes.files}/${file.path}`, { cookie });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/vnd.apache.parquet');
      expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(response.headers.get('etag')).toBe(`"${file.sha256}"`);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.equals(readFileSync(path.join(dataDir, 'lake', file.path)))).toBe(true);
      expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
      const again = await get(filesRoute, `${lakeRoutes.files}/${file.path}`, {
        cookie,
        'if-none-match': `"${file.sha256}"`,
      });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(`"${file.sha256}"`);
      const other = await get(filesRoute, `${lakeRoutes.files}/${file.path}`, {
        cookie,
        'if-none-match': `"${'0'.repeat(64)}"`,
      });
      expect(other.status).toBe(200);
      await other.arrayBuffer();
    });

    test('refuses every path the manifest does not list: orphans, the manifest, traversal', async () => {
      // Fault injected: files on disk beside the lake's (an orphan of a crash, a secret one folder up).
      const lakeDir = path.join(dataDir, 'lake');
      const [file] = (await readManifest(lakeDir)).files;
      if (!file) throw new Error('no file listed');
      const orphan = `events/date=${file.date}/part-1-2-0badf00d.parquet`;
      writeFileSync(path.join(lakeDir, orphan), 'PAR1 orphan');
      writeFileSync(path.join(dataDir, 'secret.parquet'), 'PAR1 secret');
      const refused = [
        orphan,
        'manifest.json',
        '../secret.parquet',
        `events/date=${file.date}/../../../secret.parquet`,
        `events/date=${file.date}/%2e%2e/%2e%2e/%2e%2e/secret.parquet`,
        `${file.path}/`,
        `/${file.path}`,
        '',
      ];
      for (const refusedPath of refused) {
        const response = await filesRoute(
          new Request(`${siteOrigin}${lakeRoutes.files}/${refusedPath}`, { headers: { cookie } }),
          {
            params: Promise.resolve({}),
          },
        );
        expect(response.status, refusedPath).toBe(404);
        expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
      }
    });

    test('the console snapshot: named in the manifest while current, served like a file, admin only', async () => {
      // Fault looked for: a snapshot readable without logging in, one served after its files changed, a name
      // outside the record served.
      const lakeDir = path.join(dataDir, 'lake');
      const stored = await readManifest(lakeDir);
      const tomorrow = Math.max(...stored.files.map((file) => file.lastEventAt)) + 86_400_000;
      expect(await refreshConsoleSnapshot(lakeDir, stored, { now: tomorrow, build: true })).toBe('built');
      const named = (await manifest()).snapshot;
      expect(named).toMatchObject({ rows: 3_000, storageVersion: 'v1.4.0' });
      if (!named) throw new Error('no snapshot named');
      expect((await get(snapshotRoute, named.url)).status).toBe(401);
      const response = await get(snapshotRoute, named.url, { cookie });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(response.headers.get('etag')).toBe(`"${named.sha256}"`);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.length).toBe(named.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(named.sha256);
      expect((await get(snapshotRoute, named.url, { cookie, 'if-none-match': `"${named.sha256}"` })).status).toBe(304);
      for (const refused of [
        'snapshot.json',
        '../manifest.json',
        named.url.replace(/-[0-9a-f]{8}\.duckdb$/, '-00000000.duckdb'),
      ]) {
        const name = refused.startsWith('/') ? refused : `${lakeRoutes.snapshot}/${refused}`;
        expect((await get(snapshotRoute, name, { cookie })).status, refused).toBe(404);
      }
      // A closed day's file rewritten (a forget) makes it stale: no longer named, and the next run drops it.
      const [first, ...rest] = stored.files;
      if (!first) throw new Error('no file listed');
      const rewritten = await commitManifest(lakeDir, {
        ...stored,
        files: [{ ...first, sha256: 'e'.repeat(64) }, ...rest],
      });
      expect((await manifest()).snapshot).toBeUndefined();
      expect(await refreshConsoleSnapshot(lakeDir, rewritten, { now: tomorrow })).toBe('dropped');
      expect((await get(snapshotRoute, named.url, { cookie })).status).toBe(404);
      await commitManifest(lakeDir, stored);
    });

    test('the export streams the tail after afterId with the id column; a bad afterId is a 400', async () => {
      // Fault looked for: the tail overlapping the lake (ids at or below the watermark), ids missing from the stream.
      const response = await get(exportRoute, `${lakeRoutes.tail}?afterId=2995`, { cookie });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-kairos-rows')).toBe('15');
      const reader = await RecordBatchReader.from(response.body!);
      const ids: number[] = [];
      for await (const batch of reader) {
        expect(batch.schema.fields[0]?.name).toBe('id');
        for (const id of batch.getChild('id')!) ids.push(Number(id));
      }
      expect(ids).toEqual(Array.from({ length: 15 }, (_, i) => 2_996 + i));
      for (const bad of ['-1', 'x', '1.5', '1e3', '99999999999999999999']) {
        const refused = await get(exportRoute, `${lakeRoutes.tail}?afterId=${bad}`, { cookie });
        expect(refused.status, bad).toBe(400);
        expect(await refused.json()).toMatchObject({ error: { code: 'bad_request' } });
      }
    });
  });
}
