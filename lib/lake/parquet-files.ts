import 'server-only';
// The lake's Parquet, written by the native DuckDB engine: stored events are
// staged in an in-memory table a page at a time, then each UTC day becomes one
// file (ZSTD, DuckDB's dictionary encoding, the columns of `lakeColumns`, rows
// in id order). Forgets and merges read files back and write new ones the same
// way. Every file is written under a temporary name and named by its content
// only once it is complete and on the disk.
import { appendFile, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { type LakeFile, lakeColumns } from '../contracts/lake';
import type { LakeEvent } from '../db/lake-events';
import { publish, sha256OfFile, temporaryName } from './durable-file';
import { describeLakeSql, lakeSelectList, lakeSource } from './lake-select';
import { dateFolder, lakeFilePath } from './layout';

const scalarList = 'STRUCT(key VARCHAR, text VARCHAR, num DOUBLE, bool BOOLEAN)[]';

/** The staging columns as read_json reads them: time arrives as epoch milliseconds. */
const stagedJsonColumns = {
  id: 'BIGINT',
  customer: 'VARCHAR',
  time: 'BIGINT',
  event: 'VARCHAR',
  amount: 'DOUBLE',
  order_id: 'VARCHAR',
  device: 'VARCHAR',
  browser: 'VARCHAR',
  locale: 'VARCHAR',
  timezone: 'VARCHAR',
  props: scalarList,
  traits: scalarList,
  country: 'VARCHAR',
  region: 'VARCHAR',
  city: 'VARCHAR',
} satisfies Record<(typeof lakeColumns)[number], string>;

const columnList = lakeColumns.join(', ');
const sqlText = (value: string) => `'${value.replaceAll("'", "''")}'`;
const scalarEntry = ([key, value]: [string, string | number | boolean]) => ({
  key,
  text: typeof value === 'string' ? value : null,
  num: typeof value === 'number' ? value : null,
  bool: typeof value === 'boolean' ? value : null,
});

/** One event as a line of the staging JSON, in the lake's columns. */
function stagedLine({ id, facts }: LakeEvent): string {
  return JSON.stringify({
    id,
    customer: facts.customer,
    time: facts.time,
    event: facts.name,
    amount: facts.amount,
    order_id: facts.orderId,
    device: facts.device,
    browser: facts.browser,
    locale: facts.locale,
    timezone: facts.timezone,
    props: facts.properties.map(scalarEntry),
    traits: facts.traits.map(scalarEntry),
    country: facts.country,
    region: facts.region,
    city: facts.city,
  });
}

export interface ParquetFilesOptions {
  /** DuckDB threads: one keeps a background compaction off the request thread's core. */
  threads?: number;
  memoryLimit?: string;
}

export class ParquetFiles {
  private constructor(
    private readonly lakeDir: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(lakeDir: string, options: ParquetFilesOptions = {}): Promise<ParquetFiles> {
    // Loaded when a run starts, so importing the lake's modules stays light.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', {
      threads: String(options.threads ?? 1),
      memory_limit: options.memoryLimit ?? '512MB',
    });
    const connection = await instance.connect();
    const columns = Object.entries(stagedJsonColumns)
      .map(([name, type]) => `${name} ${name === 'time' ? 'TIMESTAMP' : type}`)
      .join(', ');
    await connection.run(`create table staged (${columns})`);
    await mkdir(lakeDir, { recursive: true });
    return new ParquetFiles(lakeDir, instance, connection);
  }

  /** Adds a page of events to the staged table (through a temporary JSON file: DuckDB's fastest way in). */
  async stage(events: readonly LakeEvent[]): Promise<void> {
    if (events.length === 0) return;
    const file = temporaryName(this.lakeDir, 'staging');
    try {
      await appendFile(file, events.map(stagedLine).join('\n'));
      const columns = `{${Object.entries(stagedJsonColumns)
        .map(([name, type]) => `${name}: '${type}'`)
        .join(', ')}}`;
      const select = lakeColumns.map((name) => (name === 'time' ? 'epoch_ms(time) as time' : name)).join(', ');
      await this.connection.run(
        `insert into staged select ${select} from read_json(${sqlText(file)}, format = 'newline_delimited', columns = ${columns})`,
      );
    } finally {
      await rm(file, { force: true });
    }
  }

  /** One file per UTC day of the staged events, then an empty stage. */
  async writeStaged(): Promise<LakeFile[]> {
    const days = await this.connection.runAndReadAll(
      `select distinct strftime(time, '%Y-%m-%d') as date from staged order by date`,
    );
    const files: LakeFile[] = [];
    for (const [date] of days.getRowsJS() as [string][]) {
      files.push(await this.write(date, `select ${columnList} from staged where time::date = ${sqlText(date)}::date`));
    }
    await this.connection.run('delete from staged');
    return files;
  }

  /** The listed files that hold an event of any of these visitors. */
  async filesHolding(files: readonly LakeFile[], customers: readonly string[]): Promise<LakeFile[]> {
    if (files.length === 0 || customers.length === 0) return [];
    const byPath = new Map(files.map((file) => [path.join(this.lakeDir, file.path), file]));
    const result = await this.connection.runAndReadAll(
      `select distinct filename from read_parquet(${this.fileList(files)}, filename = true, union_by_name = true)
       where customer in (${customers.map(sqlText).join(', ')})`,
    );
    return (result.getRowsJS() as [string][]).flatMap(([name]) => byPath.get(name) ?? []);
  }

  /** The file without these visitors' events: a new file with the same id range, or undefined when nothing is left. */
  async without(file: LakeFile, customers: readonly string[]): Promise<LakeFile | undefined> {
    const query = `${await this.selectFrom([file])}
      where customer not in (${customers.map(sqlText).join(', ')})`;
    const rewritten = await this.write(file.date, query, { firstId: file.firstId, lastId: file.lastId });
    return rewritten.rows > 0 ? rewritten : this.discard(rewritten);
  }

  /** Files of one day as one file, covering all their id ranges. */
  async merge(files: readonly LakeFile[]): Promise<LakeFile> {
    const [first] = files;
    if (!first) throw new Error('Nothing to merge.');
    return this.write(first.date, await this.selectFrom(files), {
      firstId: Math.min(...files.map((file) => file.firstId)),
      lastId: Math.max(...files.map((file) => file.lastId)),
    });
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** Every lake column of these files, older files' missing ones as NULL (lib/lake/lake-select.ts). */
  private async selectFrom(files: readonly LakeFile[]): Promise<string> {
    const list = this.fileList(files);
    const described = await this.connection.runAndReadAll(describeLakeSql(list));
    const present = new Set((described.getRowsJS() as unknown[][]).map((row) => String(row[0])));
    return `select ${lakeSelectList(lakeColumns, present)} from ${lakeSource(list)}`;
  }

  private fileList(files: readonly LakeFile[]): string {
    return `[${files.map((file) => sqlText(path.join(this.lakeDir, file.path))).join(', ')}]`;
  }

  /** Writes `query`'s rows, in id order, as the day's next file; the range defaults to the rows' ids. */
  private async write(date: string, query: string, range?: { firstId: number; lastId: number }): Promise<LakeFile> {
    const folder = dateFolder(this.lakeDir, date);
    await mkdir(folder, { recursive: true });
    const temporary = temporaryName(folder, 'part');
    await this.connection.run(
      `copy (${query} order by id) to ${sqlText(temporary)} (format parquet, compression zstd, row_group_size 100000)`,
    );
    const stats = await this.connection.runAndReadAll(
      `select count(*)::double, coalesce(min(id), 0)::double, coalesce(max(id), 0)::double,
         coalesce(epoch_ms(min(time)), 0)::double, coalesce(epoch_ms(max(time)), 0)::double
       from read_parquet(${sqlText(temporary)})`,
    );
    const [rows = 0, minId = 0, maxId = 0, firstEventAt = 0, lastEventAt = 0] = (stats.getRowsJS()[0] ??
      []) as number[];
    const sha256 = await sha256OfFile(temporary);
    const firstId = range?.firstId ?? minId;
    const lastId = range?.lastId ?? maxId;
    const relative = lakeFilePath(date, firstId, lastId, sha256);
    await publish(temporary, path.join(this.lakeDir, relative));
    const { size } = await stat(path.join(this.lakeDir, relative));
    return { path: relative, date, sha256, bytes: size, rows, firstId, lastId, firstEventAt, lastEventAt };
  }

  private async discard(file: LakeFile): Promise<undefined> {
    await rm(path.join(this.lakeDir, file.path), { force: true });
    return undefined;
  }
}
