// The server way of the moments benchmark: the search page posts the search to
// a server, which stores it through the app's real collector, decides with the
// same lib/moments, encrypts a Web Push to web-push-testing, and the message is
// delivered with the DevTools protocol into the real Kairos service worker.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser } from '@playwright/test';
import webpush from 'web-push';
import { createMomentRuleSchema, momentRuleSchema } from '@/lib/contracts/moment-rule';
import { compileRules, decide } from '@/lib/moments';
import { benchRule, notificationTime, queries, type Sample, searchNavigation, warmup } from './moments-common';

const require = createRequire(import.meta.url);
/** A pushed message not shown after this long was lost on its way into the worker: it is delivered once more. */
export const lostPushMs = 5_000;
const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => resolve(body));
  });

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

/** The search page of the server way: it posts the search the moment it runs (what a tracker would send). */
const searchPage = `<!doctype html><title>search</title><script>
fetch('/collect', { method: 'POST', keepalive: true,
  body: JSON.stringify({ query: new URLSearchParams(location.search).get('q'), anonymousId: 'bench-visitor' }) });
</script>`;

export interface ServerWay {
  origin: string;
  /** Server-side times (epoch ms) per query: received, decided, accepted by the push service, delivered. */
  marks: Map<string, Record<string, number>>;
  setDeliver(deliver: (payload: string) => Promise<void>): void;
  /** Delivers a query's message into the worker again; false if it was never delivered. */
  redeliver(query: string): Promise<boolean>;
  /** Messages delivered a second time (see lostPushMs). */
  redelivered: number;
  close(): void;
}

export async function startServerWay(appUrl: string): Promise<ServerWay> {
  // The push service: web-push-testing, in this process, on loopback.
  const { PushApiModel } = require('web-push-testing/src/PushApiModel.js') as { PushApiModel: new () => unknown };
  const PushTestingServer = require('web-push-testing/src/server.js') as new (
    model: unknown,
    port: number,
  ) => { startServer(): void; _server?: Server };
  const probe = createServer();
  const pushPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  const pushService = new PushTestingServer(new PushApiModel(), pushPort);
  const log = console.log;
  console.log = () => {}; // its "Server running" line
  pushService.startServer();
  await new Promise((resolve) => setTimeout(resolve, 200));
  console.log = log;
  const vapid = webpush.generateVAPIDKeys();
  const subscribed = await fetch(`http://localhost:${pushPort}/subscribe`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    // web-push-testing takes the flag as text.
    body: JSON.stringify({ userVisibleOnly: 'true', applicationServerKey: vapid.publicKey }),
  });
  if (!subscribed.ok) throw new Error(`web-push-testing refused the subscription: ${await subscribed.text()}`);
  const { data: subscription } = (await subscribed.json()) as {
    data: { endpoint: string; keys: { p256dh: string; auth: string }; clientHash: string };
  };
  // The site's service worker is Kairos's own library, fetched from the app as a site would import it.
  const kairosWorker = await (await fetch(`${appUrl}/kairos-sw.js`)).text();

  // The deciding server: the same rule, compiled by the same lib/moments.
  const rules = compileRules([
    momentRuleSchema.parse({ ...createMomentRuleSchema.parse(benchRule), id: 1, version: 1 }),
  ]);
  const marks = new Map<string, Record<string, number>>();
  let deliver: (payload: string) => Promise<void> = async () => {};
  const delivered = new Map<string, string>();
  const server = createServer((request, response) =>
    handle(request, response).catch((error: unknown) => {
      console.error(`  the server way failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) response.writeHead(500).end();
    }),
  );
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const send = (type: string, body: string) => void response.writeHead(200, { 'Content-Type': type }).end(body);
    if (url.pathname === '/') return send('text/html', '<!doctype html><title>server way</title>');
    if (url.pathname === '/search') return send('text/html', searchPage);
    if (url.pathname === '/push-sw.js') return send('text/javascript', "importScripts('/kairos-sw.js');");
    if (url.pathname === '/kairos-sw.js') return send('text/javascript', kairosWorker);
    if (request.method !== 'POST' || url.pathname !== '/collect') return void response.writeHead(404).end();
    const received = Date.now();
    const { query, anonymousId } = JSON.parse(await readBody(request)) as { query: string; anonymousId: string };
    // Filled in step by step: a moment that times out says how far it got.
    const mark: Record<string, number> = { received };
    marks.set(query, mark);
    const timestamp = new Date().toISOString();
    // 1. The event reaches the collector (the app's, stored in its database).
    const stored = await fetch(`${appUrl}/api/collect`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: JSON.stringify({
        sentAt: timestamp,
        batch: [
          {
            messageId: randomUUID(),
            type: 'track',
            event: 'Products Searched',
            properties: { query },
            traits: {},
            anonymousId,
            timestamp,
            context: {},
          },
        ],
      }),
    });
    mark.collected = Date.now();
    // 2. The server decides.
    const result = decide({
      rules,
      moment: { kind: 'search', source: 'searchBox', text: query },
      now: Date.now(),
      timeZone: 'UTC',
      // As on the device (a fresh visitor each round, caps set high), caps never decide here.
      log: [],
      inSegment: () => true,
    });
    if (stored.ok && result.fired) {
      const { message, rule } = result.fired;
      // Kairos's push payload (lib/contracts/push.ts, a declarative push message), as the app's own sender builds it.
      const payload = JSON.stringify({
        web_push: 8030,
        notification: {
          title: message.title,
          body: message.body,
          navigate: message.url,
          tag: `kairos-moment-${rule.id}`,
          data: { kairos: 1 },
        },
        mutable: true,
      });
      // 3. Web Push, encrypted and signed, to the push service.
      const details = webpush.generateRequestDetails(subscription, payload, {
        vapidDetails: { subject: 'mailto:bench@kairos.test', publicKey: vapid.publicKey, privateKey: vapid.privateKey },
        TTL: 60,
      });
      mark.decided = Date.now();
      const pushed = await fetch(details.endpoint, {
        method: details.method,
        headers: details.headers as Record<string, string>,
        body: new Uint8Array(details.body as Buffer),
      });
      if (pushed.status !== 201) throw new Error(`the push service answered ${pushed.status}`);
      mark.accepted = Date.now();
      // 4. The push service hands the (decrypted) message to the browser.
      const inbox = await fetch(`http://localhost:${pushPort}/get-notifications`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ clientHash: subscription.clientHash }),
      });
      const { data } = (await inbox.json()) as { data: { messages: string[] } };
      mark.fetched = Date.now();
      const latest = data.messages.at(-1) ?? '';
      delivered.set(query, latest);
      await deliver(latest);
      mark.delivered = Date.now();
    }
    response.writeHead(202).end();
  }
  const port = await listen(server);
  const way: ServerWay = {
    origin: `http://localhost:${port}`,
    marks,
    setDeliver: (next) => (deliver = next),
    async redeliver(query) {
      const pushed = delivered.get(query);
      if (pushed === undefined) return false;
      way.redelivered++;
      await deliver(pushed);
      return true;
    },
    redelivered: 0,
    close() {
      server.close();
      pushService._server?.close();
    },
  };
  return way;
}

