// The production server (`npm start`, the demo, the e2e server): Next.js's
// request handler behind our own node:http server.
//
// Why not `next start`: route handlers get a web Request with no socket, and
// `next start` sets X-Forwarded-For from the socket only when the client sent
// none, so a client picks the address every per-client limit is keyed on.
// Here each request's socket is read before Next sees it, and the client's
// address goes into x-kairos-client-address (any client-sent value of it is
// deleted first): the peer itself, or, from a proxy in KAIROS_TRUSTED_PROXIES,
// the right-most untrusted X-Forwarded-For hop (lib/http/client-address.ts).
// This is Next's documented custom-server API (`next()`, `getRequestHandler`);
// the options `next start` has and we used are kept: --port (or PORT),
// --hostname, --keepAliveTimeout.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import manifest from './app/manifest';
import { homeScreenManifestProblems } from './lib/contracts/home-screen-manifest';
import { stampClientAddress } from './lib/http/client-address';
import { undecodablePath, undecodablePathAnswer } from './lib/http/request-path';
import { geoLevel } from './lib/geo/geo-level';
import { parseTrustedProxies } from './lib/http/trusted-proxies';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p' },
    hostname: { type: 'string', short: 'H' },
    keepAliveTimeout: { type: 'string' },
  },
});
const port = Number(values.port ?? process.env.PORT ?? 3000);
const keepAliveTimeout = values.keepAliveTimeout === undefined ? undefined : Number(values.keepAliveTimeout);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`"${values.port ?? process.env.PORT}" is not a port.`);
if (keepAliveTimeout !== undefined && !(keepAliveTimeout >= 0)) fail('--keepAliveTimeout takes milliseconds.');

let trusted: ReturnType<typeof parseTrustedProxies>;
try {
  trusted = parseTrustedProxies(process.env.KAIROS_TRUSTED_PROXIES);
  geoLevel();
} catch (error) {
  fail((error as Error).message);
}

// As `next start` does: the production build, whatever the shell says.
Object.assign(process.env, { NODE_ENV: 'production' });
const { default: next } = await import('next');
const app = next({ dev: false, hostname: values.hostname, port });
await app.prepare();
const handle = app.getRequestHandler();
// iOS gives Web Push only to a site added to the Home Screen as a web app: say now what its manifest lacks.
for (const problem of homeScreenManifestProblems(manifest())) {
  console.warn(`Kairos: iPhone and iPad visitors cannot get Web Push: ${problem}`);
}
const upgrade = app.getUpgradeHandler();

const server = createServer((request, response) => {
  const badPath = undecodablePath(request.url);
  if (badPath) {
    const answer = undecodablePathAnswer(request.url, badPath);
    response.writeHead(400, { 'Content-Type': answer.type, 'X-Content-Type-Options': 'nosniff' }).end(answer.body);
    return;
  }
  stampClientAddress(request, trusted);
  handle(request, response).catch((error: unknown) => {
    console.error(`Failed to handle ${request.url}`, error);
    if (!response.headersSent) response.statusCode = 500;
    response.end();
  });
});
server.on('upgrade', (request, socket, head) => {
  stampClientAddress(request, trusted);
  upgrade(request, socket, head).catch(() => socket.destroy());
});
if (keepAliveTimeout !== undefined) server.keepAliveTimeout = keepAliveTimeout;
server.on('error', (error) => fail(`could not listen on port ${port}: ${error.message}`));
server.listen(port, values.hostname, () => {
  const proxies = trusted
    ? `trusting X-Forwarded-For from ${process.env.KAIROS_TRUSTED_PROXIES}`
    : 'no trusted proxies';
  console.log(`Kairos listening on http://${values.hostname ?? 'localhost'}:${port} (${proxies})`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)).closeAllConnections());
}

function fail(message: string): never {
  console.error(`Kairos did not start: ${message}`);
  process.exit(1);
}
