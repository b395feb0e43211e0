// What the engine's parts share: one DuckDB connection holding the dataset
// tables, and the facts derived from the loaded rows (their summary, the RFM
// scores, the intent fit), kept until a load changes the rows. Calls take turns
// on the connection, each after the schema exists.
import type { DatasetSummary, EngineCalls, EngineMethod } from '../contracts/analytics';
import type { IntentModel } from '../contracts/device-config';
import type { RfmModel } from '../contracts/profile';
import { datasetCurrentSql, datasetDdl } from '../segments/dataset-schema';
import type { Table } from 'apache-arrow';
import type { CallArguments, CallOptions, EngineMethods } from './engine';
import { summarySql } from './event-ingest';
import { lakeLedgerDdl, ledgerCurrentSql } from './lake-ledger';
import { num } from './row-values';
import type { SqlRunner } from './sql-runner';

/** A part of the engine's calls over the session; the engine gives each call its options and its turn. */
export type SessionCalls<K extends EngineMethod> = {
  [M in K]: (params: CallArguments<M>[0], options: CallOptions) => Promise<EngineCalls[M]['result']>;
};

/** What the loaded rows imply, each computed on first use. */
export interface LoadFacts {
  summary: DatasetSummary | null;
  /** Per purchase event: whether its purchases carry order ids (then orders are counted, not rows). */
  hasOrderIds: Map<string, boolean>;
  /** The model rfm_scores holds, so segment counts reuse it. */
  rfm: { key: string; model: RfmModel } | null;
  /** The last intent fit: its model places customers in tiers (intent_scores holds their expected purchases). */
  intent: IntentModel | null;
}

const noFacts = (): LoadFacts => ({ summary: null, hasOrderIds: new Map(), rfm: null, intent: null });

/**
 * What the RFM and segment calls need of a connection: DuckDB-WASM's
 * SqlRunner (console, CLI) or the server's native DuckDB (lib/audience/).
 * Loading files and Arrow batches stays with SqlRunner.
 */
export interface QuerySql {
  /** Runs `work` after every earlier call has finished. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  table(sql: string, signal?: AbortSignal): Promise<Table>;
  exec(...statements: string[]): Promise<void>;
  rows(sql: string, signal?: AbortSignal): Promise<Record<string, unknown>[]>;
  scalar(sql: string): Promise<unknown>;
}

export class DatasetSession<Sql extends QuerySql = SqlRunner> {
  private readonly ready: Promise<void>;
  facts: LoadFacts = noFacts();

  /** `closeDatabase` drops (or closes) the database when the session closes. */
  constructor(
    readonly sql: Sql,
    private readonly closeDatabase: () => void | Promise<void>,
  ) {
    this.ready = this.createSchema();
  }

  /** A kept database already has its tables and rows: only a new one, or one an older console kept, gets the schema. */
  private async createSchema(): Promise<void> {
    if (!(await this.schemaCurrent())) await this.reset();
  }

  /** Whether the database has this version's tables (a kept one, or a console snapshot, may be older). */
  async schemaCurrent(): Promise<boolean> {
    return num(await this.sql.scalar(ledgerCurrentSql)) > 0 && num(await this.sql.scalar(datasetCurrentSql)) > 0;
  }

  /** Empty tables: every load that replaces the dataset starts here (a lake sync's ledger included). */
  async reset(): Promise<void> {
    await this.sql.exec(...datasetDdl, ...lakeLedgerDdl);
    this.forgetFacts();
  }

  /** The rows changed: what was derived from them no longer holds. */
  forgetFacts(): void {
    this.facts = noFacts();
  }

  async summary(): Promise<DatasetSummary> {
    if (this.facts.summary) return this.facts.summary;
    const [row] = await this.sql.rows(summarySql);
    const rows = num(row?.rows);
    const summary = {
      rows,
      customers: num(row?.customers),
      purchases: num(row?.purchases),
      revenue: num(row?.revenue),
      firstEventAt: rows > 0 ? num(row?.first_event_at) : null,
      lastEventAt: rows > 0 ? num(row?.last_event_at) : null,
    };
    this.facts.summary = summary;
    return summary;
  }

  /** Runs `work` after every earlier call, once the schema exists. */
  inTurn<T>(work: () => Promise<T>): Promise<T> {
    return this.sql.exclusive(async () => {
      await this.ready;
      return work();
    });
  }

  /** The calls as engine methods: each runs after every earlier call, with no options when given none. */
  methods<K extends EngineMethod>(calls: SessionCalls<K>): EngineMethods<K> {
    const inTurn =
      (call: SessionCalls<K>[K]) =>
      (params: CallArguments<K>[0], options: CallOptions = {}) =>
        this.inTurn(() => call(params, options));
    const methods = Object.entries<SessionCalls<K>[K]>(calls).map(([name, call]) => [name, inTurn(call)]);
    // Each method keeps its own call's types; rebuilding the object by name is what TypeScript cannot follow.
    return Object.fromEntries(methods) as EngineMethods<K>;
  }

  async close(): Promise<void> {
    // The schema statements run outside the queue: closing before they finish reset DuckDB under them.
    await this.sql.exclusive(async () => {
      await this.ready.catch(() => undefined);
      await this.closeDatabase();
    });
  }
}
