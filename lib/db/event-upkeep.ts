import 'server-only';
import { sql } from 'drizzle-orm';
import { type DatabaseHandle, defaultDataDir } from './client';
import { ensureEventPartitions } from './event-partitions';
import { keepDaysFromEnv, pruneStoredEvents, type RetentionResult } from './event-retention';
import { lakeWatermark } from './lake-watermark';

const dayMs = 86_400_000;

/**
 * Retention as configured: KAIROS_EVENTS_KEEP_DAYS against the watermark of
 * the lake in `dataDir`. The server runs it daily (and `kairos prune-events`
 * on request); compaction does not, as its runs are frequent and each delete
 * is followed by a vacuum. Embedded storage is vacuumed after
 * a delete so the freed pages are reused by the next days' events.
 */
export async function pruneEventsAsConfigured(
  handle: DatabaseHandle,
  dataDir: string = defaultDataDir(),
): Promise<RetentionResult> {
  const result = await pruneStoredEvents(handle.db, {
    keepDays: keepDaysFromEnv(),
    watermark: await lakeWatermark(dataDir),
  });
  if (handle.kind === 'pglite' && result.eventsDeleted + result.messageIdsDeleted > 0) {
    await handle.db.execute(sql`vacuum events, event_message_ids`);
  }
  return result;
}

/** Partitions ahead and retention, now and then daily; returns the stop. */
export function startEventUpkeep(handle: DatabaseHandle, log: (line: string) => void = console.log): () => void {
  const run = async () => {
    await ensureEventPartitions(handle.db);
    const result = await pruneEventsAsConfigured(handle);
    if (result.partitionsDropped.length + result.eventsDeleted > 0) {
      log(
        `Kairos retention: ${result.partitionsDropped.length} partitions dropped, ` +
          `${result.eventsDeleted} events deleted (they are in the lake)`,
      );
    }
  };
  // A failed run (storage briefly down) is logged and tried again the next day.
  const guarded = () => run().catch((error: unknown) => log(`Kairos event upkeep failed: ${String(error)}`));
  const timer = setInterval(guarded, dayMs);
  timer.unref();
  void guarded();
  return () => clearInterval(timer);
}
