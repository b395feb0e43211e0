import type { DeviceDatabase } from './database';

/** How much history a device keeps: the newest `maxEvents`, none older than `maxAgeDays`. */
export interface RetentionLimits {
  maxEvents: number;
  maxAgeDays: number;
  /** Unsent events kept while offline; the oldest go first past this. */
  maxOutbox: number;
}

export const defaultRetention: RetentionLimits = { maxEvents: 5_000, maxAgeDays: 90, maxOutbox: 10_000 };

/** Drops events past the age limit, then the oldest past the count limit. Returns how many went. */
export async function enforceRetention(db: DeviceDatabase, limits: RetentionLimits, now: number): Promise<number> {
  const cutoff = new Date(now - limits.maxAgeDays * 86_400_000).toISOString();
  let dropped = await db.events.deleteWhere('timestamp', { below: cutoff });
  const excess = (await db.events.count()) - limits.maxEvents;
  if (excess > 0) dropped += await evictOldest(db, excess);
  const outboxExcess = (await db.outbox.count()) - limits.maxOutbox;
  if (outboxExcess > 0) {
    await db.outbox.deleteAll(await db.outbox.findKeys('queuedAt', {}, outboxExcess));
  }
  return dropped;
}

/** Deletes the `count` oldest events of the history (not of the outbox). */
export async function evictOldest(db: DeviceDatabase, count: number): Promise<number> {
  const keys = await db.events.findKeys('timestamp', {}, count);
  await db.events.deleteAll(keys);
  return keys.length;
}
