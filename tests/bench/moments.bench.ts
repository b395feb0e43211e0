// Micro-moment latency, in headless Chromium, two ways in the same run:
// - on the device: a search navigation on the storefront, detected by our
//   service worker (lib/moments) and shown at once;
// - the server way: the page posts the search to a server, which stores it
//   through the app's real collector, decides with the same lib/moments,
//   encrypts a Web Push (web-push's generateRequestDetails, VAPID) to
//   web-push-testing (a mock push service that checks the signature and
//   decrypts), and the push service's message is delivered into a service
//   worker with the DevTools protocol (ServiceWorker.deliverPushMessage), whose
//   push handler shows it.
// Both figures run from the search (the navigation's start; the page's clock
// just before it posts the search) to the notification's own timestamp (set by
// showNotification in the service worker), all on the browser's clock.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from '@playwright/test';
import webpush from 'web-push';
import { chromiumArgs, findChromium } from '@/lib/build/chromium';
import { createMomentRuleSchema, momentRuleSchema, type MomentRuleInput } from '@/lib/contracts/moment-rule';
import { compileRules, decide } from '@/lib/moments';
import { budgetTravelRule } from '../fixtures/moment-rules';
import { deviceRuleIds, waitForControl } from '../fixtures/moments';
import { startApp } from './collector.bench';
import type { BenchRow } from './report';

const require = createRequire(import.meta.url);
const moments = Number(process.env.KAIROS_BENCH_MOMENTS ?? 200);
const warmup = 10;
const adminPassword = 'bench-password-1';
/** Caps out of the way: the benchmark measures the path, not the policy. */
const benchRule = {
  ...budgetTravelRule,
  cooldownMinutes: 0,
  frequencyCap: { count: 100, periodHours: 1 },
} satisfies MomentRuleInput;

const queries = (n: number) => Array.from({ length: n }, (_, i) => `cheap hotels in mexico ${i}`);

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] ?? Number.NaN;
}
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
};

/**
 * The timestamp (ms, browser clock) of the notification for this query, waiting
 * for it. Each one replaces the previous (same tag): nothing is closed between
 * moments, as a close lands asynchronously and would take the next one with it.
 */
const notificationTime = (page: Page, query: string) =>
  page.evaluate(async (wanted) => {
    const registration = await navigator.serviceWorker.ready;
    for (;;) {
      const shown = (await registration.getNotifications()).find((n) => n.body.includes(`“${wanted}”`));
      if (shown) return (shown as Notification & { timestamp: number }).timestamp;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }, query);

async function onDevice(context: BrowserContext, appUrl: string): Promise<number[]> {
  const page = await context.newPage();
  await page.goto(`${appUrl}/`);
  await waitForControl(page);
  for (let i = 0; i < 200 && (await deviceRuleIds(page)).length === 0; i++) await page.waitForTimeout(100);
  const latencies: number[] = [];
  for (const [i, query] of queries(moments + warmup).entries()) {
    // Not measured: the daily cap across rules would stop the run at 50.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const open = indexedDB.open('kairos');
          open.onsuccess = () => {
            const clear = open.result.transaction('decisions', 'readwrite').objectStore('decisions').clear();
            clear.onsuccess = () => {
              open.result.close();
              resolve();
            };
          };
        }),
    );
    const target = `${appUrl}/search?q=${encodeURIComponent(query)}`;
    // The previous page is idle first: its hydration must not delay the next navigation's start.
    await page.waitForLoadState('load');
    await page.evaluate((url) => location.assign(url), target);
    await page.waitForURL(target, { waitUntil: 'commit' });
    // The search navigation's own start (Navigation Timing: the new document's time origin), on the browser's clock.
    const started = await page.evaluate(() => performance.timeOrigin);
    const shown = await notificationTime(page, query);
    if (i >= warmup) latencies.push(shown - started);
  }
  await page.close();
  return latencies;
}

const pushServiceWorker = `
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('push', (event) => {
  const message = event.data.json();
  event.waitUntil(self.registration.showNotification(message.title, { body: message.body, tag: message.tag, data: message.data }));
});`;

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

