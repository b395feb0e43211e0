// Lake files of two ages side by side: files written before the place was
// derived have no country, region and city columns. The compactor's merges
// and forgets, the server's audience engine and the console's column check
// read them as NULL places, next to newer files that have them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetSession } from '@/lib/analytics/dataset-session';
import { lakeLedgerDdl } from '@/lib/analytics/lake-ledger';
import { lakeColumnsProblem } from '@/lib/analytics/lake-manifest';
import { NativeSql } from '@/lib/audience/native-sql';
import { AudienceEngine } from '@/lib/audience/audience-engine';
import type { KairosEvent } from '@/lib/contracts/event';
import { lakeColumns, lakeGeoColumns, type LakeFile } from '@/lib/contracts/lake';
import type { SegmentTree } from '@/lib/contracts/segment';
import { ParquetFiles } from '@/lib/lake/parquet-files';
import { writeLakeFiles } from '../fixtures/lake-files';
import { trackEvent } from '../fixtures/track-event';

const asOf = Date.UTC(2026, 10, 30);
const columnsBeforeGeo = lakeColumns.filter((name) => !(lakeGeoColumns as readonly string[]).includes(name));

/** A view from a place, as the server stores it after ingest. */
const viewFrom = (anonymousId: string, at: number, geo?: { country: string; city?: string }): KairosEvent => {
  const event = trackEvent(anonymousId, 'Product Viewed', at);
  return geo ? { ...event, context: { geo } as KairosEvent['context'] } : event;
};

const inFrance: SegmentTree = { kind: 'geo', field: 'country', op: 'in', values: ['FR'] };
const notInFrance: SegmentTree = { kind: 'geo', field: 'country', op: 'notIn', values: ['FR'] };

describe('lake files from before the place columns', () => {
  let lakeDir: string;
  let older: LakeFile;
  let newer: LakeFile;
  beforeAll(() => {
    lakeDir = mkdtempSync(path.join(tmpdir(), 'kairos-lake-geo-'));
    // One day: the older file holds ids 1-2 (no place columns), the newer one ids 3-4.
    [older] = writeLakeFiles(
      lakeDir,
      [viewFrom('old-visitor', asOf - 3_600_000), viewFrom('moved', asOf - 3_500_000)],
      1,
      columnsBeforeGeo,
    ) as [LakeFile];
    [newer] = writeLakeFiles(
      lakeDir,
      [
        viewFrom('parisian', asOf - 3_000_000, { country: 'FR', city: 'Paris' }),
        viewFrom('moved', asOf - 2_000_000, { country: 'FR' }),
      ],
      3,
    ) as [LakeFile];
  });
  afterAll(() => rmSync(lakeDir, { recursive: true, force: true }));

  it('the console accepts a file without them, and still refuses one missing another column', () => {
    expect(lakeColumnsProblem(columnsBeforeGeo)).toBeNull();
    expect(lakeColumnsProblem(columnsBeforeGeo.filter((name) => name !== 'timezone'))).toBe(
      'it has no timezone column',
    );
  });

  it('the server’s audience engine loads both ages and places only the newer events', async () => {
    const engine = await AudienceEngine.open({ path: ':memory:', memoryLimit: '256MB', threads: 1 });
    try {
      // The older file alone: no place column anywhere (injected: a lake written before geo existed).
      await engine.refresh(lakeDir, [older]);
      expect(await engine.segmentMembers({ tree: inFrance, asOf })).toEqual([]);
      expect((await engine.segmentMembers({ tree: notInFrance, asOf })).sort()).toEqual(['moved', 'old-visitor']);
      await engine.refresh(lakeDir, [older, newer]);
      expect((await engine.segmentMembers({ tree: inFrance, asOf })).sort()).toEqual(['moved', 'parisian']);
      expect(await engine.segmentMembers({ tree: notInFrance, asOf })).toEqual(['old-visitor']);
    } finally {
      await engine.close();
    }
  });

  it('a merge of both ages keeps every row, the older ones with no place; a forget rewrites an older file', async () => {
    const files = await ParquetFiles.open(lakeDir);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      const merged = await files.merge([older, newer]);
      const read = await connection.runAndReadAll(
        `select customer, country, city from read_parquet('${path.join(lakeDir, merged.path)}') order by id`,
      );
      expect(read.getRowsJS()).toEqual([
        ['old-visitor', null, null],
        ['moved', null, null],
        ['parisian', 'FR', 'Paris'],
        ['moved', 'FR', null],
      ]);
      const rewritten = await files.without(older, ['old-visitor']);
      expect(rewritten?.rows).toBe(1);
      const names = await connection.runAndReadAll(
        `select name from parquet_schema('${path.join(lakeDir, rewritten!.path)}')`,
      );
      expect((names.getRowsJS() as string[][]).map(([name]) => name)).toEqual(
        expect.arrayContaining(['country', 'city']),
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
      files.close();
    }
  });

  it('a database an older console kept (injected: events without the place columns) starts again from empty', async () => {
    const file = path.join(lakeDir, 'kept.duckdb');
    const old = await NativeSql.open({ path: file, memoryLimit: '256MB', threads: 1 });
    await old.exec(
      ...lakeLedgerDdl,
      `INSERT INTO lake_state VALUES (4, NULL, '{}', NULL)`,
      `CREATE TABLE events (row_id BIGINT, customer VARCHAR, time TIMESTAMP, event VARCHAR, amount DOUBLE,
        order_id VARCHAR, device VARCHAR, browser VARCHAR, locale VARCHAR, timezone VARCHAR)`,
    );
    await old.close();
    const sql = await NativeSql.open({ path: file, memoryLimit: '256MB', threads: 1 });
    const session = new DatasetSession(sql, () => sql.close());
    try {
      const columns = await session.inTurn(() =>
        sql.rows(`SELECT column_name FROM duckdb_columns() WHERE table_name = 'events'`),
      );
      expect(columns.map((row) => row.column_name)).toEqual(expect.arrayContaining(['country', 'region', 'city']));
      // The ledger went with it: the next sync loads every file again, places included.
      expect(await sql.rows('SELECT * FROM lake_state')).toEqual([]);
    } finally {
      await session.close();
    }
  });
});
