// The device store: a small layer over IndexedDB, in place of a library (Dexie
// was about 30 KB gzip of the service worker, docs/perf-service-worker.md).
// The on-disk schema is the one Dexie wrote (its version 3 is IndexedDB version
// 30, the same stores and indexes), so a device that stored data before keeps it.
import type {
  DeviceConfigEntry,
  DeviceProfile,
  MetaEntry,
  MomentDecisionEntry,
  OutboxEntry,
  ShownDelivery,
  StoredEvent,
} from './entities';

export const deviceDatabaseName = 'kairos';

/**
 * Each store's primary key path first, then its indexes (each on the field of
 * its name, not unique). Stores and indexes are only ever added: an upgrade
 * creates what an older device lacks and touches nothing it has.
 */
export const deviceSchema = {
  events: ['messageId', 'timestamp', 'storedAt'],
  outbox: ['messageId', 'queuedAt', 'nextAttemptAt'],
  profile: ['id'],
  meta: ['key'],
  // Micro-moments: the published config and the decision log (keys counted by IndexedDB).
  config: ['key'],
  decisions: ['id', 'at', 'ruleId'],
  // Campaign deliveries already shown, so a push delivered twice shows once.
  shownDeliveries: ['deliveryId', 'shownAt'],
} as const;

/** The store whose keys IndexedDB assigns (Dexie's `++id`). */
const autoIncremented: StoreName = 'decisions';

/** Dexie's version 3 (it opens IndexedDB at ten times its own version numbers). */
export const deviceSchemaVersion = 30;

/** What each store holds, and its key. */
interface Tables {
  events: [StoredEvent, string];
  outbox: [OutboxEntry, string];
  profile: [DeviceProfile, DeviceProfile['id']];
  meta: [MetaEntry, string];
  config: [DeviceConfigEntry, DeviceConfigEntry['key']];
  decisions: [MomentDecisionEntry, number];
  shownDeliveries: [ShownDelivery, number];
}

export type StoreName = keyof Tables;
type Row<N extends StoreName> = Tables[N][0];
type Key<N extends StoreName> = Tables[N][1];
type IndexName<N extends StoreName> = (typeof deviceSchema)[N] extends readonly [string, ...infer Indexes]
  ? Indexes[number] & string
  : never;

/** A one-sided range over an index: give one of the three (none: the whole index). */
export interface Bounds {
  above?: IDBValidKey;
  below?: IDBValidKey;
  atMost?: IDBValidKey;
}

/** One store's operations. On the database each call is its own transaction; inside `transaction()` they share it. */
export interface Store<N extends StoreName> {
  get(key: Key<N>): Promise<Row<N> | undefined>;
  /** Several rows by key, in the keys' order; undefined where there is none. */
  getMany(keys: readonly Key<N>[]): Promise<(Row<N> | undefined)[]>;
  /** Every row, in key order. */
  getAll(): Promise<Row<N>[]>;
  count(): Promise<number>;
  /** Rows within the bounds in the index's order (oldest first for a time), at most `limit`. */
  find(index: IndexName<N>, bounds?: Bounds, limit?: number): Promise<Row<N>[]>;
  /** The keys of those rows. */
  findKeys(index: IndexName<N>, bounds?: Bounds, limit?: number): Promise<Key<N>[]>;
  /** A new row: fails if its key is taken. */
  add(row: Row<N>): Promise<void>;
  addAll(rows: readonly Row<N>[]): Promise<void>;
  put(row: Row<N>): Promise<void>;
  putAll(rows: readonly Row<N>[]): Promise<void>;
  /** Sets these fields on the rows with these keys (on every row without keys); missing keys are skipped. */
  update(changes: Partial<Row<N>>, keys?: readonly Key<N>[]): Promise<void>;
  delete(key: Key<N>): Promise<void>;
  deleteAll(keys: readonly Key<N>[]): Promise<void>;
  /** Deletes the rows within the bounds of an index; says how many went. */
  deleteWhere(index: IndexName<N>, bounds: Bounds): Promise<number>;
  clear(): Promise<void>;
}

export type Stores<N extends StoreName = StoreName> = { [K in N]: Store<K> };

/**
 * A request's answer. Its failure reaches whoever awaits it, and is never an
 * unhandled rejection: when a transaction aborts, its requests that nobody
 * awaits any more (the rest of a batch after the one that failed) fail too.
 */