export async function serverWay(browser: Browser, way: ServerWay, round: number): Promise<Sample[]> {
  const { origin } = way;
  const context = await browser.newContext();
  await context.grantPermissions(['notifications'], { origin });
  // The DevTools session lives on a page that stays put: the measured page navigates for every search.
  const control = await context.newPage();
  const cdp = await context.newCDPSession(control);
  const registrations = new Map<string, string>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
    for (const registration of updated) registrations.set(registration.scopeURL, registration.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  await control.goto(`${origin}/`);
  await control.evaluate(async () => {
    await navigator.serviceWorker.register('/push-sw.js');
    await navigator.serviceWorker.ready;
  });
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  const registrationId = registrations.get(`${origin}/`);
  if (!registrationId) throw new Error('the server way: no service worker registration');
  way.setDeliver(async (data) => {
    await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data });
  });
  const samples: Sample[] = [];
  try {
    for (const [i, query] of queries(round, 'server').entries()) {
      const { started } = await searchNavigation(page, `${origin}/search?q=${encodeURIComponent(query)}`);
      const where = `the server way, round ${round + 1}, moment ${i + 1}`;
      const explain = (error: unknown) => {
        const reached = Object.keys(way.marks.get(query) ?? {});
        throw new Error(`${(error as Error).message} (the server got to: ${reached.join(', ') || 'nothing'})`);
      };
      // CDP's deliverPushMessage answers before the push event runs and reports no failure: a message it
      // lost (seen about once in 600) shows nothing. It is delivered once more, counted and printed; the
      // moment keeps the time it took, lost seconds included.
      const shown = await notificationTime(page, query, where, lostPushMs).catch(async (error: unknown) =>
        (await way.redeliver(query)) ? notificationTime(page, query, where).catch(explain) : explain(error),
      );
      if (i < warmup) continue;
      const marks = way.marks.get(query) ?? {};
      const steps: Record<string, number> = {};
      const label: Record<string, string> = {
        received: 'search received by the server',
        collected: 'stored by the app collector',
        decided: 'decided, push encrypted and signed',
        accepted: 'accepted by the push service (201)',
        fetched: 'message fetched from the push service',
        delivered: 'delivered into the worker (CDP)',
      };
      for (const [key, at] of Object.entries(marks)) steps[label[key] ?? key] = at - started;
      steps['notification timestamp'] = shown - started;
      samples.push({ total: shown - started, steps });
    }
  } finally {
    await context.close();
  }
  return samples;
}
