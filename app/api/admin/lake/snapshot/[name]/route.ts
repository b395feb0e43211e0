import { lakeRoutes } from '@/lib/contracts/lake';
import { adminRoute } from '@/lib/http/admin-route';
import { lakeSnapshotResponse } from '@/lib/lake/file-response';
import { serverLake } from '@/lib/lake/runtime';

/** The console snapshot the manifest names, immutable under its name (the name holds its sha256). */
export const GET = adminRoute(async ({ request }) => {
  const pathname = new URL(request.url).pathname;
  const prefix = `${lakeRoutes.snapshot}/`;
  const name = pathname.startsWith(prefix) ? pathname.slice(prefix.length) : '';
  return lakeSnapshotResponse(serverLake().lakeDir, name, request.headers.get('if-none-match'));
});