function result<T>(request: IDBRequest<T>): Promise<T> {
  const answer = new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  answer.catch(() => {});
  return answer;
}

const keyRange = ({ above, below, atMost }: Bounds = {}): IDBKeyRange | null =>
  above !== undefined
    ? IDBKeyRange.lowerBound(above, true)
    : below !== undefined
      ? IDBKeyRange.upperBound(below, true)
      : atMost !== undefined
        ? IDBKeyRange.upperBound(atMost)
        : null;

const done = (request: IDBRequest): Promise<void> => result(request).then(() => {});
const all = <T>(items: readonly T[], request: (item: T) => IDBRequest): Promise<void> =>
  Promise.all(items.map((item) => result(request(item)))).then(() => {});

type Use = <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => Promise<T>) => Promise<T>;

/**
 * The operations over one object store. `use` gives the store in a
 * transaction of the mode asked for. Every step awaits only IndexedDB's own
 * requests, so a transaction shared by several steps stays active between them.
 */
function storeOf<N extends StoreName>(use: Use): Store<N> {
  const read = <T>(work: (store: IDBObjectStore) => Promise<T>) => use('readonly', work);
  const write = <T>(work: (store: IDBObjectStore) => Promise<T>) => use('readwrite', work);
  return {
    get: (key) => read((store) => result(store.get(key))),
    getMany: (keys) => read((store) => Promise.all(keys.map((key) => result(store.get(key))))),
    getAll: () => read((store) => result(store.getAll())),
    count: () => read((store) => result(store.count())),
    find: (index, bounds, limit) => read((store) => result(store.index(index).getAll(keyRange(bounds), limit))),
    findKeys: (index, bounds, limit) =>
      read((store) => result(store.index(index).getAllKeys(keyRange(bounds), limit)) as Promise<Key<N>[]>),
    add: (row) => write((store) => done(store.add(row))),
    addAll: (rows) => write((store) => all(rows, (row) => store.add(row))),
    put: (row) => write((store) => done(store.put(row))),
    putAll: (rows) => write((store) => all(rows, (row) => store.put(row))),
    update: (changes, keys) =>
      write(async (store) => {
        const rows: unknown[] = keys
          ? await Promise.all(keys.map((key) => result(store.get(key))))
          : await result(store.getAll());
        await all(
          rows.filter((row) => row !== undefined),
          (row) => store.put({ ...(row as object), ...changes }),
        );
      }),
    delete: (key) => write((store) => done(store.delete(key))),
    deleteAll: (keys) => write((store) => all(keys, (key) => store.delete(key))),
    deleteWhere: (index, bounds) =>
      write(async (store) => {
        const keys = await result(store.index(index).getAllKeys(keyRange(bounds)));
        await all(keys, (key) => store.delete(key));
        return keys.length;
      }),
    clear: () => write((store) => done(store.clear())),
  };
}

/** Creates the stores and indexes the database lacks (a new device, or one stored by an older version). */
function upgrade(db: IDBDatabase, transaction: IDBTransaction): void {
  for (const [name, [keyPath, ...indexes]] of Object.entries(deviceSchema)) {
    const store = db.objectStoreNames.contains(name)
      ? transaction.objectStore(name)
      : db.createObjectStore(name, { keyPath, autoIncrement: name === autoIncremented });
    for (const index of indexes) if (!store.indexNames.contains(index)) store.createIndex(index, index);
  }
}

function openDatabase(name: string, version?: number): Promise<IDBDatabase> {
  const request = indexedDB.open(name, version);
  request.onupgradeneeded = () => upgrade(request.result, request.transaction!);
  return result(request);
}

const storeNames = Object.keys(deviceSchema) as StoreName[];

/**
 * The device store. Opened by the service worker, which is its only writer in
 * normal use (one writer across tabs: no races on the profile, no double sends).
 * Opened on first use; each store is a property (`db.events.count()`), one
 * transaction per call, and `transaction()` runs several steps in one.
 */
export class DeviceDatabase implements Stores {
  private connection: Promise<IDBDatabase> | undefined;
  declare events: Store<'events'>;
  declare outbox: Store<'outbox'>;
  declare profile: Store<'profile'>;
  declare meta: Store<'meta'>;
  declare config: Store<'config'>;
  declare decisions: Store<'decisions'>;
  declare shownDeliveries: Store<'shownDeliveries'>;

