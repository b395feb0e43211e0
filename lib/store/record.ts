import type { KairosEvent } from '../contracts/event';
import type { DeviceDatabase } from './database';
import type { OutboxEntry, StoredEvent } from './entities';
import { applyEvent } from './profile';
import { defaultRetention, enforceRetention, evictOldest, type RetentionLimits } from './retention';

export interface RecordOptions {
  /** Queue the events for the collector too (consent given, or not required). */
  sync: boolean;
  limits?: RetentionLimits;
  now?: number;
}

export interface RecordResult {
  stored: number;
  /** Events of the history evicted to stay within limits or the storage quota. */
  evicted: number;
}

/** IndexedDB reports a full quota as QuotaExceededError (on the request, or on the transaction as it aborts). */
const isQuotaError = (error: unknown): boolean => {
  const { name, message } = (error ?? {}) as { name?: string; message?: string };
  return name === 'QuotaExceededError' || /QuotaExceeded/.test(message ?? '');
};

/**
 * Writes events, their outbox entries and the updated profile in one
 * transaction (all or nothing). Events already stored (same messageId) are
 * skipped. When the storage quota is full, the oldest history is evicted and
 * the write retried: a full disk costs old history, never the new event or a crash.
 */
export async function recordEvents(
  db: DeviceDatabase,
  events: readonly KairosEvent[],
  { sync, limits = defaultRetention, now = Date.now() }: RecordOptions,
): Promise<RecordResult> {
  let evicted = 0;
  let batch = events;
  for (let attempt = 0; attempt < maxQuotaAttempts && batch.length > 0; attempt++) {
    try {
      const stored = await writeOnce(db, batch, sync, now);
      evicted += await enforceRetention(db, limits, now);
      return { stored, evicted: evicted + events.length - batch.length };
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      // Freeing space writes too, and may itself hit the quota: then the next round frees more.
      evicted += await freeSpace(db, attempt).catch(() => 0);
      const empty = (await db.events.count().catch(() => 0)) + (await db.outbox.count().catch(() => 0)) === 0;
      // Nothing left to free and still too big: keep the newest half of what came in.
      if (attempt >= 3 && empty) batch = batch.slice(Math.ceil(batch.length / 2));
    }
  }
  // The disk stayed full: these events are lost, the visitor's page is not.
  return { stored: 0, evicted: evicted + events.length };
}

const maxQuotaAttempts = 24;

/** Frees a growing share of what is stored: history first (10%, 20%, 40%…), then the oldest unsent events. */
async function freeSpace(db: DeviceDatabase, attempt: number): Promise<number> {
  const share = Math.min(1, 0.1 * 2 ** attempt);
  const history = await db.events.count();
  if (history > 0) return evictOldest(db, Math.max(1, Math.ceil(history * share)));
  const unsent = await db.outbox.count();
  const keys = await db.outbox.findKeys('queuedAt', {}, Math.max(1, Math.ceil(unsent * share)));
  await db.outbox.deleteAll(keys);
  return 0;
}

async function writeOnce(db: DeviceDatabase, events: readonly KairosEvent[], sync: boolean, now: number) {
  return db.transaction('readwrite', ['events', 'outbox', 'profile'], async (tx) => {
    const known = new Set(
      (await tx.events.getMany(events.map((event) => event.messageId))).flatMap((found) =>
        found ? [found.messageId] : [],
      ),
    );
    const fresh: KairosEvent[] = [];
    for (const event of events) {
      if (known.has(event.messageId)) continue;
      known.add(event.messageId);
      fresh.push(event);
    }
    if (fresh.length === 0) return 0;
    await tx.events.addAll(fresh.map((event): StoredEvent => ({ ...event, storedAt: now })));
    if (sync) {
      await tx.outbox.putAll(
        fresh.map((event): OutboxEntry => ({
          messageId: event.messageId,
          event,
          queuedAt: now,
          attempts: 0,
          nextAttemptAt: now,
        })),
      );
    }
    let profile = await tx.profile.get('me');
    for (const event of fresh) profile = applyEvent(profile, event);
    if (profile) await tx.profile.put(profile);
    return fresh.length;
  });
}

/** Consent withdrawn: everything this device holds about the visitor goes. */
export async function forgetEverything(db: DeviceDatabase): Promise<void> {
  const stores = ['events', 'outbox', 'profile', 'meta', 'decisions', 'shownDeliveries'] as const;
  await db.transaction('readwrite', stores, async (tx) => {
    await Promise.all(stores.map((store) => tx[store].clear()));
  });
}

/** reset(): the profile and history go; the outbox stays, so what was tracked still reaches the server. */
export async function forgetHistory(db: DeviceDatabase): Promise<void> {
  await db.transaction('readwrite', ['events', 'profile'], async (tx) => {
    await Promise.all([tx.events.clear(), tx.profile.clear()]);
  });
}
