// A lake on disk for the console-snapshot benchmark, written by native DuckDB
// as the server writes it (one ZSTD Parquet file a UTC day, rows in id order,
// ids in time order, the lake's columns): the shape of console-sync-data.ts
// (a year, one customer per 20 events, 35% pages, 40% product views with a
// `sku`, 25% purchases), generated in SQL so 10M events fit in memory.
import { mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { lakeColumns, type LakeFile } from '@/lib/contracts/lake';
import { sha256OfFile } from '@/lib/lake/durable-file';
import { dateFolder, lakeFilePath } from '@/lib/lake/layout';
import { commitManifest, type StoredManifest } from '@/lib/lake/manifest-store';

const scalar = 'STRUCT(key VARCHAR, text VARCHAR, num DOUBLE, bool BOOLEAN)';

export async function writeBenchLake(lakeDir: string, events: number): Promise<StoredManifest> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '3GB' });
  const db = await instance.connect();
  const customers = Math.max(1, Math.floor(events / 20));
  await db.run('SELECT setseed(0.7)');
  await db.run(`CREATE TABLE raw AS SELECT
      TIMESTAMP '2025-01-01' + to_milliseconds(floor(random() * 365 * 86400000)::BIGINT) AS time,
      floor(random() * ${customers})::BIGINT AS c, random() AS r, random() AS a
    FROM range(${events})`);
  await db.run(`CREATE TABLE ev AS
    SELECT id, printf('c%08d', c) AS customer, time,
      CASE WHEN r < 0.35 THEN 'page' WHEN r < 0.75 THEN 'Product Viewed' ELSE 'Order Completed' END AS event,
      CASE WHEN r >= 0.75 THEN round(4000 * exp(a - 0.5)) / 100 END AS amount,
      CASE WHEN r >= 0.75 THEN 'o' || id END AS order_id,
      ['mobile', 'desktop', 'tablet'][(c % 3) + 1] AS device, 'Chrome' AS browser, 'en-GB' AS locale,
      'Europe/London' AS timezone,
      CASE WHEN r >= 0.35 AND r < 0.75
        THEN [{'key': 'sku', 'text': 'sku-' || (c % 500), 'num': NULL, 'bool': NULL}::${scalar}]
        ELSE []::${scalar}[] END AS props,
      []::${scalar}[] AS traits,
      'GB' AS country, 'England' AS region, 'London' AS city
    FROM (SELECT row_number() OVER (ORDER BY time) AS id, * FROM raw)`);
  await db.run('DROP TABLE raw');
  const days = (await db.runAndReadAll(`SELECT DISTINCT strftime(time, '%Y-%m-%d') AS d FROM ev ORDER BY d`))
    .getRowsJS()
    .map(([d]) => String(d));
  const files: LakeFile[] = [];
  for (const date of days) {
    const folder = dateFolder(lakeDir, date);
    await mkdir(folder, { recursive: true });
    const temporary = path.join(folder, '.part.tmp');
    await db.run(
      `COPY (SELECT ${lakeColumns.join(', ')} FROM ev WHERE time::date = '${date}'::date ORDER BY id)
        TO '${temporary}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)`,
    );
    const [row] = (
      await db.runAndReadAll(`SELECT count(*)::DOUBLE, min(id)::DOUBLE, max(id)::DOUBLE,
        epoch_ms(min(time))::DOUBLE, epoch_ms(max(time))::DOUBLE FROM ev WHERE time::date = '${date}'::date`)
    ).getRowsJS() as number[][];
    const [rows = 0, firstId = 0, lastId = 0, firstEventAt = 0, lastEventAt = 0] = row ?? [];
    const sha256 = await sha256OfFile(temporary);
    const relative = lakeFilePath(date, firstId, lastId, sha256);
    await rename(temporary, path.join(lakeDir, relative));
    const { size } = await stat(path.join(lakeDir, relative));
    files.push({ path: relative, date, sha256, bytes: size, rows, firstId, lastId, firstEventAt, lastEventAt });
  }
  db.closeSync();
  instance.closeSync();
  return commitManifest(lakeDir, { version: 1, watermark: events, files });
}