  constructor(readonly name = deviceDatabaseName) {
    for (const store of storeNames) {
      (this as Stores)[store] = storeOf((mode, work) =>
        this.run([store], mode, (transaction) => work(transaction.objectStore(store))),
      ) as never;
    }
  }

  /**
   * Runs `work` in one transaction over `stores`, all or nothing: it resolves
   * once the transaction committed, and a failure or a throw inside aborts it.
   * `work` must await nothing but the stores it is given (IndexedDB commits a
   * transaction as soon as it has no request left, so a fetch or a timer in
   * between would end it).
   */
  transaction<N extends StoreName, T>(
    mode: IDBTransactionMode,
    stores: readonly N[],
    work: (stores: Stores<N>) => Promise<T>,
  ): Promise<T> {
    return this.run(stores, mode, (transaction) => {
      const scoped = {} as Stores<N>;
      for (const store of stores) {
        const objectStore = transaction.objectStore(store);
        (scoped as Stores)[store] = storeOf((_mode, step) => step(objectStore)) as never;
      }
      return work(scoped);
    });
  }

  /**
   * Whether the store exists, in one round trip, without creating it: an open
   * with no version that finds no database aborts its upgrade (IndexedDB then
   * creates nothing). A store at this version is kept open for the calls that
   * follow; an older one is closed, and the next call upgrades it. Unlike a
   * look that creates and deletes, it never makes another connection step aside.
   */
  async exists(): Promise<boolean> {
    if (
      this.connection &&
      (await this.connection.then(
        () => true,
        () => false,
      ))
    )
      return true;
    const request = indexedDB.open(this.name);
    let absent = false;
    request.onupgradeneeded = () => {
      absent = true;
      request.transaction?.abort();
    };
    const db = await result(request).catch((error: unknown) => {
      if (absent) return null;
      throw error;
    });
    if (!db) return false;
    if (db.version === deviceSchemaVersion && !this.connection) this.connection = this.adopt(db);
    else db.close();
    return true;
  }

  /** Closes the connection (tests); the next call opens it again. */
  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    (await connection?.catch(() => undefined))?.close();
  }

  private async run<T>(
    stores: readonly StoreName[],
    mode: IDBTransactionMode,
    work: (transaction: IDBTransaction) => Promise<T>,
  ): Promise<T> {
    const db = await this.connect();
    // Relaxed durability: analytics events do not need an fsync per write.
    const transaction = db.transaction(stores as StoreName[], mode, { durability: 'relaxed' });
    const committed = new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onabort = () => reject(transaction.error ?? new DOMException('Transaction aborted', 'AbortError'));
    });
    committed.catch(() => {}); // awaited below; a rejection before that is not unhandled
    try {
      const answer = await work(transaction);
      // A read has nothing to commit: its answer is final once its requests succeeded, and waiting
      // for `complete` would cost one more round trip to the browser (a cold start's moment waits on it).
      if (mode !== 'readonly') await committed;
      return answer;
    } catch (error) {
      try {
        transaction.abort();
      } catch {
        // Already committed or aborted.
      }
      await committed.catch(() => {});
      throw error;
    }
  }

  private connect(): Promise<IDBDatabase> {
    return (this.connection ??= this.adopt(
      openDatabase(this.name, deviceSchemaVersion)
        // A newer build stored a higher version and this one came back: open what is there, as Dexie 4 did.
        .catch((error: unknown) =>
          (error as Error | null)?.name === 'VersionError' ? openDatabase(this.name) : Promise.reject(error),
        ),
    ));
  }

  /** `db` as this store's connection, forgotten when it closes or fails, so the next call opens again. */
  private adopt(db: IDBDatabase | Promise<IDBDatabase>): Promise<IDBDatabase> {
    const opening: Promise<IDBDatabase> = Promise.resolve(db).then((open) => {
      // Another connection upgrades or deletes the database: step aside, and open again on the next call.
      open.onversionchange = () => {
        open.close();
        forget();
      };
      open.onclose = forget; // the browser closed it (storage cleared)
      return open;
    });
    const forget = () => {
      if (this.connection === opening) this.connection = undefined;
    };
    opening.catch(forget);
    return opening;
  }
}
