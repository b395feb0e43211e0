import 'server-only';
// The throttle's count: deliveries claimed per minute window and scope, in
// one row each. Taking slots locks the row, so two sender processes on one
// PostgreSQL share the rate: together they never claim more than the limit
// in a window (lib/delivery-policy/throttle.ts, docs/delivery-policy.md#throttling).
import { lt, sql } from 'drizzle-orm';
import type { Database } from './client';
import { rowsOf } from './rows';
import { sendWindows } from './schema';

/** Takes up to `want` of the window's `limit` slots for the scope; returns how many it got. */
export async function takeSendSlots(
  db: Database,
  scope: string,
  windowStart: Date,
  want: number,
  limit: number,
): Promise<number> {
  if (want <= 0) return 0;
  const start = windowStart.toISOString();
  await db.insert(sendWindows).values({ scope, windowStart, claimed: 0 }).onConflictDoNothing();
  const result = await db.execute(sql`
    with held as (
      select claimed from ${sendWindows}
      where scope = ${scope} and window_start = ${start}::timestamptz
      for update
    )
    update ${sendWindows} w set claimed = least(${limit}, held.claimed + ${want})
    from held
    where w.scope = ${scope} and w.window_start = ${start}::timestamptz
    returning w.claimed - held.claimed as granted`);
  const [row] = rowsOf<{ granted: number | string }>(result);
  return Math.max(0, Number(row?.granted ?? 0));
}

/** Gives back slots taken but not used (the claimed rows were skipped or held). */
export async function returnSendSlots(db: Database, scope: string, windowStart: Date, count: number): Promise<void> {
  if (count <= 0) return;
  await db.execute(sql`
    update ${sendWindows} set claimed = greatest(0, claimed - ${count})
    where scope = ${scope} and window_start = ${windowStart.toISOString()}::timestamptz`);
}

/** The slots claimed in a window (tests, the console). */
export async function claimedInWindow(db: Database, scope: string, windowStart: Date): Promise<number> {
  const result = await db.execute(sql`
    select claimed from ${sendWindows} where scope = ${scope} and window_start = ${windowStart.toISOString()}::timestamptz`);
  return Number(rowsOf<{ claimed: number }>(result)[0]?.claimed ?? 0);
}

/** Windows older than `before` count for nothing any more. */
export async function dropSendWindows(db: Database, before: Date): Promise<void> {
  await db.delete(sendWindows).where(lt(sendWindows.windowStart, before));
}
