import { readFile } from 'node:fs/promises';
import path from 'node:path';

// Built after `next build` by lib/build/service-worker.ts; read per request so a
// rebuilt worker is served at once and browsers see the update.
const builtServiceWorker = path.join(process.cwd(), '.next', 'kairos', 'sw.js');

export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  const headers = {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Cache-Control': 'no-cache, no-store, must-revalidate',
  };
  try {
    return new Response(await readFile(builtServiceWorker), { headers });
  } catch {
    return new Response('// The service worker is not built: run `npm run build`.\n', { status: 404, headers });
  }
}
