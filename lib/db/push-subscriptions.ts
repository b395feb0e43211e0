import 'server-only';
import { eq, inArray, sql } from 'drizzle-orm';
import type { PushSubscriptionJson } from '../contracts/push';
import { textArray } from './array-params';
import type { Database } from './client';
import { rowsOf } from './rows';
import { pushSubscriptions } from './schema';

export type PushSubscriptionRow = typeof pushSubscriptions.$inferSelect;

/** Stores a subscription; the same endpoint again takes the new keys and owner (a browser re-subscribed). */
export async function upsertSubscription(
  db: Database,
  input: { subscription: PushSubscriptionJson; anonymousId: string; userId?: string | null | undefined },
  now = new Date(),
): Promise<PushSubscriptionRow> {
  const { endpoint, keys, expirationTime } = input.subscription;
  const values = {
    p256dh: keys.p256dh,
    auth: keys.auth,
    anonymousId: input.anonymousId,
    userId: input.userId ?? null,
    expirationTime: typeof expirationTime === 'number' ? new Date(expirationTime) : null,
    updatedAt: now,
  };
  const [row] = await db
    .insert(pushSubscriptions)
    .values({ endpoint, ...values, createdAt: now })
    .onConflictDoUpdate({ target: pushSubscriptions.endpoint, set: values })
    .returning();
  if (!row) throw new Error('The subscription was not stored.');
  return row;
}

export async function deleteSubscriptionByEndpoint(db: Database, endpoint: string): Promise<boolean> {
  const deleted = await db
    .delete(pushSubscriptions)
    .where(eq(pushSubscriptions.endpoint, endpoint))
    .returning({ id: pushSubscriptions.id });
  return deleted.length > 0;
}

export async function deleteSubscriptions(db: Database, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, ids));
}

export function subscriptionsOf(db: Database, anonymousIds: string[]): Promise<PushSubscriptionRow[]> {
  if (anonymousIds.length === 0) return Promise.resolve([]);
  return db.select().from(pushSubscriptions).where(inArray(pushSubscriptions.anonymousId, anonymousIds));
}

/** Each subscription's id and visitor, for queueing (no endpoint or keys): the visitors' ids as one array parameter. */
export async function subscriptionTargetsOf(
  db: Database,
  anonymousIds: readonly string[],
): Promise<{ id: number; anonymousId: string }[]> {
  if (anonymousIds.length === 0) return [];
  const result = await db.execute(
    sql`select id, anonymous_id from ${pushSubscriptions} where anonymous_id = any(${textArray(anonymousIds)}::text[])`,
  );
  return rowsOf<{ id: number | string; anonymous_id: string }>(result).map((row) => ({
    id: Number(row.id),
    anonymousId: row.anonymous_id,
  }));
}
