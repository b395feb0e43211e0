import { serverDatabase } from '@/lib/db';
import { adminRoute } from '@/lib/http/admin-route';
import { json } from '@/lib/http/response';
import { lakeManifest } from '@/lib/lake/manifest-view';
import { serverLake } from '@/lib/lake/runtime';

/** The event lake's manifest and its tail, never cached: it changes with every compaction. */
export const GET = adminRoute(async () => {
  // The handle the session check opened (routes get its db; compaction needs which backend it is).
  const { lakeDir, settings } = serverLake();
  const manifest = await lakeManifest(await serverDatabase(), lakeDir, settings);
  return json(manifest, { headers: { 'Cache-Control': 'no-store' } });
});
