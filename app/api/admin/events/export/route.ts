import { arrowStreamChunks } from '@/lib/analytics/arrow-stream';
import { copyEventTables } from '@/lib/db/events-copy-export';
import { exportEventTables, exportedEventCount } from '@/lib/db/events-export';
import { adminRoute } from '@/lib/http/admin-route';
import { exportsBusy } from '@/lib/http/response';
import { slotsFromEnv } from '@/lib/http/work-slots';

// Exports streaming at once, per server process (KAIROS_EXPORT_CONCURRENCY).
const exportSlots = slotsFromEnv('KAIROS_EXPORT_CONCURRENCY', 2);

/**
 * Every stored event as one Arrow IPC stream, a batch per page, for the
 * console's analytics worker. X-Kairos-Rows lets the loader show progress.
 * The stream is pulled: the next page is read only once the client has taken
 * the last one (Next.js waits for the socket to drain), so a slow reader holds
 * one page in memory, not the whole export.
 */
export const GET = adminRoute(async ({ db, storage }) => {
  const release = exportSlots.take();
  if (!release) return exportsBusy(exportSlots.limit);
  let total: number;
  try {
    total = await exportedEventCount(db);
  } catch (error) {
    release();
    throw error;
  }
  // PostgreSQL streams one COPY; embedded PGlite reads keyset pages.
  const chunks = arrowStreamChunks(storage === 'postgres' ? copyEventTables(db) : exportEventTables(db));
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) {
          release();
          controller.close();
        } else controller.enqueue(next.value);
      } catch (error) {
        release();
        throw error;
      }
    },
    async cancel() {
      // The client went away: the slot is free whether or not the reader stops cleanly.
      release();
      await chunks.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'application/vnd.apache.arrow.stream',
      'Cache-Control': 'no-store',
      'X-Kairos-Rows': String(total),
    },
  });
});
