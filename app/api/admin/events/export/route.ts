import { arrowStreamChunks } from '@/lib/analytics/arrow-stream';
import { exportEventTables, exportedEventCount } from '@/lib/db/events-export';
import { adminRoute } from '@/lib/http/admin-route';
import { badRequest, exportsBusy } from '@/lib/http/response';
import { slotsFromEnv } from '@/lib/http/work-slots';

// Exports streaming at once, per server process (KAIROS_EXPORT_CONCURRENCY).
const exportSlots = slotsFromEnv('KAIROS_EXPORT_CONCURRENCY', 2);

/** `afterId`: only events with a larger id (the lake's tail); absent means every event. */
function afterIdOf(request: Request): number | undefined {
  const raw = new URL(request.url).searchParams.get('afterId');
  if (raw === null) return 0;
  return /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

/**
 * Every stored event (or those after `?afterId=`) as one Arrow IPC stream, a batch per page, for the
 * console's analytics worker. X-Kairos-Rows lets the loader show progress.
 * The stream is pulled: the next page is read only once the client has taken
 * the last one (Next.js waits for the socket to drain), so a slow reader holds
 * one page in memory, not the whole export.
 */
export const GET = adminRoute(async ({ db, request }) => {
  const afterId = afterIdOf(request);
  if (afterId === undefined) return badRequest('afterId must be a non-negative whole number (an event id).');
  const release = exportSlots.take();
  if (!release) return exportsBusy(exportSlots.limit);
  let total: number;
  try {
    total = await exportedEventCount(db, afterId);
  } catch (error) {
    release();
    throw error;
  }
  const chunks = arrowStreamChunks(exportEventTables(db, undefined, undefined, afterId));
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
