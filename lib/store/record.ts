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

const isQuotaError = (error: unknown): boolean => {
  const names = [(error as Error)?.name, (error as { inner?: Error })?.inner?.name];
  return names.includes('QuotaExceededError');
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
  for (let attempt = 0; ; attempt++) {
    try {
      const stored = await writeOnce(db, events, sync, now);
      evicted += await enforceRetention(db, limits, now);
      return { stored, evicted };
    } catch (error) {
      if (!isQuotaError(error) || attempt >= 6) throw error;
      // Free a growing share of the history each time: 10%, 20%, 40%… of what is left.
      const total = await db.events.count();
      const freed = await evictOldest(db, Math.max(events.length, Math.ceil(total * 0.1 * 2 ** attempt)));
      evicted += freed;
      if (freed === 0 && attempt >= 2) throw error;
    }
  }
}

async function writeOnce(db: DeviceDatabase, events: readonly KairosEvent[], sync: boolean, now: number) {
  return db.transaction('rw', db.events, db.outbox, db.profile, async () => {
    const known = new Set(
      (await db.events.bulkGet(events.map((event) => event.messageId))).flatMap((found) =>
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
    await db.events.bulkAdd(fresh.map((event): StoredEvent => ({ ...event, storedAt: now })));
    if (sync) {
      await db.outbox.bulkPut(
        fresh.map((event): OutboxEntry => ({
          messageId: event.messageId,
          event,
          queuedAt: now,
          attempts: 0,
          nextAttemptAt: now,
        })),
      );
    }
    let profile = await db.profile.get('me');
    for (const event of fresh) profile = applyEvent(profile, event);
    if (profile) await db.profile.put(profile);
    return fresh.length;
  });
}

/** Consent withdrawn: everything this device holds about the visitor goes. */
export async function forgetEverything(db: DeviceDatabase): Promise<void> {
  await db.transaction('rw', db.events, db.outbox, db.profile, db.meta, async () => {
    await Promise.all([db.events.clear(), db.outbox.clear(), db.profile.clear(), db.meta.clear()]);
  });
}