async function serverWay(context: BrowserContext, appUrl: string): Promise<number[]> {
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

  // The deciding server: the same rule, compiled by the same lib/moments.
  const rules = compileRules([
    momentRuleSchema.parse({ ...createMomentRuleSchema.parse(benchRule), id: 1, version: 1 }),
  ]);
  let deliver: (payload: string) => Promise<void> = async () => {};
  const server = createServer(async (request, response) => {
    if (request.url === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>server way</title>');
      return;
    }
    if (request.url === '/push-sw.js') {
      response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(pushServiceWorker);
      return;
    }
    if (request.method !== 'POST' || request.url !== '/collect') {
      response.writeHead(404).end();
      return;
    }
    const { query, anonymousId } = JSON.parse(await readBody(request)) as { query: string; anonymousId: string };
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
    // 2. The server decides.
    const result = decide({
      rules,
      moment: { kind: 'search', source: 'searchBox', text: query },
      now: Date.now(),
      timeZone: 'UTC',
      // As on the device (whose log the benchmark clears), caps never decide here.
      log: [],
      inSegment: () => true,
    });
    if (stored.ok && result.fired) {
      const { message, rule } = result.fired;
      const payload = JSON.stringify({
        title: message.title,
        body: message.body,
        tag: `kairos-moment-${rule.id}`,
        data: { url: message.url, ruleId: rule.id },
      });
      // 3. Web Push, encrypted and signed, to the push service.
      const details = webpush.generateRequestDetails(subscription, payload, {
        vapidDetails: { subject: 'mailto:bench@kairos.test', publicKey: vapid.publicKey, privateKey: vapid.privateKey },
        TTL: 60,
      });
      const pushed = await fetch(details.endpoint, {
        method: details.method,
        headers: details.headers as Record<string, string>,
        body: new Uint8Array(details.body as Buffer),
      });
      if (pushed.status !== 201) throw new Error(`the push service answered ${pushed.status}`);
      // 4. The push service hands the (decrypted) message to the browser.
      const inbox = await fetch(`http://localhost:${pushPort}/get-notifications`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ clientHash: subscription.clientHash }),
      });
      const { data } = (await inbox.json()) as { data: { messages: string[] } };
      await deliver(data.messages.at(-1) ?? '');
    }
    response.writeHead(202, { 'Access-Control-Allow-Origin': '*' }).end();
  });
  const port = await listen(server);
  const origin = `http://localhost:${port}`;
  await context.grantPermissions(['notifications'], { origin });

  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const registrations = new Map<string, string>();
  cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
    for (const registration of updated) registrations.set(registration.scopeURL, registration.registrationId);
  });
  await cdp.send('ServiceWorker.enable');
  await page.goto(`${origin}/`);
  await page.evaluate(async () => {
    await navigator.serviceWorker.register('/push-sw.js');
    await navigator.serviceWorker.ready;
  });
  const registrationId = registrations.get(`${origin}/`);
  if (!registrationId) throw new Error('no service worker registration for the server way');
  deliver = async (data) => {
    await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data });
  };

  const latencies: number[] = [];
  try {
    for (const [i, query] of queries(moments + warmup).entries()) {
      const started = await page.evaluate((q) => {
        const at = Date.now();
        void fetch('/collect', { method: 'POST', body: JSON.stringify({ query: q, anonymousId: 'bench-visitor' }) });
        return at;
      }, query);
      const shown = await notificationTime(page, query);
      if (i >= warmup) latencies.push(shown - started);
    }
  } finally {
    await page.close();
    server.close();
    pushService._server?.close();
  }
  return latencies;
}

export async function momentsBench(): Promise<BenchRow[]> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('Build the app first: npm run build');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-bench-'));
  const { url: appUrlLoopback, server } = await startApp({
    KAIROS_DATA_DIR: dataDir,
    DATABASE_URL: '',
    KAIROS_ADMIN_PASSWORD: adminPassword,
  });
  // Never leave the app running, even when this process is ended from outside.
  const stopApp = () => server.kill('SIGTERM');
  process.once('exit', stopApp);
  // localhost is a secure context for service workers and notifications.
  const appUrl = appUrlLoopback.replace('127.0.0.1', 'localhost');
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  try {
    const login = await fetch(`${appUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ password: adminPassword }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const created = await fetch(`${appUrl}/api/admin/moments`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify(benchRule),
    });
    if (created.status !== 201) throw new Error(`rule not created: ${created.status} ${await created.text()}`);
    const context = await browser.newContext();
    await context.grantPermissions(['notifications'], { origin: appUrl });
    const progress = (way: string) => console.log(`  measuring ${way} (${moments} moments after ${warmup} warm-up)…`);
    progress('on the device');
    const device = summary(await onDevice(context, appUrl));
    progress('the server way');
    const serverSide = summary(await serverWay(context, appUrl));
    const label = `${moments} moments, search to notification shown`;
    console.log(
      `  on-device is ${(serverSide.p95 / device.p95).toFixed(1)}× faster at p95 (target: ≥ 10×, p95 < 50 ms)`,
    );
    return (['p50', 'p95'] as const).map((p) => ({
      name: `${label}, ${p}`,
      unit: 'ms',
      ours: { label: 'on the device (service worker, lib/moments)', value: device[p] },
      peer: {
        label: 'server way (collector, lib/moments, Web Push via web-push-testing, CDP delivery)',
        value: serverSide[p],
      },
    }));
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
