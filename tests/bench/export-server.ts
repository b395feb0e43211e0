// The export benchmark's server, in a process of its own (a client in the same
// process would stall with it and hide the stall): one embedded PGlite holding
// the bulk events, serving the app's own route handlers (collect, health, the
// export with its admin session) and, as the peer, the export as it was. Prints
// { url, cookie } as one JSON line once it listens.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GET as exportRoute } from '@/app/api/admin/events/export/route';
import { POST as collectRoute } from '@/app/api/collect/route';
import { GET as healthRoute } from '@/app/api/health/route';
import type { Table } from 'apache-arrow';
import { arrowStreamChunks } from '@/lib/analytics/arrow-stream';
import { createSession, sessionCookieName } from '@/lib/auth/session';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@/lib/db';
import { exportEventTables } from '@/lib/db/events-export';
import { storeBulkEvents } from '../fixtures/bulk-events';
import { exportEventTablesWithoutTurns } from './export-old-path';

const noParams = { params: Promise.resolve({}) };

/** Arrow tables as a pulled stream's response, as the route answers. */
function pulledArrow(tables: AsyncIterable<Table>): Response {
  const chunks = arrowStreamChunks(tables);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'application/vnd.apache.arrow.stream' } });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** A web Response onto a Node response, waiting for the socket to drain as Next.js does. */
async function send(response: Response, to: ServerResponse): Promise<void> {
  to.writeHead(response.status, Object.fromEntries(response.headers));
  const reader = response.body?.getReader();
  for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) {
    if (!to.write(next.value)) await once(to, 'drain');
  }
  to.end();
}

async function serve(handle: DatabaseHandle): Promise<{ url: string; server: Server }> {
  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const headers = request.headers as Record<string, string>;
    const web = (init: RequestInit = {}) => new Request(url, { headers, ...init });
    let answer: Response;
    if (url.pathname === '/api/health') answer = await healthRoute(web(), noParams);
    else if (url.pathname === '/api/collect') {
      answer = await collectRoute(web({ method: 'POST', body: await readBody(request) }), noParams);
    } else if (url.pathname === '/api/admin/events/export') answer = await exportRoute(web(), noParams);
    // The old route's body: the export without turns. And the keyset export the route uses on PGlite,
    // served on PostgreSQL too as the peer of COPY there.
    else if (url.pathname === '/old/export') answer = pulledArrow(exportEventTablesWithoutTurns(handle.db));
    else if (url.pathname === '/keyset/export') answer = pulledArrow(exportEventTables(handle.db));
    else answer = new Response(null, { status: 404 });
    await send(answer, response);
  });
  // As the e2e server: an idle keep-alive socket outlives a stall, so a probe sent on it is not reset.
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const storedEvents = Number(process.argv[2]);
// A PostgreSQL URL as the second argument serves from that database instead of PGlite.
const databaseUrl = process.argv[3];
process.env.KAIROS_COLLECT_RATE_LIMIT = '1000000';
const handle = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir: 'memory://' });
(globalThis as typeof globalThis & { kairosDatabase?: Promise<DatabaseHandle> }).kairosDatabase =
  Promise.resolve(handle);
await migrateDatabase(handle);
await storeBulkEvents(handle.db, storedEvents);
const { url } = await serve(handle);
const cookie = `${sessionCookieName}=${(await createSession(handle.db)).cookieValue}`;
process.stdout.write(`${JSON.stringify({ url, cookie })}\n`);
