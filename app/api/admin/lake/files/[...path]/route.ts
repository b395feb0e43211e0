import { lakeRoutes } from '@/lib/contracts/lake';
import { adminRoute } from '@/lib/http/admin-route';
import { lakeFileResponse } from '@/lib/lake/file-response';
import { serverLake } from '@/lib/lake/runtime';

/** One file the manifest lists, immutable under its name (the name holds its sha256). */
export const GET = adminRoute(async ({ request }) => {
  const pathname = new URL(request.url).pathname;
  const prefix = `${lakeRoutes.files}/`;
  // Lake paths need no escaping: the raw path is compared as is (an escaped `..` stays unlisted).
  const relative = pathname.startsWith(prefix) ? pathname.slice(prefix.length) : '';
  return lakeFileResponse(serverLake().lakeDir, relative, request.headers.get('if-none-match'));
});
