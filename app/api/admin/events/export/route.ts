import { arrowStreamChunks } from '@/lib/analytics/arrow-stream';
import { exportEventTables, exportedEventCount } from '@/lib/db/events-export';
import { adminRoute } from '@/lib/http/admin-route';

/**
 * Every stored event as one Arrow IPC stream, a batch per page, for the
 * console's analytics worker. X-Kairos-Rows lets the loader show progress.
 */
export const GET = adminRoute(async ({ db }) => {
  const total = await exportedEventCount(db);
  const chunks = arrowStreamChunks(exportEventTables(db));
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
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
