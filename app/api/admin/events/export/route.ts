import { arrowStreamChunks } from '@/lib/analytics/arrow-stream';
import { copyEventTables } from '@/lib/db/events-copy-export';
import { exportEventTables, exportedEventCount } from '@/lib/db/events-export';
import { adminRoute } from '@/lib/http/admin-route';
import { badRequest, exportsBusy } from '@/lib/http/response';
import { slotStream } from '@/lib/http/slot-stream';
import { slotsFromEnv } from '@/lib/http/work-slots';

// Exports streaming at once, per server process (KAIROS_EXPORT_CONCURRENCY).
const exportSlots = slotsFromEnv('KAIROS_EXPORT_CONCURRENCY', 2);
/** A reader that takes nothing for this long loses its slot (a paused tab, a HEAD request). */
const exportIdleMs = 30_000;

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
export const GET = adminRoute(async ({ db, request, storage }) => {
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
  // PostgreSQL streams one COPY; embedded PGlite reads keyset pages.
  const tables =
    storage === 'postgres' ? copyEventTables(db, afterId) : exportEventTables(db, undefined, undefined, afterId);
  const body = slotStream(arrowStreamChunks(tables), {
    release,
    signal: request.signal,
    idleMs: exportIdleMs,
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'application/vnd.apache.arrow.stream',
      'Cache-Control': 'no-store',
      'X-Kairos-Rows': String(total),
    },
  });
});

/** The export's headers (its row count) without a body, and without taking an export slot. */
export const HEAD = adminRoute(async ({ db }) => {
  return new Response(null, {
    headers: {
      'Content-Type': 'application/vnd.apache.arrow.stream',
      'Cache-Control': 'no-store',
      'X-Kairos-Rows': String(await exportedEventCount(db)),
    },
  });
});
